"""Anything a visitor or a robot can send to the public site: never a server error, never raw HTML.

Every public query parameter, form, signed link, API parameter and path is fuzzed with hypothesis
(tests/fuzzing.py draws the values and checks each answer) against one small site built once for
the module: venues, a need, news, an event, a newsletter issue, in four languages. Each example
starts with an empty cache, so neither a cached page nor a rate limit hides what the code does.
The declaration forms have their own module (tests/guide/test_declarations_fuzz.py).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from actualites.models import (
    EventIndexPage,
    EventPage,
    NewsIndexPage,
    NewsletterIndexPage,
    NewsletterIssuePage,
    NewsPage,
    Topic,
)
from demo.locales import ensure_locales, synchronise_trees
from guide import vocab
from guide.catalogue import ensure_catalogue
from guide.finder import SUPPORT_MODES
from guide.models import NeedPage, NeedTreePage, ThemePage, VenueIndexPage

from ..conftest import built_once, create_home_page, create_territory, publish, publish_venue
from ..fuzzing import (
    FUZZ,
    assert_safe,
    fields_of,
    languages,
    path_segments,
    typed_numbers,
    typed_text,
    typed_values,
)


@dataclass
class SmallSite:
    venue_urls: list
    need_url: str
    news_url: str
    event_url: str
    issue_url: str
    need_slug: str
    territory_slug: str
    family_slugs: list
    topic_slugs: list


def build_small_site():
    home = create_home_page()
    families = ensure_catalogue()
    territory = create_territory()
    venue_index = publish(home, VenueIndexPage(title="Les lieux", slug="lieux"))
    today = timezone.localdate()
    venues = [
        publish_venue(
            venue_index,
            families,
            territory=territory,
            services={"demarches": (3, ["caf-rsa"]), "decouvrir": (1, [])},
            equipment=[("ordinateur", 4)],
            support_drop_in=True,
            fee=vocab.Fee.FREE,
        ),
        publish_venue(
            venue_index,
            families,
            territory=territory,
            services={"creer": (2, [])},
            closures=[(today, today + timedelta(days=3), "Travaux")],
            latitude=None,
            longitude=None,
        ),
        publish_venue(
            venue_index, families, territory=territory, opening_hours="24/7", postcode="57000"
        ),
    ]
    tree = publish(home, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches-en-ligne"))
    need = publish(
        theme,
        NeedPage(title="Faire ma déclaration à la CAF", slug="caf", family=families["demarches"]),
    )
    topics = [
        Topic.objects.create(name="Ateliers", slug="ateliers", locale=home.locale),
        Topic.objects.create(name="Démarches", slug="demarches", locale=home.locale),
    ]
    news_index = publish(home, NewsIndexPage(title="Actualités", slug="actualites"))
    news = NewsPage(title="Un nouvel atelier", date=today, summary="Le mardi.")
    news.topics = [news.topics.model(topic=topics[0])]
    news = publish(news_index, news)
    event_index = publish(home, EventIndexPage(title="Agenda", slug="agenda"))
    start = timezone.make_aware(datetime.combine(today + timedelta(days=7), datetime.min.time()))
    event = EventPage(
        title="Atelier smartphone",
        start=start + timedelta(hours=14),
        end=start + timedelta(hours=16),
        summary="Prendre en main son téléphone.",
        venue=venues[0],
    )
    event.topics = [event.topics.model(topic=topics[0])]
    event = publish(event_index, event)
    letter = publish(home, NewsletterIndexPage(title="La lettre", slug="lettre"))
    issue = publish(
        letter,
        NewsletterIssuePage(
            title="La lettre de janvier",
            slug="numero-1",
            number=1,
            period_start=date(2027, 1, 1),
            editorial="<p>Bonne lecture.</p>",
        ),
    )
    ensure_locales()
    synchronise_trees()
    return SmallSite(
        venue_urls=[venue.url for venue in venues],
        need_url=need.url,
        news_url=news.url,
        event_url=event.url,
        issue_url=issue.url,
        need_slug=need.slug,
        territory_slug=territory.slug,
        family_slugs=list(families),
        topic_slugs=[topic.slug for topic in topics],
    )


@pytest.fixture(scope="module")
def small_site(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_small_site) as built:
        yield built


@pytest.fixture
def site(small_site, db):
    return small_site


def get(client, url, params=None):
    """A GET as a visitor's browser sends it, from a clean cache; its answer is checked."""
    cache.clear()
    response = client.get(url, params or {})
    assert_safe(response)
    return response


