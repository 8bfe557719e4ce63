"""The guide as a book: territory openings that map their places and the help they give, a back
cover with the city's contact and the site's address, the city's name with its article, and a
venue's page that states each fact once. Read back with pypdf (and pikepdf for the structure)."""

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader
from wagtail.models import Site

from guide.models import VenuePage
from guide.models.guide_scope import GuideOptions
from guide.pdf.content import cut_name, fee_details
from guide.pdf.guide import render_guide
from portal.models import PortalSettings

from .test_guide_pdf import VENUE_MARKER, borny, texts, venue_pages, venues  # noqa: F401 (fixtures)
from .test_pdf_accessibility import elements

OPENER_MARKER = "LES LIEUX DU TERRITOIRE"


def render(**options):
    return PdfReader(io.BytesIO(render_guide(GuideOptions(year=2026, **options))))


def opener(pages, heading):
    """(1-based number, text) of the territory's opening page."""
    return next(
        (number, text)
        for number, text in enumerate(pages, 1)
        if OPENER_MARKER in text and f"{heading} " in text
    )


def listed_page(opening, code, title):
    """The page number the opening gives after a place's code and name."""
    found = re.search(re.escape(f"{code} {title}") + r"[\s.]*(\d+)", opening)
    assert found, (code, title, opening)
    return found.group(1)


@pytest.fixture
def identity(db):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.city_name = "Ville de Metz"
    settings.city_article = "la"
    settings.publisher_name = "Ville de Metz, pôle cohésion sociale"
    settings.postal_address = "Hôtel de ville\n1 place d'Armes\n57000 Metz"
    settings.contact_phone = "03 87 55 50 00"
    settings.contact_email = "numerique@example.org"
    settings.opening_hours = "du lundi au vendredi, de 8 h 30 à 17 h"
    settings.save()
    return settings


@pytest.mark.django_db
def test_a_territory_opens_on_its_places_with_their_pages_and_the_needs_they_cover(
    venues,  # noqa: F811
    make_venue,
):
    # A venue over two pages before the others: the pages the opening lists move with it.
    make_venue(
        title="Lieu très bavard",
        code="S0",
        presentation="<p>" + "Une présentation qui ne finit jamais, vraiment. " * 900 + "</p>",
    )
    reader = render()
    pages = texts(reader)
    labels = reader.page_labels
    found = venue_pages(pages, venues)

    number, sablon = opener(pages, "★ METZ SABLON")
    assert "3 lieux" in sablon
    for venue in venues[:2]:
        assert listed_page(sablon, venue.code, venue.title) == labels[found[venue.title][0] - 1]
    assert found["Centre social Pioche"][0] - number >= 3  # S0, over two pages, comes first
    # The needs covered, family by family: each place at its best level, by code.
    assert "Faire ses démarches en ligne ★★★ expert : S1" in sablon
    assert "Créer avec le numérique ★★☆ maîtrise : S2" in sablon
    assert "S'insérer professionnellement — non proposé" in sablon
    assert re.search(r"Non proposés dans le territoire : .*Permis et carte grise\.", sablon)
    # The whole opening on its page, the venues after it.
    assert VENUE_MARKER not in sablon and pages[number].startswith("S0 Lieu très bavard")

    number, borny_page = opener(pages, "★ METZ BORNY")
    assert "1 lieu" in borny_page
    assert listed_page(borny_page, "B1", "Espace numérique de Borny") == labels[number]
    assert "S'insérer professionnellement ★★☆ maîtrise : B1" in borny_page
    assert "S1" not in borny_page


@pytest.mark.django_db
def test_the_opening_of_sixty_places_holds_on_one_a5_page(make_venue, borny):  # noqa: F811
    places = [
        make_venue(
            title=f"Espace numérique et France services du quartier {number} – mairie annexe",
            code=f"B{number}",
            territory=borny,
            services={"demarches": (3 - number % 3, ["impots"]), "creer": (1 + number % 3, [])},
        )
        for number in range(1, 61)
    ]
    reader = render(page_size="a5")
    pages = texts(reader)
    labels = reader.page_labels
    number, opening = opener(pages, "★ METZ BORNY")
    assert "60 lieux" in opening
    for place in (places[0], places[29], places[59]):
        assert f"{place.code} " in opening
    assert "Faire ses démarches en ligne ★★★ expert" in opening
    # The next page is the first venue's: the list did not run over.
    assert OPENER_MARKER not in pages[number] and "B1 Espace numérique" in pages[number]
    assert labels[number] == re.search(r"B1 [^\d]*?(\d+)", opening).group(1)


