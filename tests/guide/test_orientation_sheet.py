"""The orientation sheet: one A4 page about one venue, as PDF and as the printed venue page."""

import io
from datetime import date, datetime

import pikepdf
import pytest
import time_machine
from pypdf import PdfReader
from wagtail.models import Site

from guide import orientation_sheet as sheet
from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, ThemePage
from guide.models.catalogue import StarLegend, service_catalogue
from portal.models import PortalSettings

TUESDAY_10AM = datetime(2026, 11, 24, 10, 0, tzinfo=PARIS)


@pytest.fixture
def venue(make_venue):
    return make_venue(
        title="Centre d'animation Bordeaux-Lac",
        code="M5",
        address="13 rue Pioche",
        address_complement="Bâtiment B, 1er étage",
        postcode="57050",
        commune="Metz",
        access_conditions="Aucune démarche préalable, venir sur place ou prendre rendez-vous.",
        delay="2 semaines environ",
        steps="Prendre rendez-vous par téléphone ou sur place.",
        documents_to_bring=(
            "Pièce d'identité\n- Identifiants ameli et impots.gouv\nTéléphone portable chargé"
        ),
        phone="05 56 50 47 73",
        emails="ca.bordeauxlac@acaqb.fr",
        website="https://acaqb.fr/le-lac",
        transport="Tram C, Bus 15, 33, 35",
        step_free=True,
        support_by_appointment=True,
        support_drop_in=True,
        access_modes=["se-presenter", "telephoner"],
        booking_url="https://rdv.example.org/centre-lac",
        closures=[
            (date(2026, 12, 24), date(2026, 12, 31), "Congés de fin d'année"),
            (date(2027, 8, 1), date(2027, 8, 31), "Fermeture estivale"),
        ],
        levels={"caf-rsa": 3, "permis": 1, "impots": 2, "ordinateur": 2},
    )


@pytest.fixture
def rsa_need(home_page, families):
    """A need whose rule names two services of a family, one the venue does better."""
    tree = NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi")
    home_page.add_child(instance=tree)
    theme = ThemePage(title="Démarches en ligne", slug="demarches-en-ligne")
    tree.add_child(instance=theme)
    need = NeedPage(title="Demander le RSA", slug="rsa", family=families["demarches"])
    need.items = list(families["demarches"].items.filter(slug__in=["caf-rsa", "permis"]))
    theme.add_child(instance=need)
    for page in (tree, theme, need):
        page.save_revision().publish()
    return need


