"""The magazine page as the layout team places it: the city's fonts and colours, text cut only
when it must (after a sentence, with a link), the column at the slot's size, PDF/UA metadata,
the QR code, and the plain text with a link per item."""

import io
import re
from html import unescape

import pikepdf
import pytest
import segno
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from actualites.channels import CHANNELS
from actualites.channels.magazine import render_pdf, render_text
from actualites.newsletter.export import ExportError, export_issue
from portal.models import PortalSettings
from portal.print_fonts import validate_font_file

from ..portal.test_identity import form_data, settings_url
from .letter_fixtures import *  # noqa: F403

DEJAVU_SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
POINTS_PER_MM = 72 / 25.4
ISSUE_URL = "http://testserver/lettre/numero-4/"


def city_font(flavor=None, embedding=0):
    """A font no system holds, "VilleTest-Regular" (DejaVu Serif renamed), as file bytes."""
    font = TTFont(DEJAVU_SERIF)
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = "VilleTest-Regular" if record.nameID == 6 else "VilleTest"
    font["OS/2"].fsType = embedding
    font.flavor = flavor
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_names(pdf_bytes):
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return {str(font.BaseFont) for page in pdf.pages for font in page.Resources.Font.values()}


def page_text(pdf_bytes):
    reader = PdfReader(io.BytesIO(pdf_bytes))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def text_sizes(pdf_bytes):
    """The size in points of every piece of text drawn on the page."""
    sizes = set()

    def visit(text, matrix, text_matrix, _font, size):
        if text.strip():
            sizes.add(round(size * text_matrix[0] * matrix[0], 1))

    PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text(visitor_text=visit)
    return sizes


def link_targets(pdf_bytes):
    page = PdfReader(io.BytesIO(pdf_bytes)).pages[0]
    return [
        annotation.get_object()["/A"]["/URI"]
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]


def with_free_text(issue, html):
    """The issue with its free text block (the last one) holding ``html``."""
    content = list(issue.content.raw_data)
    content[-1]["value"]["text"] = html
    issue.content = content
    return issue, content[-1]["id"]


@pytest.fixture
def identity(home_page):
    return PortalSettings.for_default_site()


def test_uploaded_font_sets_the_page_and_is_embedded(full_issue, identity):
    identity.print_font_regular.save("charte.woff2", ContentFile(city_font("woff2")))
    pdf = render_pdf(full_issue)
    assert any(name.endswith("+VilleTest") for name in font_names(pdf))
    assert "VilleTest-Regular" in embedded_font_programs(pdf)


def embedded_font_programs(pdf_bytes):
    """The PostScript names written inside the embedded font files themselves."""
    names = set()
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            names.add(TTFont(io.BytesIO(program.read_bytes()))["name"].getDebugName(6))
    return names


def test_without_uploaded_fonts_the_page_is_set_in_dejavu(full_issue):
    names = font_names(render_pdf(full_issue))
    assert names and all("+DejaVu-Sans" in name for name in names)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("charte.pdf", city_font(), "font_extension"),
        ("charte.ttf", b"%PDF-1.7 not a font", "font_unreadable"),
        ("charte.ttf", city_font(embedding=0x0002), "font_restricted"),
    ],
)
def test_font_upload_refuses_what_cannot_be_embedded(name, content, code):
    with pytest.raises(ValidationError) as refusal:
        validate_font_file(SimpleUploadedFile(name, content))
    assert refusal.value.code == code


def test_font_upload_accepts_truetype_and_woff2():
    validate_font_file(SimpleUploadedFile("charte.ttf", city_font()))
    validate_font_file(SimpleUploadedFile("charte.woff2", city_font("woff2")))


