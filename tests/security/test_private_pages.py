"""Finding 3: a page under Wagtail's page privacy shows nowhere but behind its own restriction.

Each consumer of pages is asked with a private venue, news item or event beside a public one:
the public one shows (so the test can tell an empty answer from a filtered one), the private one
does not, not even to a logged-in editor, because what these outputs show is cached and shared.
"""

from datetime import date, datetime, timedelta

import feedparser
import pytest
import time_machine
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from guide.hours import PARIS
from guide.models import GuideEdition, NeedPage, NeedTreePage, NeedVenue, ThemePage
from tests.actualites.conftest import event_index, make_event, make_news, news_index  # noqa: F401
from tests.guide.tree_helpers import publish

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
SECRET = "Maison cachée"
PUBLIC = "Centre social Pioche"


def make_private(page, restriction_type=PageViewRestriction.PASSWORD):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="secret"
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Partenaires")[0]])
    return restriction


@pytest.fixture
def venues(make_venue):
    caf = {"demarches": (3, ["caf-rsa"])}
    return {
        "public": make_venue(title=PUBLIC, services=caf),
        "private": make_venue(title=SECRET, services=caf, summary="Adresse confidentielle."),
    }


@pytest.fixture
def caf_need(home_page, families, venues):
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches"))
    need = NeedPage(
        title="Faire ma déclaration à la CAF",
        slug="caf-rsa",
        family=families["demarches"],
        min_level=1,
        items=[families["demarches"].items.get(slug="caf-rsa")],
    )
    need.chosen_venues = [NeedVenue(venue=venues["private"])]
    return publish(theme, need)


@pytest.fixture
def private_venue(venues):
    make_private(venues["private"])
    return venues["private"]


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "restriction_type",
    [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS],
)
def test_venue_list_shows_no_private_venue_card_marker_or_search_hit(
    client, venues, restriction_type
):
    make_private(venues["private"], restriction_type)
    listing = html(client, "/lieux/")
    assert PUBLIC in listing and SECRET not in listing
    found = html(client, "/lieux/?q=maison")
    assert SECRET not in found
    assert PUBLIC in html(client, "/lieux/?q=pioche")


def test_a_venue_made_private_leaves_the_cached_list_at_once(client, venues):
    assert SECRET in html(client, "/lieux/")
    make_private(venues["private"])
    assert SECRET not in html(client, "/lieux/")


def test_a_private_section_hides_every_venue_below_it(client, venues, venue_index):
    make_private(venue_index)
    assert PUBLIC not in html(client, "/donnees/lieux.csv")


def test_logged_in_editor_sees_the_same_public_listing(editor_client, private_venue):
    listing = html(editor_client, "/lieux/")
    assert PUBLIC in listing and SECRET not in listing


def test_private_venue_itself_still_asks_for_its_password(client, private_venue):
    page = html(client, private_venue.url)
    assert "Adresse confidentielle." not in page
    assert 'name="password"' in page


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_page_orientation_and_api_leave_out_the_private_venue(
    client, caf_need, private_venue, venues
):
    need_page = html(client, caf_need.url)
    assert PUBLIC in need_page and SECRET not in need_page
    shortlist = html(client, "/qui-fait-quoi/orienter/?besoin=caf-rsa&cp=57070")
    assert PUBLIC in shortlist and SECRET not in shortlist
    need = client.get(f"/api/v2/besoins/{caf_need.pk}/").json()
    assert need["venue_ids"] == [venues["public"].pk]
    assert client.get(f"/api/v2/lieux/{private_venue.pk}/").status_code == 404


@time_machine.travel(MONDAY_10AM, tick=False)
def test_partner_widget_leaves_out_the_private_venue(client, caf_need, private_venue):
    widget = html(client, "/integrer/besoin/caf-rsa/")
    assert PUBLIC in widget and SECRET not in widget


def test_open_data_files_leave_out_the_private_venue(client, private_venue):
    csv_file = html(client, "/donnees/lieux.csv")
    assert PUBLIC in csv_file and SECRET not in csv_file
    records = client.get("/donnees/lieux.json").json()
    assert [record["nom"] for record in records] == [PUBLIC]


def test_printed_guide_leaves_out_the_private_venue(private_venue, venues):
    edition = GuideEdition.objects.create(year=2027, title="Le numérique pour tous")
    assert list(edition.scope_venues()) == [venues["public"]]


def test_private_venue_cannot_be_reported(client, private_venue, venues):
    assert client.get(f"/declarer/signaler/{private_venue.pk}/").status_code == 404
    assert client.get(f"/declarer/signaler/{venues['public'].pk}/").status_code == 200


@pytest.fixture
def news(make_news):  # noqa: F811
    public = make_news(title="Nouvel atelier CAF", date=date(2026, 11, 20))
    secret = make_news(title="Réunion interne des partenaires", date=date(2026, 11, 21))
    make_private(secret, PageViewRestriction.LOGIN)
    return public, secret


def test_news_list_and_feeds_leave_out_private_news(client, news):
    listing = html(client, "/actualites/")
    assert "Nouvel atelier CAF" in listing and "Réunion interne" not in listing
    for feed_url in ("/actualites/rss/", "/actualites/atom/"):
        feed = feedparser.parse(client.get(feed_url).content)
        assert [entry.title for entry in feed.entries] == ["Nouvel atelier CAF"], feed_url


def test_agenda_and_past_events_leave_out_private_events(client, make_event):  # noqa: F811
    now = datetime(2026, 12, 6, 10, 0, tzinfo=PARIS)
    for days, title in ((3, "Atelier ouvert"), (4, "Atelier réservé")):
        event = make_event(title=title, start=now + timedelta(days=days))
        past = make_event(title=f"{title} passé", start=now - timedelta(days=days))
        if title == "Atelier réservé":
            make_private(event)
            make_private(past)
    with time_machine.travel(now, tick=False):
        upcoming = html(client, "/agenda/")
        passed = html(client, "/agenda/passes/")
        calendar = html(client, "/agenda/agenda.ics")
    assert "Atelier ouvert" in upcoming and "Atelier réservé" not in upcoming
    assert "Atelier ouvert passé" in passed and "Atelier réservé" not in passed
    assert "Atelier ouvert" in calendar and "Atelier réservé" not in calendar


def test_news_about_a_private_venue_links_only_the_public_one(client, make_news, venues):  # noqa: F811
    make_private(venues["private"])
    item = make_news(title="Ateliers CAF", venues=[venues["private"], venues["public"]])
    page = html(client, item.url)
    assert PUBLIC in page and SECRET not in page