@pytest.mark.django_db
def test_the_back_cover_gives_the_citys_contact_the_site_and_its_qr_code(venues, identity):  # noqa: F811
    data = render_guide(GuideOptions(year=2026, page_size="a5"))
    reader = PdfReader(io.BytesIO(data))
    back = " ".join(reader.pages[-1].extract_text().split())
    assert "Guide édité par la Ville de Metz" in back
    assert "Ville de Metz, pôle cohésion sociale" in back
    assert "Hôtel de ville, 1 place d'Armes, 57000 Metz" in back
    assert "03 87 55 50 00" in back and "numerique@example.org" in back
    assert "Horaires d'accueil : du lundi au vendredi" in back
    site = Site.objects.get(is_default_site=True).root_url.split("://")[1]
    assert site in back
    # The QR code: a figure of the back cover's page, described by the address it holds.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        last_page = pdf.pages[-1].obj.objgen
        figures = [
            str(element.Alt)
            for element in elements(pdf)
            if element.S == "/Figure" and "/Alt" in element and figure_page(element) == last_page
        ]
    assert any(alt.startswith("QR code") and site in alt for alt in figures), figures
    assert len(reader.pages) % 4 == 0  # still padded for the binding, back cover last


def figure_page(element):
    while "/Pg" not in element and "/P" in element:
        element = element.P
    return element.Pg.objgen if "/Pg" in element else None


@pytest.mark.django_db
def test_the_city_is_named_with_its_article(venues, identity):  # noqa: F811
    pages = texts(render())
    assert "Les lieux-ressources de la Ville de Metz pour l'inclusion numérique" in pages[0]
    assert "Guide édité par la Ville de Metz" in pages[-1]
    assert not any(re.search(r"\b(de|à|par) Ville de Metz", text) for text in pages)


@pytest.mark.django_db
def test_a_venue_page_states_each_fact_once(make_venue):
    venue = make_venue(
        title="Centre social Pioche – CCAS de Metz",
        code="S1",
        summary="Ateliers numériques du lundi, sur rendez-vous.",
        presentation="<p>Des ateliers numériques le lundi, sur rendez-vous, au centre.</p>",
        legal_status="ccas",
        parent_structure="CCAS de Metz",
        steps="Se présenter sur place avec ses identifiants.",
        access_modes=["se-presenter", "telephoner"],
        fee="gratuit-sous-condition",
        fee_details="Gratuit, réservé aux habitants de Metz",
        mediators_count=2,
        mediators_note="1 bénévole et 1 conseiller numérique",
        website="https://pioche.example.org/",
        booking_url="https://pioche.example.org",
        phone="03 87 00 00 00",
        services={"demarches": (3, ["caf-rsa"])},
    )
    pages = texts(render())
    page = next(text for text in pages if VENUE_MARKER in text and venue.title in text)
    # The summary sums up the presentation: only the presentation is printed.
    assert "Ateliers numériques du lundi" not in page
    assert "Des ateliers numériques le lundi" in page
    # The fee once, then what its details add.
    assert "Coût : Gratuit sous condition — réservé aux habitants de Metz" in page
    # "Se présenter sur place" is already the step to follow.
    assert "Pour prendre contact : Téléphoner." in page
    assert page.count("présenter sur place") == 1
    # The number of mediators is already in their description.
    assert "Accompagnateurs numériques : 1 bénévole et 1 conseiller numérique" in page
    # The booking address is the website's; the parent structure is in the title.
    assert page.count("pioche.example.org") == 1
    assert page.count("CCAS de Metz") == 1
    # The levels are named beside each rating: no legend line on every page.
    assert "voir « Comment lire ce guide »" not in page


@pytest.mark.parametrize(
    ("name", "limit", "printed"),
    [
        ("Centre social Pioche", 25, "Centre social Pioche"),
        ("Espace France services – Mairie de quartier", 25, "Espace France services…"),
        ("Médiathèque Jean-Macé de Borny", 11, "Médiathèqu…"),  # no word short enough
        ("Une fiche sans limite de longueur", None, "Une fiche sans limite de longueur"),
    ],
)
def test_a_name_is_cut_after_a_word_with_an_ellipsis(name, limit, printed):
    assert cut_name(name, limit) == printed
    assert limit is None or len(cut_name(name, limit)) <= limit


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fee", "details", "printed"),
    [
        ("gratuit-sous-condition", "Gratuit, réservé aux habitants", "réservé aux habitants"),
        ("payant", "Payant : 5 € la séance", "5 € la séance"),
        ("gratuit", "Gratuit", ""),
        ("gratuit-sous-condition", "Adhésion gratuite nécessaire", "Adhésion gratuite nécessaire"),
    ],
)
def test_fee_details_do_not_repeat_the_fee(fee, details, printed):
    assert fee_details(VenuePage(fee=fee, fee_details=details)) == printed
