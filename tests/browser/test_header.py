"""The header in the city's identity: its logo and colours, and a menu that folds on phones
and stays open on wide screens, without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Site

from guide.models import NeedTreePage, VenueIndexPage
from portal.models import PortalSettings

from .conftest import publish
from .test_resident_pages import WCAG_AA

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def branded_site(live_server, home_page):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    publish(home_page, VenueIndexPage(title="Les lieux", slug="lieux", show_in_menus=True))
    publish(
        home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi", show_in_menus=True)
    )
    identity = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    if Collection.get_first_root_node() is None:  # flushed by an earlier transactional test
        Collection.add_root(name="Root")
    identity.logo = get_image_model().objects.create(
        title="Logo", file=get_test_image_file(size=(300, 100), colour="white")
    )
    identity.logo_alt = "Ville de Metz"
    identity.primary_colour, identity.secondary_colour = "#6a1b4d", "#1a5e2a"
    identity.save()
    return live_server


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_menu_folds_on_phones_and_opens_with_its_button(browser, branded_site, javascript):
    context = browser.new_context(
        viewport={"width": 320, "height": 700}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(branded_site.url + "/")
    menu_link = page.get_by_role("link", name="Qui fait quoi ?")
    expect(menu_link).to_be_hidden()
    button = page.get_by_text("Menu", exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(menu_link).to_be_visible()
    expect(page.get_by_role("link", name="Ville de Metz Le numérique pour tous")).to_be_visible()
    if javascript:  # axe-core runs in the page
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()
    context.close()


def test_wide_screens_show_the_menu_open_in_the_citys_colours(browser, branded_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(branded_site.url + "/")
    expect(page.get_by_role("link", name="Les lieux", exact=True)).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    header = page.locator(".site-header")
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == (
        "rgb(106, 27, 77)"
    )
    assert header.evaluate("element => getComputedStyle(element).borderBottomColor") == (
        "rgb(26, 94, 42)"
    )
    expect(page.get_by_role("img", name="Ville de Metz")).to_be_visible()
    context.close()
