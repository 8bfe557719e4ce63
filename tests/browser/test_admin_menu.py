import pytest
from playwright.sync_api import expect
from wagtail.models import Site


@pytest.mark.django_db(transaction=True)
def test_explore(admin_page, live_server, home_page):
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    page = admin_page()
    page.goto(f"{live_server.url}/admin/")
    for name in ["Rapports", "Paramètres", "Lettre d'info"]:
        page.get_by_role("button", name=name).click()
        expect(page.locator(".sidebar-sub-menu-panel").filter(visible=True)).to_have_count(1)
        page.wait_for_timeout(600)
        page.screenshot(path=f"/tmp/dash/{name[:4]}.png")
        print(page.evaluate("""() => [...document.querySelectorAll('.sidebar-sub-menu-panel .menuitem-label')].filter(e => e.checkVisibility()).map(e => [e.textContent.trim(), e.scrollWidth, e.clientWidth])"""))
        page.keyboard.press("Escape")
