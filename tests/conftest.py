"""Shared fixtures: a site with its home page, the venue index, the catalogue and venues."""

import itertools
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from wagtail.models import Collection, Locale, Page, Site

from guide.catalogue import ensure_catalogue
from guide.hours import PARIS
from guide.models import (
    Territory,
    VenueClosure,
    VenueEquipment,
    VenueIndexPage,
    VenuePage,
    VenueServiceLevel,
)
from portal.models import HomePage, PortalSettings

_slugs = itertools.count(1)

# Test modules whose behaviour depends on the database engine, run on SQLite and on PostgreSQL;
# every other test runs once, on SQLite (`make test`). A single test elsewhere can be marked
# ``@pytest.mark.engine`` itself.
ENGINE_DEPENDENT_MODULES = {
    "actualites/test_sending.py": "row locks, claims and the commit of each delivery",
    "actualites/test_subscriptions.py": "confirmation under a row lock",
    "actualites/test_wire.py": "what the send relies on in psycopg and PostgreSQL",
    "actualites/test_newsletter_prepare.py": "the next issue prepared under a row lock",
    "declarations/test_declarations_fuzz.py": "any text stored, NUL characters included",
    "declarations/test_moderation.py": "a venue created from a declaration under a row lock",
    "demo/test_demo_site.py": "the whole demo written and read again",
    "freshness/test_freshness.py": "date cutoffs computed in SQL, reminders under a row lock",
    "guide/test_fields.py": "lookups on multiple-choice fields stored as text",
    "guide/test_finder.py": "filters, full-text search and ordering by distance in SQL",
    "guide/test_guide_build_recovery.py": "the database task queue",
    "guide/test_tree.py": "the needs' rules as SQL conditions",
    "opendata/test_opendata_import.py": "pages inserted in bulk into the tree",
    "portal/test_dashboard.py": "date cutoffs and grouped counts computed in SQL",
    "portal/test_api.py": "filters, offsets and ids at the limits of each database",
    "portal/test_backup.py": "native dumps and restores",
    "portal/test_public_fuzz.py": "any value sent to the database by a public address",
    "portal/test_setup_site.py": "a city's whole page tree written, then venues imported in bulk",
    "security/test_admin_login.py": "failed logins counted in the database",
    "security/test_import_publish.py": "imported venues written in bulk, then validated",
    "security/test_private_pages.py": "page privacy as SQL conditions in every listing",
    "security/test_territory_moderator.py": "the moderator's territories as SQL conditions",
    "stats/test_statistics.py": "the counts' upsert",
}


def pytest_collection_modifyitems(items):
    tests_root = Path(__file__).parent
    for item in items:
        module = item.path.relative_to(tests_root).as_posix()
        if module in ENGINE_DEPENDENT_MODULES:
            item.add_marker(pytest.mark.engine)
    items.sort(key=lambda item: _start_order(item, tests_root))


# Modules of long tests (browsers, whole PDFs, the diagnosis), started early so that
# the two test processes finish together instead of one waiting for the other's last long test.
LONG_TEST_MODULES = (
    "browser/",
    "guide/test_guide_pdf",
    "guide/test_guide_press.py",
    "guide/test_orientation_sheet.py",
    "diagnostic/",
)


def _start_order(item, tests_root):
    """The tests of the demo first, one after the other: they share one load (``demo``), and the
    longest (the link crawler) starts early; then the long tests, then the others."""
    if "demo" in item.fixturenames:
        return 0
    return 1 if item.path.relative_to(tests_root).as_posix().startswith(LONG_TEST_MODULES) else 2


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The demo stays loaded from one of its tests to the next, and goes before any other test."""
    if "demo" in item.fixturenames:
        SHARED_DEMO.load()  # again, if another test came in between
    else:
        SHARED_DEMO.unload()


@pytest.fixture(scope="session", autouse=True)
def urls_loaded_in_french():
    """As a web process does at start (portal/wsgi.py): the admin's forms keep the language
    the URLs were loaded in, and a test in /en/ may otherwise come first."""
    from portal.startup import load_urls_in_site_language

    load_urls_in_site_language()


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French: a request in /ar/ leaves Arabic active in its thread."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: cached menus and choices hold database ids."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def no_reference_index(request):
    """Wagtail indexes the references of every object at each save (for the admin's "usage"
    counts, which no test reads): a third of the time of each page a test creates. The demo's
    tests still build the whole index (``load_demo`` rebuilds it), so every model is indexed
    once per run. Tests with committed transactions (a browser and the live server) keep it:
    they are the editors' journeys, as they run in production."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        yield
        return
    from wagtail import signal_handlers

    signal_handlers.disconnect_reference_index_signal_handlers()
    yield
    signal_handlers.connect_reference_index_signal_handlers()


def tree_root():
    """The page tree's root; transactional tests flush the one the migrations created, and the
    root collection that images and documents go to by default with it."""
    Locale.objects.get_or_create(language_code="fr")
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=Locale.get_default())
    )


@contextmanager
def built_once(django_db_blocker, build):
    """What ``build()`` returns, made once for a module's tests and rolled back after the last.

    Each test still runs in its own savepoint (the ``db`` fixture), so what one test changes is
    gone for the next.
    """
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)


# The day the demo is loaded: its dates (events, newsletter, verifications) follow from it.
DEMO_LOAD_DAY = datetime(2027, 5, 3, 9, 0, tzinfo=PARIS)


