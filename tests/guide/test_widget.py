"""The partners' widget: the venues of one need or one territory, framed on another site."""

import re
from datetime import datetime

import pytest
import time_machine
from django.contrib.staticfiles import finders
from wagtail.models import Locale

from demo.locales import ensure_locales, synchronise_trees
from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, StarLegend, Territory, ThemePage

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
CARD_NAMES = re.compile(r'<h2><a href="([^"]+)" target="_blank" rel="noopener">([^<]+)</a></h2>')
WEIGHT_BUDGET = 15_000


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def need(home_page, families):
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches-en-ligne"))
    return publish(
        theme,
        NeedPage(
            title="Faire ma déclaration à la CAF",
            slug="caf-rsa",
            family=families["demarches"],
            min_level=1,
        ),
    )


@pytest.fixture
def borny(db):
    return Territory.objects.create(
        name="Metz Borny", slug="metz-borny", locale=Locale.get_default()
    )


@pytest.fixture
def places(make_venue, borny):
    return {
        "pioche": make_venue(
            title="Centre social Pioche", code="S2", services={"demarches": (3, [])}
        ),
        "mediatheque": make_venue(
            title="Médiathèque Jean-Macé",
            code="S1",
            opening_hours="Tu-Sa 10:00-18:00",
            services={"demarches": (1, [])},
        ),
        "fablab": make_venue(title="Fab Lab", code="S3", services={"creer": (3, [])}),
        "borny": make_venue(title="Espace Borny", territory=borny, services={"demarches": (2, [])}),
    }