def post(client, url, data=None):
    cache.clear()
    response = client.post(url, data or {})
    assert_safe(response)
    return response


def either(valid, values=typed_values):
    """A valid value of the site, or anything typed."""
    return st.one_of(st.sampled_from(valid), values)


flags = either(["1", "on", "true", "0", ""])
months = st.one_of(
    st.sampled_from(["2027-01", "9999-12", "1899-12", "2027-13", "0000-00"]),
    st.from_regex(r"[0-9]{4}-[0-9]{2}", fullmatch=True),
    typed_text,
)


@st.composite
def venue_filters(draw, site):
    return draw(
        st.fixed_dictionaries(
            {},
            optional={
                "q": typed_values,
                "besoin": either([site.need_slug]),
                "territoire": either([site.territory_slug]),
                "famille": either(site.family_slugs),
                "niveau": either(["1", "2", "3"], typed_numbers),
                "public": either(vocab.Public.values),
                "accompagnement": either(list(SUPPORT_MODES)),
                "langue": either(["interprete", *vocab.Language.values]),
                "interprete": flags,
                "gratuit": flags,
                "sans_rdv": flags,
                "accessible": flags,
                "ouvert": flags,
                "cp": either(["57000", "57 050", "75001", "2A004", "00000"]),
                "lat": either(["49.1", "-90", "90.0001"], typed_numbers),
                "lon": either(["6.17", "180", "-180.5"], typed_numbers),
                "page": either(["1", "2", "last"], typed_numbers),
            },
        )
    )


@FUZZ
@given(data=st.data(), language=languages)
def test_venue_list_filters(client, site, data, language):
    get(client, f"{language}/lieux/", data.draw(venue_filters(site)))


NEARBY = ["cp", "ouvert", "sans_rdv", "gratuit", "accessible", "lat", "lon", "page"]


@FUZZ
@given(params=fields_of(NEARBY, st.one_of(flags, typed_numbers)), language=languages)
def test_need_page_filters(client, site, params, language):
    get(client, f"{language}{site.need_url}", params)


@FUZZ
@given(data=st.data(), language=languages)
def test_orientation_form(client, site, data, language):
    params = data.draw(venue_filters(site))
    get(client, f"{language}/qui-fait-quoi/orienter/", params)


@FUZZ
@given(
    url=st.sampled_from(["/actualites/", "/agenda/", "/agenda/passes/", "/lettre/"]),
    params=st.fixed_dictionaries(
        {},
        optional={
            "theme": either(["ateliers", "demarches"]),
            "mois": months,
            "page": either(["1", "2"], typed_numbers),
        },
    ),
    language=languages,
)
def test_news_agenda_and_letter_lists(client, site, url, params, language):
    get(client, f"{language}{url}", params)


@FUZZ
@given(
    url=st.sampled_from(["/actualites/rss/", "/actualites/atom/", "/agenda/agenda.ics"]),
    theme=either(["ateliers", "demarches"]),
    language=languages,
)
def test_feeds(client, site, url, theme, language):
    get(client, f"{language}{url}", {"theme": theme})


@FUZZ
@given(
    typed=fields_of(
        ["email", "language", "consent", "website"],
        st.one_of(typed_values, st.emails(), st.sampled_from(["on", "fr", "ar"])),
    ),
    language=languages,
)
def test_subscription_form(client, site, typed, language):
    post(client, f"{language}/lettre/abonnement/", typed)


@FUZZ
@given(
    kind=st.sampled_from(["abonnement/confirmer", "desabonnement"]),
    token=path_segments,
    body=st.one_of(
        st.just(None), st.just({"List-Unsubscribe": "One-Click"}), fields_of(["List-Unsubscribe"])
    ),
    language=languages,
)
def test_subscription_links_with_garbage_tokens(client, site, kind, token, body, language):
    url = f"{language}/lettre/{kind}/{token}/"
    get(client, url)
    if body is not None:
        post(client, url, body)


@FUZZ
@given(token=path_segments, language=languages)
def test_verification_links_with_garbage_tokens(client, site, token, language):
    url = f"{language}/verifier/{token}/"
    get(client, url)
    post(client, url)


