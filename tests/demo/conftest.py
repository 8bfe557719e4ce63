"""The demo, built once for every test that reads it.

``make test`` runs these tests on one worker (``--dist loadgroup``, group "demo"), which loads
the demo once, on the day below, and rolls it back after the last of them; each test runs in
its own savepoint, so what one changes is gone for the next.
"""

from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command

from guide.hours import PARIS

from ..conftest import built_once

LOAD_DAY = datetime(2027, 5, 3, 9, 0, tzinfo=PARIS)
# Marks of the modules that read the demo.
READS_THE_DEMO = [pytest.mark.usefixtures("demo"), pytest.mark.xdist_group("demo")]


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(LOAD_DAY, tick=False):
        with built_once(django_db_blocker, lambda: call_command("load_demo", verbosity=0)):
            yield