class SharedDemo:
    """The demo site, loaded once by each test process for every module that reads it.

    Loading it takes several seconds and four modules read it (the demo's own tests, the link
    crawler, the previews, the admin's labels). It is loaded on ``DEMO_LOAD_DAY`` in a
    transaction when the first of their tests starts, kept while their tests follow one another
    (collection puts them first), and rolled back before any other test and at the end of the
    session. Each test still runs in its own savepoint, so what one changes is gone for the next.
    """

    def __init__(self):
        self.blocker = None  # pytest-django's, while the test database exists
        self.loaded = None  # what rolls the demo back, while it is loaded

    def load(self):
        if self.blocker is None or self.loaded is not None:
            return
        from django.core.management import call_command
        from django.db import transaction

        with ExitStack() as stack:
            stack.enter_context(self.blocker.unblock())
            stack.enter_context(transaction.atomic())
            stack.callback(transaction.set_rollback, True)
            tree_root()  # a transactional test before may have flushed what the migrations made
            with time_machine.travel(DEMO_LOAD_DAY, tick=False):
                call_command("load_demo", verbosity=0)
            self.loaded = stack.pop_all()

    def unload(self):
        if self.loaded is not None:
            self.loaded.close()
            self.loaded = None


SHARED_DEMO = SharedDemo()


@pytest.fixture(scope="session")
def shared_demo(django_db_setup, django_db_blocker):
    SHARED_DEMO.blocker = django_db_blocker
    yield SHARED_DEMO
    SHARED_DEMO.unload()
    SHARED_DEMO.blocker = None


@pytest.fixture(scope="module")
def on_demo_load_day():
    """The module's tests read the demo on the day it was loaded, with the clock stopped."""
    with time_machine.travel(DEMO_LOAD_DAY, tick=False):
        yield


@pytest.fixture(scope="module")
def demo(shared_demo):
    """The demo site, shared by the modules that read it (``SharedDemo``); a module fixture,
    so that it is loaded before the test's own savepoint."""
    shared_demo.load()


@pytest.fixture
def no_page_cache(monkeypatch):
    """Every request renders its page: query counts measure rendering, not the page cache.

    Pages are still stored in the cache (their own max-age, such as a venue's next opening, keeps
    them there even with ``CACHE_MIDDLEWARE_SECONDS = 0``); they are just never served from it.
    """
    from portal.page_cache import FetchFromCacheMiddleware

    monkeypatch.setattr(FetchFromCacheMiddleware, "process_request", lambda self, request: None)


def publish(parent, page):
    """Add ``page`` under ``parent``, publish it and return it fresh from the database."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def create_home_page():
    """The home page of the one site the test client talks to (testserver), the Ville de Metz's
    (its settings name the city, as a city's editors do first)."""
    home = HomePage(title="Accueil", slug="accueil-test", intro="<p>Bienvenue</p>")
    tree_root().add_child(instance=home)
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    PortalSettings.objects.create(site=site, city_name="Ville de Metz")
    return home


@pytest.fixture
def home_page(db):
    return create_home_page()


@pytest.fixture
def editor_client(client, django_user_model):
    """A client logged in as a superuser, for the admin views."""
    admin = django_user_model.objects.create_superuser("editrice", "e@example.org", "motdepasse")
    client.force_login(admin)
    return client


@pytest.fixture
def venue_index(home_page):
    index = VenueIndexPage(title="Les lieux", slug="lieux")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def families(db):
    return ensure_catalogue()


def create_territory():
    return Territory.objects.create(
        name="Metz Sablon",
        slug="metz-sablon",
        guide_heading="★ METZ SABLON",
        code_prefix="S",
        locale=Locale.get_default(),
    )


@pytest.fixture
def territory(db):
    return create_territory()


def service_levels(families, services=None, levels=None):
    """Rows of a venue's levels from two shorthands.

    ``services``: {family slug: (level, [item slugs])}, every listed item (every item of the
    family when none is listed) at that level; ``levels``: {item slug: level}, one by one.
    """
    wanted = {}
    for family_slug, (level, item_slugs) in (services or {}).items():
        for item in families[family_slug].items.all():
            if item.slug in item_slugs or not item_slugs:
                wanted[item] = level
    by_slug = {item.slug: item for family in families.values() for item in family.items.all()}
    for slug, level in (levels or {}).items():
        wanted[by_slug[slug]] = level
    return [
        VenueServiceLevel(item=item, level=level, sort_order=order)
        for order, (item, level) in enumerate(wanted.items())
    ]


def publish_venue(
    venue_index, families, services=None, levels=None, equipment=(), closures=(), **fields
):
    """Create and publish a venue; ``fields`` name its territory and override the defaults."""
    number = next(_slugs)
    values = {
        "title": f"Centre social {number}",
        "slug": f"centre-social-{number}",
        "code": f"S{number}",
        "summary": "Aide aux démarches en ligne et ateliers d'initiation.",
        "address": "13 rue Pioche",
        "postcode": "57050",
        "commune": "Metz",
        "insee_code": "57463",
        "latitude": 49.1,
        "longitude": 6.17,
        "opening_hours": "Mo-Fr 09:00-12:00,13:30-17:00",
    }
    values.update(fields)
    venue = VenuePage(**values)
    venue.equipment = [VenueEquipment(kind=kind, count=count) for kind, count in equipment]
    venue.closures = [VenueClosure(start_date=s, end_date=e, reason=r) for s, e, r in closures]
    venue.service_levels = service_levels(families, services, levels)
    venue_index.add_child(instance=venue)
    venue.save_revision().publish()
    return VenuePage.objects.get(pk=venue.pk)


@pytest.fixture
def make_venue(venue_index, territory, families):
    """Create and publish a venue; keyword arguments override the defaults."""

    def make(**fields):
        return publish_venue(venue_index, families, **{"territory": territory, **fields})

    return make