def drawing_colours(pdf_bytes):
    """Every RGB colour the page's content stream sets, as 0-255 triplets."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        operators = pikepdf.parse_content_stream(pdf.pages[0])
    return {
        tuple(round(float(value) * 255) for value in operands)
        for operands, operator in operators
        if str(operator) in ("rg", "RG") and len(operands) == 3
    }


def test_editors_upload_the_fonts_in_the_identity_setting(editor_client, home_page, identity):
    upload = SimpleUploadedFile("Charte-Regular.woff2", city_font("woff2"))
    response = editor_client.post(
        settings_url(identity.site), form_data(print_font_regular=upload, print_font_bold="")
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.print_font_regular.name.startswith("polices/")  # not under media/images/
    assert not identity.print_font_bold


def test_a_font_that_forbids_embedding_is_refused_with_the_reason(
    editor_client, home_page, identity
):
    upload = SimpleUploadedFile("Charte.ttf", city_font(embedding=0x0002))
    response = editor_client.post(
        settings_url(identity.site), form_data(print_font_regular=upload, print_font_bold="")
    )
    assert response.status_code == 200
    assert "interdit de l'incorporer dans un PDF" in unescape(response.content.decode())
    identity.refresh_from_db()
    assert not identity.print_font_regular


def test_page_uses_the_city_colours(full_issue, identity):
    identity.primary_colour, identity.secondary_colour = "#8a1538", "#2f5d1e"
    identity.save()
    colours = drawing_colours(render_pdf(full_issue))
    assert {(0x8A, 0x15, 0x38), (0x2F, 0x5D, 0x1E)} <= colours
    assert (0x00, 0x52, 0x8A) not in colours  # the default blue


def test_text_that_fits_is_printed_whole(full_issue):
    sentences = " ".join(f"Phrase {number} sur l'aide aux démarches." for number in range(50))
    full_issue.editorial = f"<p>{sentences}</p>"  # 2,000 characters
    text = page_text(render_pdf(full_issue))
    assert "Phrase 49 sur l'aide aux démarches." in text
    assert "Lire la suite" not in text


def test_long_text_is_cut_after_a_sentence_with_a_link_to_the_rest(full_issue):
    sentences = [f"Phrase {number} sur l'accompagnement aux démarches." for number in range(120)]
    issue, block_id = with_free_text(full_issue, f"<p>{' '.join(sentences)}</p>")
    pdf = render_pdf(issue)
    text = page_text(pdf)
    kept, rest = text.split(" Lire la suite")
    last_sentence = kept.rsplit("Phrase ", 1)[-1]
    assert re.fullmatch(r"\d+ sur l'accompagnement aux démarches\.", last_sentence)
    assert "Phrase 119" not in text
    anchor = f"#texte-{block_id.replace('-', '')[:8]}"
    assert rest.replace(" ", "").startswith(f":testserver/lettre/numero-4/{anchor}")
    assert f"{ISSUE_URL}{anchor}" in link_targets(pdf)
    assert "Un conseiller numérique à la mairie" in text  # the other items stay
    assert min(text_sizes(pdf)) >= 8  # shrunk to fit, never below 8 points


def test_column_variant_is_exactly_the_slot(full_issue, newsletter_index):
    newsletter_index.magazine_column_width, newsletter_index.magazine_column_height = 63, 240
    newsletter_index.save()
    pdf = export_issue(full_issue, "magazine-column-pdf")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert [float(side) for side in page.mediabox] == pytest.approx(
        [0, 0, 63 * POINTS_PER_MM, 240 * POINTS_PER_MM], abs=0.01
    )
    assert "La lettre de janvier" in page_text(pdf)


def test_column_variant_needs_the_slot_size(full_issue):
    assert "magazine-column-pdf" not in dict(full_issue.preview_modes)
    with pytest.raises(ExportError):
        export_issue(full_issue, "magazine-column-pdf")
    assert CHANNELS["magazine-pdf"].available(full_issue)


def test_the_slot_needs_both_its_width_and_its_height(newsletter_index):
    newsletter_index.magazine_column_width = 63
    with pytest.raises(ValidationError) as refusal:
        newsletter_index.clean()
    assert "magazine_column_height" in refusal.value.error_dict


@pytest.mark.parametrize("size", [None, (120, 260)])
def test_page_has_a_qr_code_of_the_web_issue(full_issue, newsletter_index, monkeypatch, size):
    if size:
        newsletter_index.magazine_column_width, newsletter_index.magazine_column_height = size
        newsletter_index.save()
    encoded = []
    make = segno.make
    monkeypatch.setattr(
        segno, "make", lambda content, *a, **k: encoded.append(content) or make(content, *a, **k)
    )
    pdf = export_issue(full_issue, "magazine-column-pdf" if size else "magazine-pdf")
    assert encoded == [ISSUE_URL]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert any(
            "QR code" in str(element.get("/Alt", ""))
            for element in structure_elements(document.Root.StructTreeRoot)
        )


def structure_elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from structure_elements(kid)


def test_pdf_declares_pdf_ua_with_its_title_and_language(full_issue):
    with pikepdf.open(io.BytesIO(render_pdf(full_issue))) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:title"] == "La lettre de janvier — n° 4 — janvier-février 2027"
        assert str(pdf.Root.Lang) == "fr"
        assert pdf.Root.MarkInfo.Marked


def test_plain_text_gives_each_item_its_link(full_issue):
    text = render_text(full_issue)
    links = re.findall(r"^En ligne\u00a0: (\S+)$", text, flags=re.MULTILINE)
    assert len(links) == 6  # two news, an event, the spotlight, the tip, the free text
    assert len(set(links)) == 6 and all(link.startswith(f"{ISSUE_URL}#") for link in links)


def test_web_issue_has_the_anchor_of_each_link(client, full_issue):
    html = client.get(ISSUE_URL).content.decode()
    for link in re.findall(r"^En ligne\u00a0: (\S+)$", render_text(full_issue), re.MULTILINE):
        assert f'id="{link.split("#")[1]}"' in html
