"""Who may do what: anonymous visitors, editors, a territory's moderator and administrators.

The roles are the ones a city gets: Wagtail's "Editors" group, "Rédacteurs" in French (add and
change pages, no publication), the demo's "Modérateurs" group limited to one territory
(demo/loader.py: declarations, and the venues of the venue list) and the demo's administrator
(``ensure_demo_admin``, a superuser). One table lists each action with the outcome expected for
each role; every row is one test. A GET answers with the page (``OK``), the login page
(``LOGIN``), Wagtail's "no permission" redirect to the dashboard (``DENIED``) or 404
(``MISSING``). A POST is judged by its effect: ``DONE`` when it happened, ``REFUSED`` when it did
not (and the answer was no server error); anonymous POSTs are sent to the login page.
"""

from dataclasses import dataclass
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail.models import Site as WagtailSite

from actualites.models import (
    Delivery,
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsletterSend,
    Subscriber,
)
from declarations.models import Declaration
from demo.loader import DEMO_MODERATOR, ensure_moderators
from guide.catalogue import ensure_catalogue
from guide.models import GuideEdition, Territory, VenueIndexPage, VenuePage

from ..conftest import built_once, create_home_page, create_territory, publish, publish_venue
from ..declarations.test_moderation import NEW_VENUE_DATA

OK, LOGIN, DENIED, MISSING, DONE, REFUSED = "ok", "login", "denied", "404", "done", "refused"
ROLES = ("anonymous", "editor", "moderator", "admin")
DRAFT_SUMMARY = "Résumé relu, en attente de publication."


@dataclass
class Site:
    site_pk: int
    own_venue: VenuePage  # in the moderator's territory
    other_venue: VenuePage
    own_declaration: Declaration
    other_declaration: Declaration
    edition: GuideEdition
    letter: NewsletterIndexPage
    sent_issue: NewsletterIssuePage
    new_issue: NewsletterIssuePage
    send: NewsletterSend
    users: dict


def build_site():
    home = create_home_page()
    families = ensure_catalogue()
    own_territory = create_territory()
    other_territory = Territory.objects.create(
        name="Metz Borny", slug="metz-borny", locale=Locale.get_default()
    )
    index = publish(home, VenueIndexPage(title="Les lieux", slug="lieux"))
    own_venue, other_venue = (
        publish_venue(index, families, territory=territory)
        for territory in (own_territory, other_territory)
    )
    for venue in (own_venue, other_venue):
        venue.summary = DRAFT_SUMMARY
        venue.save_revision()
    own_declaration, other_declaration = (
        Declaration.objects.create(
            kind=Declaration.Kind.NEW_VENUE,
            territory=territory,
            declarant_name="Claire Martin",
            declarant_email="claire@example.org",
            venue_data=NEW_VENUE_DATA,
        )
        for territory in (own_territory, other_territory)
    )
    letter = publish(home, NewsletterIndexPage(title="La lettre", slug="lettre"))
    sent_issue, new_issue = (
        publish(
            letter,
            NewsletterIssuePage(
                title=f"Numéro {number}",
                slug=f"numero-{number}",
                number=number,
                period_start=date(2027, 2 * number - 1, 1),
                editorial="<p>Bonne lecture.</p>",
            ),
        )
        for number in (1, 2)
    )
    Subscriber.objects.create(email="abonnee@example.org", status=Subscriber.Status.CONFIRMED)
    send = NewsletterSend.objects.create(issue=sent_issue, status=NewsletterSend.Status.DONE)
    Delivery.objects.create(
        send=send,
        email="refusee@example.org",
        status=Delivery.Status.FAILED,
        error="550 5.1.1 <refusee@example.org>: Recipient address rejected",
    )
    editor = get_user_model().objects.create_user("redacteur", "r@example.org", "x")
    editor.groups.add(Group.objects.get(name="Rédacteurs"))
    ensure_moderators(index, own_territory, log=lambda message: None)
    call_command("ensure_demo_admin", stdout=StringIO())
    users = {
        "anonymous": None,
        "editor": editor,
        "moderator": get_user_model().objects.get(username=DEMO_MODERATOR),
        "admin": get_user_model().objects.get(username="admin"),
    }
    return Site(
        site_pk=WagtailSite.objects.get(is_default_site=True).pk,
        own_venue=own_venue,
        other_venue=other_venue,
        own_declaration=own_declaration,
        other_declaration=other_declaration,
        edition=GuideEdition.objects.create(year=2026, title="Guide 2026"),
        letter=letter,
        sent_issue=sent_issue,
        new_issue=new_issue,
        send=send,
        users=users,
    )


@pytest.fixture(scope="module")
def built_site(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_site) as built:
        yield built


@pytest.fixture
def site(built_site, db):
    return built_site


@pytest.fixture
def guide_builds(monkeypatch):
    """Editions whose build was requested; the PDF itself is tested in tests/guide."""
    requested = []

    def request_build(edition):
        requested.append(edition.pk)
        return True, "Génération demandée."

    monkeypatch.setattr("guide.viewsets.request_build", request_build)
    return requested