def names(html):
    return [name for _url, name in CARD_NAMES.findall(html)]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_widget_lists_its_venues_with_open_state_and_hours_today(client, need, places):
    response = client.get("/integrer/besoin/caf-rsa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Faire ma déclaration à la CAF</h1>" in html
    assert names(html) == ["Centre social Pioche", "Espace Borny", "Médiathèque Jean-Macé"]
    assert "3 lieux pour se faire aider avec le numérique" in html
    assert f'href="http://testserver{places["pioche"].url}" target="_blank" rel="noopener"' in html
    assert html.count("<strong>Ouvert actuellement</strong>") == 2
    assert html.count("<strong>Fermé à cet instant</strong>") == 1  # the library, on Monday
    assert "Aujourd’hui\u00a0: 9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h" in html
    assert "Aujourd’hui\u00a0: fermé" in html
    assert (
        f'<a href="http://testserver{need.url}" target="_blank" rel="noopener">'
        "Voir tous les lieux sur testserver</a>"
    ) in html


LEVEL_LINES = re.compile(
    r'<h2><a [^>]+>([^<]+)</a></h2>.*?(?:<p class="widget-level">(.*?)</p>|</li>)', re.S
)


def levels(html):
    """Venue name -> the level line of its card, as text (None without one)."""
    return {
        name: " ".join(re.sub(r"<[^>]+>", "", line).split()) if line else None
        for name, line in LEVEL_LINES.findall(html)
    }


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_widget_gives_each_venue_its_level_in_the_needs_service(
    client, home_page, need, families, make_venue
):
    """The level shown is the one of the service the need is about, not the family's best: a
    venue expert in tax returns but basic with the CAF is shown basic, after a venue at ease."""
    rsa = NeedPage(title="Demander le RSA", slug="rsa", family=families["demarches"])
    rsa.items = [families["demarches"].items.get(slug="caf-rsa")]
    need.get_parent().add_child(instance=rsa)
    rsa.save_revision().publish()
    make_venue(title="Espace impôts", levels={"impots": 3, "caf-rsa": 1, "permis": 3})
    make_venue(title="Maison CAF", levels={"caf-rsa": 2, "ordinateur": 3})
    make_venue(title="Fab Lab", levels={"photos": 3})
    html = client.get("/integrer/besoin/rsa/").content.decode()
    assert names(html) == ["Maison CAF", "Espace impôts"]  # best level first
    assert levels(html) == {
        "Maison CAF": "Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★★☆ maîtrise",
        "Espace impôts": "Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★☆☆ basique",
    }
    assert 'aria-label="1 sur 3 — basique"' in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_widget_for_a_family_shows_each_venues_best_service_in_it(client, need, places):
    html = client.get("/integrer/besoin/caf-rsa/").content.decode()
    assert levels(html)["Centre social Pioche"] == (
        "Faire ses déclarations pôle emploi : ★★★ expert"
    )
    assert levels(html)["Médiathèque Jean-Macé"] == (
        "Faire ses déclarations pôle emploi : ★☆☆ basique"
    )


@time_machine.travel(MONDAY_10AM, tick=False)
def test_territory_widget_lists_its_venues_by_code(client, venue_index, places):
    html = client.get("/integrer/territoire/metz-sablon/").content.decode()
    assert "<h1>Metz Sablon</h1>" in html
    assert names(html) == ["Médiathèque Jean-Macé", "Centre social Pioche", "Fab Lab"]
    assert 'class="widget-level"' not in html  # about no service: no level
    assert 'href="http://testserver/lieux/?territoire=metz-sablon"' in html
    assert names(client.get("/integrer/territoire/metz-borny/").content.decode()) == [
        "Espace Borny"
    ]


def test_unknown_need_or_territory_is_not_found(client, need, places):
    assert client.get("/integrer/besoin/inconnu/").status_code == 404
    assert client.get("/integrer/territoire/inconnu/").status_code == 404


@time_machine.travel(MONDAY_10AM, tick=False)
def test_widget_is_a_light_standalone_page_without_script(client, need, make_venue):
    for number in range(12):
        make_venue(
            title=f"Maison de quartier et espace public numérique du centre-ville {number}",
            address="Place de la République, bâtiment des associations",
            services={"demarches": (2, [])},
        )
    response = client.get("/integrer/besoin/caf-rsa/")
    html = response.content.decode()
    assert len(names(html)) == 10
    assert "12 lieux pour se faire aider avec le numérique" in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert '<link rel="stylesheet" href="/static/css/widget.css">' in html
    assert '<meta name="robots" content="noindex">' in html
    stylesheet = finders.find("css/widget.css")
    with open(stylesheet, "rb") as css:
        weight = len(response.content) + len(css.read())
    assert weight < WEIGHT_BUDGET, weight


@time_machine.travel(MONDAY_10AM, tick=False)
def test_any_site_may_frame_the_widget_but_not_the_other_pages(client, need, places):
    widget = client.get("/integrer/besoin/caf-rsa/")
    assert "X-Frame-Options" not in widget
    assert client.get(places["pioche"].url)["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    # Served again from the page cache: still framable.
    assert "X-Frame-Options" not in client.get("/integrer/besoin/caf-rsa/")


@time_machine.travel(MONDAY_10AM, tick=False)
def test_widget_policy_lets_any_site_frame_it_and_keeps_the_rest(client, need, places, settings):
    settings.SECURE_CSP = {"default-src": ["'self'"], "frame-ancestors": ["'none'"]}
    if not any("csp" in middleware.lower() for middleware in settings.MIDDLEWARE):
        settings.MIDDLEWARE = [
            *settings.MIDDLEWARE,
            "django.middleware.csp.ContentSecurityPolicyMiddleware",
        ]
    policy = client.get("/integrer/territoire/metz-sablon/")["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "default-src 'self'" in policy
    page_policy = client.get(places["pioche"].url)["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page_policy


@time_machine.travel(MONDAY_10AM, tick=False)
def test_widget_sets_no_cookie_and_is_cached_until_the_next_change(client, need, places):
    response = client.get("/integrer/besoin/caf-rsa/")
    assert not response.cookies
    assert "Set-Cookie" not in response
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "max-age=300" in cache_control  # the next change is at noon, later than 5 minutes


@time_machine.travel(MONDAY_10AM, tick=False)
def test_widget_queries_do_not_grow_with_venues(
    client, need, make_venue, django_assert_max_num_queries, no_page_cache
):
    for level in (1, 2, 3):
        make_venue(services={"demarches": (level, [])}, closures=[])
    StarLegend.load()  # a site has its legend; creating it would empty the content cache
    client.get("/integrer/besoin/caf-rsa/")  # fills the menu and catalogue caches
    with django_assert_max_num_queries(10) as few:
        html = client.get("/integrer/besoin/caf-rsa/").content.decode()
    assert 'class="widget-level"' in html
    few_venues_queries = len(few)
    for number in range(12):
        make_venue(services={"demarches": (2, []), "creer": (number % 3 + 1, [])})
    client.get("/integrer/besoin/caf-rsa/")
    with django_assert_max_num_queries(few_venues_queries):
        html = client.get("/integrer/besoin/caf-rsa/").content.decode()
    assert html.count('class="widget-level"') == 10


@time_machine.travel(MONDAY_10AM, tick=False)
def test_widget_speaks_the_language_of_its_address(client, need, places):
    ensure_locales()
    synchronise_trees()
    html = client.get("/ar/integrer/besoin/caf-rsa/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<h1 lang="fr" dir="ltr">Faire ma déclaration à la CAF</h1>' in html  # not translated
    assert "/ar/lieux/" in html
    assert len(names(html)) == 3


def test_embed_page_gives_the_code_to_copy_for_each_need_and_territory(client, need, places, borny):
    response = client.get("/integrer/")
    assert not response.cookies
    html = response.content.decode()
    assert "<h1>Intégrer les lieux sur votre site</h1>" in html
    code = (
        "&lt;iframe src=&quot;http://testserver/integrer/besoin/caf-rsa/&quot; "
        "title=&quot;Lieux d&amp;#x27;aide au numérique\u00a0: Faire ma déclaration à la CAF&quot; "
        "width=&quot;100%&quot; height=&quot;600&quot; loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;"
    )
    assert code in html
    assert "http://testserver/integrer/territoire/metz-borny/" in html
    assert '<label for="code-territoire-metz-sablon">' in html
    assert '<iframe class="embed-preview" src="http://testserver/integrer/besoin/caf-rsa/"' in html


def test_every_page_links_to_the_embed_page(client, home_page):
    assert 'href="/integrer/"' in client.get("/").content.decode()
