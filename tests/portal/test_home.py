"""The home page leads with "Où trouver de l'aide ?": a postcode, "ouvert maintenant" and the
needs as tiles that take both to the need page; the header has a search box (issue 22)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from guide.models import NeedPage, NeedTreePage, ThemePage

from . import test_languages
from .test_languages import html_of, publish

# The French tree (a need, a venue) and its aliases in en, ar and uk, as in test_languages.
locales, need, venue = test_languages.locales, test_languages.need, test_languages.venue


def soup_of(client, url):
    return BeautifulSoup(html_of(client, url), "html.parser")


def help_form(soup):
    return soup.find("section", class_="find-help").form


def test_home_leads_with_postcode_and_open_now_before_its_introduction(client, need):
    soup = soup_of(client, "/")
    main = soup.find("main")
    assert main.h2.get_text() == "Où trouver de l'aide\u00a0?"
    form = help_form(soup)
    assert form["method"] == "get"
    postcode = form.find("input", attrs={"name": "cp"})
    assert form.find("label", attrs={"for": postcode["id"]}).get_text() == "Code postal"
    assert postcode["autocomplete"] == "postal-code" and postcode["inputmode"] == "numeric"
    open_now = form.find("input", attrs={"name": "ouvert", "type": "checkbox"})
    assert form.find("label", attrs={"for": open_now["id"]}).get_text() == "Ouvert maintenant"
    # Without JavaScript the position fields send nothing; "Me géolocaliser" stays hidden.
    assert all(field.has_attr("disabled") for field in form.find_all("input", type="hidden"))
    assert form.find("button", attrs={"data-locate": True}).has_attr("hidden")
    intro = main.find(string="Bienvenue")
    assert intro.find_previous("form") is form


def test_each_need_is_a_tile_submitting_the_postcode_and_open_now_to_its_page(client, venue, need):
    form = help_form(soup_of(client, "/"))
    theme = form.find("h3")
    assert theme.get_text() == "Démarches en ligne"
    (tile,) = theme.find_next("ul", class_="need-tiles").find_all("button")
    assert tile["type"] == "submit"
    assert tile["formaction"] == need.url
    assert tile.get_text(strip=True) == "Faire ma déclaration à la CAF"
    assert tile.svg["aria-hidden"] == "true"  # the pictogram, drawn by the site
    # Enter in the postcode field presses the form's first submit button: not a need's tile.
    first_submit = form.find("button", type="submit")
    assert first_submit.get_text() == "Voir tous les lieux"
    assert form["action"] == "/lieux/"


def test_a_need_without_a_pictogram_of_its_own_takes_its_themes(client, need):
    theme = ThemePage.objects.get(slug="demarches-en-ligne")
    publish(theme, NeedPage(title="Un besoin nouveau", slug="un-besoin-nouveau"))
    caf, new = soup_of(client, "/").find_all("button", class_="need-tile")
    assert new.svg.path is not None
    assert str(new.svg) == str(caf.svg)  # neither slug has its own: the theme's "form"


def test_need_page_reads_an_empty_postcode_as_none(client, venue, need):
    html = html_of(client, need.url + "?cp=&ouvert=")
    assert "ignoré" not in html
    assert "Centre social Pioche" in html


def test_a_tile_lands_on_the_need_page_sorted_from_the_postcode(client, venue, need):
    html = html_of(client, need.url + "?cp=57070")
    assert "ignoré" not in html
    assert "du plus proche au plus loin" in html


def test_arabic_home_marks_french_needs_and_themes(client, locales, need):
    soup = soup_of(client, "/ar/")
    form = help_form(soup)
    theme = form.find("h3")
    assert (theme["lang"], theme["dir"]) == ("fr", "ltr")
    (tile,) = form.find_all("button", class_="need-tile")
    assert (tile["lang"], tile["dir"]) == ("fr", "ltr")
    assert tile["formaction"].startswith("/ar/")
    assert soup.html["dir"] == "rtl"


def test_header_search_box_sends_words_to_the_venue_list_of_the_language(client, locales):
    for prefix in ("", "/ar"):
        search = soup_of(client, prefix + "/").find("header").find("form", role="search")
        assert search["action"] == f"{prefix}/lieux/"
        field = search.find("input", attrs={"name": "q"})
        label = search.find("label", attrs={"for": field["id"]})
        assert label.get_text().strip() and "visually-hidden" in label["class"]


def test_no_search_box_without_a_venue_list(client, home_page):
    assert soup_of(client, "/").find("form", role="search") is None


def queries_of(client, url):
    """How many queries rendering ``url`` makes (the request resets Django's query log)."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(executed)


@pytest.mark.usefixtures("no_page_cache")
def test_home_queries_stay_few_and_flat_with_the_number_of_needs(
    client, venue, need, django_assert_max_num_queries
):
    tree = NeedTreePage.objects.get()
    client.get("/")  # warms the caches shared by every page (menu, identity, search)
    with django_assert_max_num_queries(12):
        client.get("/")
    few_needs = queries_of(client, "/")
    for number in range(3):
        theme = publish(tree, ThemePage(title=f"Thème {number}", slug=f"theme-{number}"))
        for need_number in range(4):
            slug = f"besoin-{number}-{need_number}"
            publish(theme, NeedPage(title=f"Besoin {need_number}", slug=slug))
    client.get("/")
    assert queries_of(client, "/") == few_needs