def pdf_text(reader):
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def read_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_is_one_page_with_everything_to_go_there(client, venue):
    response = client.get(venue.url + "fiche.pdf")
    reader = read_pdf(response)
    assert response["Content-Disposition"] == f'inline; filename="fiche-{venue.slug}.pdf"'
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    for expected in [
        "Ville de Metz",
        "FICHE D'ORIENTATION",  # headings are in capitals (CSS)
        "Centre d'animation Bordeaux-Lac",
        "13 rue Pioche",
        "Bâtiment B, 1er étage",
        "57050 Metz",
        "Aujourd'hui, mardi 24 novembre : 9 h – 12 h, 13 h 30 – 17 h",
        "ouvert — ferme à 12 h",
        "Lundi 30 novembre 9 h – 12 h, 13 h 30 – 17 h",
        "Samedi 28 novembre Fermé",
        "du 24 décembre 2026 au 31 décembre 2026 (Congés de fin d'année)",
        "Tram C, Bus 15, 33, 35",
        "oui, accès de plain-pied",
        "En individuel sur rendez-vous, en individuel sans rendez-vous",
        "https://rdv.example.org/centre-lac",
        "À APPORTER",
        "Pièce d'identité",
        "Identifiants ameli et impots.gouv",
        "Aucune démarche préalable",
        "05 56 50 47 73",
        "ca.bordeauxlac@acaqb.fr",
        "acaqb.fr/le-lac",
        f"testserver/lieux/{venue.slug}",
        "Fiche imprimée le 24 novembre 2026",
    ]:
        assert expected in text, expected
    # Closures after the next eight weeks wait for a later sheet.
    assert "Fermeture estivale" not in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_gives_the_level_of_each_service_offered(client, venue):
    """Made from the venue's page, with no need: every service offered, family by family."""
    text = pdf_text(read_pdf(client.get(venue.url + "fiche.pdf")))
    assert "SERVICES PROPOSÉS ET NIVEAU D'EXPERTISE" in text
    assert (
        "Découvrir les usages de base du numérique : Fonctionnement d'un ordinateur ★★☆ maîtrise."
        in text
    )
    assert (
        "Faire ses démarches en ligne : "
        "Déclarer ses revenus et découvrir des services proposés par les impôts ★★☆ maîtrise ; "
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) ★★★ expert ; "
        "Permis et carte grise ★☆☆ basique."
    ) in text
    assert "S'insérer professionnellement" not in text  # nothing offered there
    assert "Faire ses déclarations pôle emploi" not in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_made_for_a_need_gives_the_level_of_its_services(client, venue, rsa_need):
    """From the orientation tool (``?besoin=``): the services that answer the need, each with the
    venue's level, and none of the others."""
    text = pdf_text(read_pdf(client.get(venue.url + "fiche.pdf?besoin=rsa")))
    assert (
        "COMMENT SE FAIRE AIDER Pour votre besoin « Demander le RSA » : "
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) ★★★ expert ; "
        "Permis et carte grise ★☆☆ basique."
    ) in text
    assert "Déclarer ses revenus" not in text
    assert "Fonctionnement d'un ordinateur" not in text
    # An unknown need (an old link) gives the sheet without need.
    text = pdf_text(read_pdf(client.get(venue.url + "fiche.pdf?besoin=inconnu")))
    assert "Pour votre besoin" not in text
    assert "Fonctionnement d'un ordinateur ★★☆ maîtrise" in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_for_a_need_the_venue_was_added_to_by_hand_lists_its_services(
    client, make_venue, rsa_need
):
    venue = make_venue(levels={"cv": 2})
    text = pdf_text(read_pdf(client.get(venue.url + "fiche.pdf?besoin=rsa")))
    assert "Pour votre besoin" not in text
    assert "S'insérer professionnellement : Réaliser son CV ★★☆ maîtrise." in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_pdf_metadata_title_and_language(client, venue):
    reader = read_pdf(client.get(venue.url + "fiche.pdf"))
    assert reader.metadata.title == "Fiche d'orientation — Centre d'animation Bordeaux-Lac"
    assert reader.metadata.author == "Ville de Metz"
    assert reader.trailer["/Root"]["/Lang"] == "fr"


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_qr_code_holds_the_absolute_address_of_the_page(rf, venue):
    context = sheet.sheet_context(venue, rf.get("/"))
    assert context["url"] == f"http://testserver/lieux/{venue.slug}/"
    assert context["qr_code"].startswith('<svg role="img" ')
    assert "http://testserver/lieux/" in context["qr_code"]  # in its accessible title


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_cache_stops_when_the_venue_closes(client, venue):
    response = client.get(venue.url + "fiche.pdf")
    assert "max-age=300" in response["Cache-Control"]
    with time_machine.travel(datetime(2026, 11, 24, 11, 58, tzinfo=PARIS), tick=False):
        response = client.get(venue.url + "fiche.pdf")
    assert "max-age=120" in response["Cache-Control"]


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_venue_without_hours_or_contact_still_gets_a_sheet(client, make_venue):
    venue = make_venue(opening_hours="", phone="", emails="", website="")
    text = pdf_text(read_pdf(client.get(venue.url + "fiche.pdf")))
    assert "Horaires non renseignés : téléphonez avant de vous déplacer." in text
    assert "Ni téléphone ni e-mail renseigné." in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_draft_venue_has_no_sheet(client, make_venue):
    venue = make_venue()
    url = venue.url
    assert client.get(url + "fiche.pdf").status_code == 200
    venue.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(url + "fiche.pdf").status_code == 404
    assert client.get("/lieux/pas-de-lieu/fiche.pdf").status_code == 404


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_venue_page_links_to_the_sheet_and_prints_its_qr_code(client, venue):
    html = client.get(venue.url).content.decode()
    assert f'href="/lieux/{venue.slug}/fiche.pdf"' in html
    assert "Orienter quelqu" in html
    assert "Télécharger la fiche d'orientation (PDF)" in html
    assert "mailto:?subject=Centre%20d%27animation%20Bordeaux-Lac" in html
    start = html.index('<div class="print-only venue-print-qr">')
    block = html[start : html.index("</div>", start)]
    assert '<svg role="img" ' in block
    assert "Fiche imprimée le 24 novembre 2026" in block


