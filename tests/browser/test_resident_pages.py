"""Every resident page type of the demo site, in French and in Arabic, on a small phone.

For each page: axe-core finds no violation (RGAA 4.1 / WCAG 2.1 AA rules), no request goes to
another host than the site (the map tile server aside), the first visit transfers at most
100 KB gzipped of HTML, CSS, JavaScript and fonts, nothing scrolls sideways at 320 px, and the
Content Security Policy blocks nothing the page needs.
"""

import gzip
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, Site

from guide.models import NeedPage, Territory
from portal.models import PortalSettings

from ..conftest import tree_root
from .conftest import ELSEWHERE

BUDGET_BYTES = 100 * 1024
# Budgeted resource types: what a first visit must download before the page is usable.
BUDGETED_TYPES = {"document", "stylesheet", "script", "font"}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGE_TYPES = [
    "portal.homepage",
    "portal.accessibilitystatementpage",
    "guide.venueindexpage",
    "guide.venuepage",
    "guide.needtreepage",
    "guide.themepage",
    "guide.needpage",
    "guide.guidedownloadspage",
    "actualites.newsindexpage",
    "actualites.newspage",
    "actualites.eventindexpage",
    "actualites.eventpage",
    "actualites.newsletterindexpage",
    "actualites.newsletterissuepage",
    "diagnostic.observatorypage",
]
OTHER_PATHS = ["/lettre/abonnement/", "/declarer/", "/declarer/suivi/", "/integrer/"]


def _first_page_paths(language):
    paths = []
    for model in PAGE_TYPES:
        app_label, model_name = model.split(".")
        page = (
            Page.objects.live()
            .filter(
                content_type__app_label=app_label,
                content_type__model=model_name,
                locale__language_code=language,
            )
            .order_by("path")
            .first()
        )
        assert page is not None, f"La démo n'a pas de page {model} en {language}."
        paths.append(urlsplit(page.full_url).path)
    prefix = "" if language == "fr" else f"/{language}"
    filtered = paths[PAGE_TYPES.index("guide.venueindexpage")] + "?ouvert=on&sans_rdv=on"
    need = NeedPage.objects.live().filter(locale__language_code=language).order_by("path")[0]
    territory = Territory.objects.filter(locale__language_code="fr")[0]
    widgets = [f"/integrer/besoin/{need.slug}/", f"/integrer/territoire/{territory.slug}/"]
    return paths + [filtered] + [prefix + path for path in OTHER_PATHS + widgets]


class PageAudit:
    """What one page load requested, and what it weighed once gzipped."""

    def __init__(self, page, allowed_hosts):
        self.allowed_hosts = allowed_hosts
        self.foreign_hosts = set()
        self.budgeted_bytes = 0
        self.policy_violations = []
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.policy_violations.append(message.text)

    def _on_request(self, request):
        host = urlsplit(request.url).hostname
        if host and host not in self.allowed_hosts:
            self.foreign_hosts.add(host)

    def _on_response(self, response):
        if response.request.resource_type not in BUDGETED_TYPES:
            return
        try:
            body = response.body()
        except Exception:  # a redirect has no body
            return
        compressible = response.request.resource_type != "font"
        self.budgeted_bytes += len(gzip.compress(body)) if compressible else len(body)


@pytest.fixture
def demo_site(live_server):
    tree_root()  # transactional tests before this one may have flushed the locale and root
    call_command("load_demo", verbosity=0)
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    return live_server


def _tile_host():
    """The one other host a page may ask: the map tile server, as configured."""
    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    tile_url = portal.map_tile_url or settings.MAP_TILE_URL
    return urlsplit(tile_url.replace("{s}", "a")).hostname


def _audit(browser, url, width=320):
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route(ELSEWHERE, lambda route: route.abort())  # no network in tests
    page = context.new_page()
    audit = PageAudit(page, {urlsplit(url).hostname, _tile_host()})
    response = page.goto(url)
    results = Axe().run(page, options=WCAG_AA)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    return response.status, results, audit, scroll_width


@pytest.mark.django_db(transaction=True)
def test_every_resident_page_type_is_accessible_light_and_first_party(browser, demo_site):
    """In French and in Arabic (right to left), on one load of the demo."""
    problems = []
    for path in _first_page_paths("fr") + _first_page_paths("ar"):
        status, results, audit, scroll_width = _audit(browser, demo_site.url + path)
        print(f"{audit.budgeted_bytes / 1024:6.1f} Ko  {path}")  # figures for `pytest -s`
        if status != 200:
            problems.append(f"{path}: HTTP {status}")
        if results.violations_count:
            problems.append(f"{path}: axe\n{results.generate_report()}")
        if audit.foreign_hosts:
            problems.append(f"{path}: requêtes vers {sorted(audit.foreign_hosts)}")
        if audit.budgeted_bytes > BUDGET_BYTES:
            problems.append(f"{path}: {audit.budgeted_bytes} octets (budget {BUDGET_BYTES})")
        if audit.policy_violations:
            problems.append(f"{path}: CSP {audit.policy_violations}")
        if scroll_width > 320:
            problems.append(f"{path}: défilement horizontal à 320 px ({scroll_width} px)")
    assert not problems, "\n".join(problems)