def edit_url(venue):
    return lambda site: reverse("wagtailadmin_pages:edit", args=[venue(site).pk])


def bulk_url(action, venue):
    """Wagtail's bulk actions on pages (the explorer's checkboxes) go around the page views."""
    return lambda site: (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
        + f"?id={venue(site).pk}"
    )


def declaration_url(name, declaration):
    return lambda site: reverse(f"declarations_admin:{name}", args=[declaration(site).pk])


def own_venue(site):
    return site.own_venue


def other_venue(site):
    return site.other_venue


def own_declaration(site):
    return site.own_declaration


def other_declaration(site):
    return site.other_declaration


def draft_published(venue):
    return lambda site: VenuePage.objects.get(pk=venue(site).pk).summary == DRAFT_SUMMARY


def unpublished(venue):
    return lambda site: not VenuePage.objects.get(pk=venue(site).pk).live


def venue_created(declaration):
    return lambda site: Declaration.objects.get(pk=declaration(site).pk).venue_id is not None


def refused(declaration):
    return lambda site: (
        Declaration.objects.get(pk=declaration(site).pk).status == Declaration.Status.REFUSED
    )


@dataclass
class Action:
    name: str
    url: object  # a path, or a function of the site giving one
    expected: tuple  # the outcome for each of ROLES, in order
    data: dict | None = None  # POST data: the action changes something
    happened: object = None  # for a POST, a function of the site: did it happen?


EVERYONE = (OK, OK, OK, OK)
STAFF = (LOGIN, OK, OK, OK)
ADMINISTRATORS = (LOGIN, DENIED, DENIED, OK)
POSTED_BY_ADMINISTRATORS = (LOGIN, REFUSED, REFUSED, DONE)
NO_ONE = (MISSING, MISSING, MISSING, MISSING)

ACTIONS = [
    # The public site.
    Action("home page", "/", EVERYONE),
    Action("venue list", "/lieux/", EVERYONE),
    Action("venue page", lambda site: site.own_venue.url, EVERYONE),
    Action("subscription form", "/lettre/abonnement/", EVERYONE),
    Action("Django's own admin is not mounted", "/django-admin/", NO_ONE),
    # Pages: editors edit every page and publish none; a territory moderator edits and
    # publishes the venues of her territory only.
    Action("admin dashboard", "/admin/", STAFF),
    Action("edit a venue of the territory", edit_url(own_venue), STAFF),
    Action("edit a venue of another territory", edit_url(other_venue), (LOGIN, OK, DENIED, OK)),
    Action(
        "publish a venue of the territory",
        bulk_url("publish", own_venue),
        (LOGIN, REFUSED, DONE, DONE),
        data={},
        happened=draft_published(own_venue),
    ),
    Action(
        "publish a venue of another territory",
        bulk_url("publish", other_venue),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=draft_published(other_venue),
    ),
    Action(
        "unpublish a venue of another territory",
        lambda site: reverse("wagtailadmin_pages:unpublish", args=[site.other_venue.pk]),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=unpublished(other_venue),
    ),
    Action(
        "unpublish a venue of another territory in bulk",
        bulk_url("unpublish", other_venue),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=unpublished(other_venue),
    ),
    Action(
        "unpublish the venue list with every venue under it",
        lambda site: reverse(
            "wagtailadmin_pages:unpublish", args=[site.other_venue.get_parent().pk]
        ),
        POSTED_BY_ADMINISTRATORS,
        data={"include_descendants": "on"},
        happened=unpublished(other_venue),
    ),
    Action(
        "freshness report",
        lambda site: reverse("guide_freshness_report"),
        STAFF,
    ),
    # Declarations: moderators of their territory; an editor sees none.
    Action(
        "declarations inbox",
        lambda site: reverse("declarations_admin:index"),
        (LOGIN, DENIED, OK, OK),
    ),
    Action(
        "a declaration of the territory",
        declaration_url("inspect", own_declaration),
        (LOGIN, MISSING, OK, OK),
    ),
    Action(
        "a declaration of another territory",
        declaration_url("inspect", other_declaration),
        (LOGIN, MISSING, MISSING, OK),
    ),
    Action(
        "create the venue of a declaration of the territory",
        declaration_url("create_venue", own_declaration),
        (LOGIN, REFUSED, DONE, DONE),
        data={},
        happened=venue_created(own_declaration),
    ),
    Action(
        "create the venue of a declaration of another territory",
        declaration_url("create_venue", other_declaration),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=venue_created(other_declaration),
    ),
    Action(
        "refuse a declaration of the territory",
        declaration_url("refuse", own_declaration),
        (LOGIN, REFUSED, DONE, DONE),
        data={"reason": "Ce lieu est déjà dans le guide."},
        happened=refused(own_declaration),
    ),
    Action(
        "refuse a declaration of another territory",
        declaration_url("refuse", other_declaration),
        POSTED_BY_ADMINISTRATORS,
        data={"reason": "Ce lieu est déjà dans le guide."},
        happened=refused(other_declaration),
    ),
    Action(
        "moderators of the territories",
        lambda site: reverse("wagtailsnippets_guide_territorymoderators:list"),
        ADMINISTRATORS,
    ),
    # The printed guide and open data: model permissions an administrator grants.
    Action("guide editions", lambda site: reverse("guide_editions:list"), ADMINISTRATORS),
    Action(
        "generate the guide",
        lambda site: reverse("guide_editions:generate", args=[site.edition.pk]),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=lambda site: bool(site.guide_builds),
    ),
    Action(
        "national services of the open-data import",
        lambda site: reverse("wagtailsnippets_opendata_nationalservicemapping:list"),
        ADMINISTRATORS,
    ),
    # The newsletter: editors prepare issues; subscribers and sends are personal data.
    Action(
        "prepare the next issue",
        lambda site: reverse("actualites_prepare_issue", args=[site.letter.pk]),
        (LOGIN, DONE, REFUSED, DONE),
        data={},
        happened=lambda site: NewsletterIssuePage.objects.filter(number=3).exists(),
    ),
    Action("subscribers", lambda site: reverse("actualites_subscribers:index"), ADMINISTRATORS),
    Action(
        "subscribers' import", lambda site: reverse("actualites_subscribers:import"), ADMINISTRATORS
    ),
    Action("newsletter sends", lambda site: reverse("actualites_sends:list"), ADMINISTRATORS),
    Action(
        "a send and its failed addresses",
        lambda site: reverse("actualites_sends:detail", args=[site.send.pk]),
        ADMINISTRATORS,
    ),
    Action(
        "test send of an issue",
        lambda site: reverse("actualites_sends:test", args=[site.new_issue.pk]),
        POSTED_BY_ADMINISTRATORS,
        data={"email": "relecture@example.org"},
        happened=lambda site: any("relecture@example.org" in m.to for m in mail.outbox),
    ),
    Action(
        "send an issue to the subscribers",
        lambda site: reverse("actualites_sends:start", args=[site.new_issue.pk]),
        POSTED_BY_ADMINISTRATORS,
        data={},
        happened=lambda site: NewsletterSend.objects.filter(issue=site.new_issue).exists(),
    ),
    # The site's settings and its users.
    Action(
        "portal settings",
        lambda site: reverse(
            "wagtailsettings:edit", args=["portal", "portalsettings", site.site_pk]
        ),
        ADMINISTRATORS,
    ),
    Action("users", lambda site: reverse("wagtailusers_users:index"), ADMINISTRATORS),
    Action("groups", lambda site: reverse("wagtailusers_groups:index"), ADMINISTRATORS),
]