def test_print_css_hides_the_screen_only_parts_and_shows_the_qr_code():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    screen, _, rest = css.partition("@media print {")
    printed = rest.split("\n}\n", 1)[0]
    assert ".print-only { display: none; }" in screen
    assert ".print-only { display: block; }" in printed
    assert "@page { size: A4; margin: 12mm; }" in printed
    for hidden in [".site-header nav", ".skip-link", ".site-footer", ".no-print", ".filters"]:
        assert hidden in printed.split("display: none")[0], hidden


def full(text, length):
    """``text`` repeated up to exactly ``length`` characters."""
    return (text * (length // len(text) + 1))[:length]


LONG = (
    "Venir avec une pièce d'identité, un justificatif de domicile de moins de trois mois, "
    "l'attestation de la CAF, le dernier avis d'imposition et un téléphone chargé. "
) * 40


@pytest.fixture
def full_venue(make_venue):
    """Free texts of 6,000 characters, every other field at its maximum length."""
    return make_venue(
        title=full("Maison des services au public du quartier Borny ", 255),
        summary=full("Aide aux démarches ", 280),
        easy_read=full("On vous aide pour internet. ", 400),
        address=full("Centre commercial Saint-Jacques, 2 rue du Général ", 255),
        address_complement=full("Au fond de la galerie, après la pharmacie ", 255),
        access_conditions=LONG,
        steps=LONG,
        delay=full("Deux semaines ", 120),
        documents_to_bring="\n".join(f"Justificatif numéro {n}" for n in range(200)),
        transport=full("Tram A arrêt Borny, Mettis B, lignes 1, 5, 11 ", 255),
        hours_note=full("Permanences supplémentaires certains samedis ", 255),
        emails=", ".join(f"contact{n}@borny.example.org" for n in range(17)),
        website="https://www.example.org/" + "a" * 176,
        booking_url="https://rdv.example.org/" + "b" * 176,
        phone="03 87 00 00 00",
        access_modes=[
            "se-presenter",
            "telephoner",
            "contacter-par-mail",
            "prendre-rdv-en-ligne",
            "fiche-prescription",
        ],
        support_by_appointment=True,
        support_drop_in=True,
        support_remote=True,
        support_workshops=True,
        support_self_service=True,
        fee="gratuit-sous-condition",
        fee_details=full("Gratuit pour les habitants, 2 € l'impression ", 255),
        opening_hours="Mo-Su 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00,16:00-17:00",
        closures=[
            (date(2026, 11, day), date(2026, 11, day), full("Inventaire annuel ", 120))
            for day in range(25, 31)
        ]
        + [
            (date(2026, 12, day), date(2026, 12, day), full("Inventaire ", 120))
            for day in range(1, 9)
        ],
        services={family: (3, []) for family in ("decouvrir", "insertion", "demarches", "creer")},
    )


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_every_field_full_still_fits_on_one_page(client, full_venue):
    """Long texts are cut, never shrunk to unreadable type nor spilled on a second sheet.

    guide/orientation_sheet.py tries layouts in turn: free texts cut at 600 characters (lists keep
    their first lines), then no ruled lines for notes, then smaller type, then free texts cut at
    240, then one-line fields cut at 90 and three e-mail addresses; each cut says the rest is on
    the venue's page, which the QR code opens.
    """
    reader = read_pdf(client.get(full_venue.url + "fiche.pdf"))
    assert len(reader.pages) == 1
    text = pdf_text(reader)
    for expected in [
        "Maison des services au public",
        "03 87 00 00 00",
        "contact0@borny.example.org",
        "autres adresses sur la page du lieu",
        "Services proposés : 22 services ; leur niveau d'expertise est sur la page du lieu.",
        "Justificatif numéro 0",
        "texte abrégé : la suite sur la page du lieu",
        "liste abrégée : la suite sur la page du lieu",
        "d'autres fermetures sont indiquées sur la page du lieu",
        "Fiche imprimée le 24 novembre 2026",
    ]:
        assert expected in text, expected
    assert "Justificatif numéro 199" not in text
    assert "contact16@" not in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_every_field_full_still_fits_on_one_page_with_the_level_for_the_need(
    client, full_venue, rsa_need, caplog
):
    reader = read_pdf(client.get(full_venue.url + "fiche.pdf?besoin=rsa"))
    assert len(reader.pages) == 1
    assert "cut to its first page" not in caplog.text
    text = pdf_text(reader)
    assert (
        "Pour votre besoin « Demander le RSA » : "
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) ★★★ expert"
    ) in text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_a_sheet_that_would_not_fit_keeps_its_first_page(rf, full_venue, monkeypatch, caplog):
    monkeypatch.setattr(sheet, "LAYOUTS", sheet.LAYOUTS[:1])
    pdf, context = sheet.render_pdf(full_venue, rf.get("/"))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "cut to its first page" in caplog.text


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_long_free_texts_alone_keep_the_full_layout(rf, make_venue):
    venue = make_venue(access_conditions=LONG, phone="03 87 00 00 00")
    pdf, context = sheet.render_pdf(venue, rf.get("/"))
    assert context["layout"] == sheet.LAYOUTS[0]
    assert context["texts"]["access_conditions"].is_cut
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_free_texts_are_cut_at_a_word_with_an_ellipsis():
    cut = sheet.sheet_text("un deux trois quatre cinq six", 16)
    assert cut.lines == ("un deux trois…",)
    assert cut.is_cut
    listed = sheet.sheet_text("Pièce d'identité\nCarte Vitale\nAvis d'imposition", 36)
    assert listed.lines == ("Pièce d'identité", "Carte Vitale")
    assert listed.is_cut
    whole = sheet.sheet_text("- Pièce d'identité\n\n• Carte Vitale\n", 600)
    assert whole.lines == ("Pièce d'identité", "Carte Vitale")
    assert whole.is_list and not whole.is_cut
    assert not sheet.sheet_text("", 600)


@pytest.fixture
def portal_settings(home_page):
    """The site's settings, which the first page shown would otherwise create, and the service
    catalogue, which a site keeps cached from one request to the next."""
    portal_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    StarLegend.cached()  # settings created above start a new content generation: cached after them
    service_catalogue()
    return portal_settings


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_query_count_is_bounded(
    client, venue, portal_settings, django_assert_max_num_queries, no_page_cache
):
    with django_assert_max_num_queries(15):
        assert client.get(venue.url + "fiche.pdf").status_code == 200


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_sheet_for_a_need_query_count_is_bounded(
    client, venue, rsa_need, portal_settings, django_assert_max_num_queries, no_page_cache
):
    """Two more than without a need: the need and its services."""
    with django_assert_max_num_queries(17):
        assert client.get(venue.url + "fiche.pdf?besoin=rsa").status_code == 200


class TwoPagesEveryTime:
    """A laid-out sheet that never fits: the view tries every layout, then keeps one page."""

    pages = ("first", "second")

    def copy(self, pages):
        return self

    def write_pdf(self, **options):
        output = io.BytesIO()
        pikepdf.new().save(output)
        return output.getvalue()


@time_machine.travel(TUESDAY_10AM, tick=False)
def test_trying_every_layout_costs_no_more_queries(
    client, full_venue, portal_settings, django_assert_max_num_queries, no_page_cache, monkeypatch
):
    """Queries come from the context, built once: WeasyPrint's work is left out."""
    tried = []
    monkeypatch.setattr(sheet, "lay_out", lambda html: tried.append(html) or TwoPagesEveryTime())
    with django_assert_max_num_queries(15):
        assert client.get(full_venue.url + "fiche.pdf").status_code == 200
    assert len(tried) == len(sheet.LAYOUTS)
