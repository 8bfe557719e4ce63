"""Printing a venue page from the browser gives its orientation sheet: one A4 page."""

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.django_db(transaction=True)
def test_printed_venue_page_is_one_a4_page_with_its_qr_code(page_at, live_server, make_venue):
    from wagtail.models import Site

    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    venue = make_venue(
        title="Centre d'animation Bordeaux-Lac à vocation sociale et culturelle",
        code="M5",
        presentation="<p>Animation socioculturelle en direction des enfants.</p>" * 10,
        access_conditions="Aucune démarche préalable, venir sur place, prendre rendez-vous.",
        delay="2 semaines environ",
        steps="Prendre rendez-vous par téléphone, sur place.",
        documents_to_bring="Pièce d'identité, identifiants ameli, téléphone chargé.",
        phone="05 56 50 47 73",
        emails="ca.bordeauxlac@acaqb.fr",
        website="https://acaqb.fr/le-lac",
        transport="Tram C, Bus 15, 33, 35",
        publics=["jeunes", "adultes", "seniors", "demandeurs-emploi", "allocataires-rsa"],
        support_by_appointment=True,
        mediators_note="2 salariés, partenaires",
        equipment=[("ordinateur", 4), ("imprimante", None)],
        services={
            "decouvrir": (2, ["tablette-smartphone", "ordinateur", "internet", "mails"]),
            "demarches": (3, ["caf-rsa", "ameli", "impots"]),
        },
        closures=[(date(2026, 12, 24), date(2026, 12, 31), "Congés de fin d'année")],
    )
    index = venue.get_parent().specific
    index.title, index.show_in_menus = "Trouver un lieu", True
    index.save_revision().publish()
    page = page_at(1280)
    page.goto(live_server.url + venue.url)
    assert page.locator(".venue-print-qr svg").count() == 1
    assert not page.locator(".venue-print-qr").is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4, in points
    text = reader.pages[0].extract_text()
    assert "05\u00a056\u00a050\u00a047\u00a073" in text  # grouped, never broken
    assert "Scannez ce code" in text
    assert "Orienter quelqu" not in text
    assert "Trouver un lieu" not in text  # the navigation
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "venue-print.png", full_page=True)