def outcome_of_get(response):
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return MISSING
    if response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login")):
        return LOGIN
    if response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    ):
        return DENIED
    return f"unexpected {response.status_code}"


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        pytest.param(role, action, expected, id=f"{role}: {action.name}")
        for action in ACTIONS
        for role, expected in zip(ROLES, action.expected, strict=True)
    ],
)
def test_permissions(client, site, guide_builds, role, action, expected):
    site.guide_builds = guide_builds
    if site.users[role] is not None:
        client.force_login(site.users[role])
    url = action.url(site) if callable(action.url) else action.url
    if action.data is None:
        assert outcome_of_get(client.get(url)) == expected
        return
    response = client.post(url, action.data)
    assert response.status_code < 500
    if expected == LOGIN:
        assert outcome_of_get(response) == LOGIN
    assert action.happened(site) == (expected == DONE)


def test_admin_forms_need_the_csrf_token(site):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(site.users["admin"])
    url = reverse("declarations_admin:refuse", args=[site.own_declaration.pk])
    assert browser.post(url, {"reason": "Doublon."}).status_code == 403
    assert Declaration.objects.get(pk=site.own_declaration.pk).status != Declaration.Status.REFUSED
    send = reverse("actualites_sends:start", args=[site.new_issue.pk])
    assert browser.post(send).status_code == 403
    assert not NewsletterSend.objects.filter(issue=site.new_issue).exists()


def test_public_forms_need_the_csrf_token(site):
    browser = Client(enforce_csrf_checks=True)
    subscribe = {"email": "nouvelle@example.org", "consent": "on"}
    assert browser.post("/lettre/abonnement/", subscribe).status_code == 403
    assert not Subscriber.objects.filter(email="nouvelle@example.org").exists()
    assert browser.post(reverse("declarations:report", args=[site.own_venue.pk])).status_code == 403


def test_senders_see_the_failed_addresses_only_if_they_may_see_subscribers(client, site):
    """Sending the letter is one permission, seeing the subscribers' addresses another."""
    sender = site.users["editor"]
    sender.user_permissions.add(Permission.objects.get(codename="add_newslettersend"))
    client.force_login(sender)
    url = reverse("actualites_sends:detail", args=[site.send.pk])
    html = client.get(url).content.decode()
    assert "Échecs\u00a0: 1" in html
    assert "refusee@example.org" not in html
    assert "montrées qu'aux personnes autorisées à voir les abonnés" in html
    assert outcome_of_get(client.get(reverse("actualites_subscribers:index"))) == DENIED

    sender.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    client.force_login(get_user_model().objects.get(pk=sender.pk))  # permissions are cached
    assert "refusee@example.org" in client.get(url).content.decode()
