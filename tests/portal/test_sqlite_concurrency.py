"""On SQLite, an editor's publish never fails while the two task workers poll and work.

`make run` serves the site and runs ``db_worker --backend guide`` and ``--backend newsletter``
on the same file. A worker writes while the editor publishes (it claims a task, a guide build
records its progress, a send its deliveries); a publish that has read and then must write would
fail at once with "database is locked" if a worker held the write lock at that moment. The test
database (in memory) is copied to a file, both workers are started on it with the development
settings, as `make run` starts them, with a queue of tasks each, and the test client publishes
through the admin on the same file while they claim and finish them.
"""

import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.utils import ConnectionHandler
from django.tasks import task
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.test.utils.form_data import rich_text

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the lock contention is SQLite's own (one file)"
    ),
    pytest.mark.django_db(transaction=True),
]

PROJECT_DIR = Path(__file__).resolve().parents[2]
PUBLISHES = 12
QUEUED_TASKS = 5000  # more than both workers get through while the editor publishes


@task
def queued_work():
    """A task as short as can be: the worker's claim and its result are its writes."""


def fill_queues():
    DBTaskResult.objects.bulk_create(
        DBTaskResult(
            args_kwargs={"args": [], "kwargs": {}},
            task_path=f"{__name__}.queued_work",
            backend_name=backend,
            run_after=get_date_max(),
        )
        for backend in ("guide", "newsletter")
        for _ in range(QUEUED_TASKS)
    )


def finished_tasks():
    return DBTaskResult.objects.exclude(status="READY").count()


def copy_to_file(path):
    """The test database, committed, in a file the workers can open too."""
    connection.ensure_connection()
    with closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)


@contextmanager
def database_file(path):
    """This thread's queries go to the file ``path`` until the block ends."""
    in_memory = connections["default"]
    on_file = ConnectionHandler({"default": {**in_memory.settings_dict, "NAME": str(path)}})
    connections["default"] = on_file["default"]
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = in_memory


@contextmanager
def running_workers(path):
    """Both task workers of `make run`, started on the database file ``path``."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": f"sqlite:///{path}",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--backend", backend]
            + ["--no-reload", "--no-startup-delay"],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for backend in ("guide", "newsletter")
    ]
    try:
        for worker in workers:
            assert "Starting worker" in worker.stdout.readline()
            # Then one line per task: read on, or the worker would wait on a full pipe.
            threading.Thread(target=worker.stdout.read, daemon=True).start()
        yield workers
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=10)


def publish_form(number):
    return {
        "title": "Accueil",
        "slug": "accueil-test",
        "intro": rich_text(f"<p>Bienvenue, version {number}</p>"),
        "body-count": "0",
        "action-publish": "publish",
    }


def test_publishes_never_fail_while_both_workers_run(editor_client, home_page, tmp_path):
    path = tmp_path / "db.sqlite3"
    fill_queues()
    copy_to_file(path)
    edit_url = f"/admin/pages/{home_page.pk}/edit/"

    with database_file(path), running_workers(path) as workers:
        statuses = [
            editor_client.post(edit_url, publish_form(n)).status_code for n in range(PUBLISHES)
        ]
        assert all(worker.poll() is None for worker in workers), "a worker stopped"
        intro = type(home_page).objects.get(pk=home_page.pk).intro
        finished = finished_tasks()

    assert statuses == [302] * PUBLISHES
    assert f"Bienvenue, version {PUBLISHES - 1}<" in intro
    assert 0 < finished < 2 * QUEUED_TASKS  # the workers were writing all along