API_PARAMETERS = [
    "limit",
    "offset",
    "fields",
    "order",
    "search",
    "search_operator",
    "locale",
    "type",
    "format",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "translation_of",
    "site",
    "html_path",
    "id",
    "title",
    "slug",
    "commune",
    "postcode",
    "code",
    "territory",
    "fee",
    "step_free",
    "start",
    "venue",
    "family",
    "min_level",
]


@st.composite
def api_parameters(draw):
    return draw(
        fields_of(
            API_PARAMETERS,
            st.one_of(
                typed_numbers,
                st.sampled_from(["*", "-title", "title,-code", "fr", "en", "json", "api", "or"]),
                st.sampled_from(["random", "_,title", "-id", "true", "57000", "metz", "1"]),
            ),
        )
    )


@FUZZ
@given(
    endpoint=st.sampled_from(["lieux", "besoins", "evenements"]),
    route=st.one_of(st.sampled_from(["", "find/"]), typed_numbers.map(lambda n: f"{quote(n)}/")),
    params=api_parameters(),
)
def test_api(client, site, endpoint, route, params):
    get(client, f"/api/v2/{endpoint}/{route}", params)


@FUZZ
@given(
    url=st.sampled_from(
        ["/donnees/lieux.csv", "/donnees/lieux.json", "/sitemap.xml", "/robots.txt"]
    ),
    params=fields_of(["p", "page", "format", "section"], st.one_of(typed_values, typed_numbers)),
)
def test_data_files_sitemap_and_robots(client, site, url, params):
    get(client, url, params)


@FUZZ
@given(
    typed=fields_of(["language", "next"], either(["en", "ar", "fr", "/lieux/", "//evil.example"])),
    method=st.sampled_from(["get", "post"]),
)
def test_set_language(client, site, typed, method):
    cache.clear()
    response = getattr(client, method)("/i18n/setlang/", typed, HTTP_REFERER="/lieux/?q=%3C")
    assert_safe(response)
    if response.status_code == 302:  # back to a page of this site only
        location = response["Location"]
        assert urlsplit(location).netloc in ("", "testserver")
        assert not location.startswith(("//", "/\\"))


@st.composite
def public_paths(draw, site):
    """A page, file or route of the site, with random segments added or swapped in."""
    known = [
        "/",
        *site.venue_urls,
        site.need_url,
        site.news_url,
        site.event_url,
        site.issue_url,
        "/qui-fait-quoi/",
        "/qui-fait-quoi/orienter/",
        "/declarer/",
        "/declarer/suivi/",
        "/declarer/recu/",
        "/accessibilite/",
        "/guide/",
        "/sante/",
    ]
    base = draw(st.sampled_from(known))
    segment = draw(path_segments)
    suffix = draw(
        st.sampled_from(
            [
                "",
                f"{segment}/",
                f"{segment}.pdf",
                f"{segment}.ics",
                f"{segment}/{segment}/",
                "evenement.ics",
                "fiche.pdf",
            ]
        )
    )
    routes = [
        f"/declarer/modifier/{segment}/",
        f"/declarer/signaler/{segment}/",
        f"/declarer/{segment}/",
        f"/documents/{segment}/{segment}",
        f"/lieux/{segment}/fiche.pdf",
        f"/agenda/{segment}/evenement.ics",
    ]
    return draw(st.sampled_from([base + suffix, *routes]))


@FUZZ
@given(data=st.data(), language=languages, query=fields_of(["q", "page", "x"]))
def test_random_paths_under_each_section(client, site, data, language, query):
    get(client, f"{language}{data.draw(public_paths(site))}", query)


@pytest.mark.parametrize("number", ["0", "1", "99999999999999999999", "-1"])
def test_numeric_ids_of_every_public_route(client, site, number):
    """Ids a browser may send that no database holds: a 404, never a server error."""
    for url in (
        f"/declarer/modifier/{number}/",
        f"/declarer/signaler/{number}/",
        f"/api/v2/lieux/{number}/",
        f"/api/v2/besoins/{number}/",
        f"/api/v2/evenements/{number}/",
        f"/documents/{number}/guide.pdf",
    ):
        assert get(client, url).status_code == 404, url
