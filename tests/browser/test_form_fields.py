"""Form fields residents type in are big enough for a finger and for reading on a phone."""

import pytest
from wagtail.models import Site

from guide.models import VenueIndexPage

from .conftest import publish

pytestmark = pytest.mark.django_db(transaction=True)

FIELDS = "input:not([type=checkbox], [type=radio], [type=hidden], [type=submit]), select, textarea"


@pytest.mark.parametrize("path", ["/lettre/abonnement/", "/lieux/"])
def test_fields_are_44_px_tall_with_16_px_text_on_a_phone(page_at, live_server, home_page, path):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    publish(home_page, VenueIndexPage(title="Les lieux", slug="lieux"))
    page = page_at(360)
    page.goto(f"{live_server.url}{path}")
    sizes = page.locator(FIELDS).evaluate_all(
        """fields => fields.filter(f => f.checkVisibility()).map(f => [
            f.name, f.getBoundingClientRect().height, parseFloat(getComputedStyle(f).fontSize)])"""
    )
    assert sizes
    for name, height, font_size in sizes:
        assert height >= 44 and font_size >= 16, (name, height, font_size)
