"""What a screen reader gets from the guide and the orientation sheet (PDF/UA-1).

veraPDF itself runs in ``benchmarks/pdfua.py`` (it needs Java); these tests check, with pikepdf
and pypdf, the points it failed: links tagged once each (7.18.5-1), the cover image described or
left out of the structure (7.3-1), the sheet's XMP declaring PDF/UA (7.1-8); and star ratings
read as "3 sur 3 — expert" rather than as three star characters.
"""

import io
import re
from collections import Counter

import pikepdf
import pytest
from django.core.files.images import ImageFile
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model

from guide.models import GuideEdition
from guide.models.guide_scope import GuideOptions
from guide.orientation_sheet import render_pdf as render_sheet
from guide.pdf.guide import render_guide

LONG_TITLE = "Espace public numérique de la maison de quartier et de la médiathèque du Sablon"


@pytest.fixture
def venues(make_venue):
    return [
        make_venue(title="Centre social Pioche", code="S1", levels={"caf-rsa": 3, "impots": 2}),
        make_venue(title=LONG_TITLE, code="S2", levels={"ordinateur": 1}),
    ]


@pytest.fixture
def cover(tmp_path):
    path = tmp_path / "couverture.png"
    Image.new("RGB", (400, 200), "#88aa44").save(path)
    return str(path)


def open_pdf(data):
    return pikepdf.open(io.BytesIO(data))


def elements(pdf):
    """Every structure element, depth first."""
    found, stack = [], list(pdf.Root.StructTreeRoot.K)
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            found.append(element)
            kids = element.get("/K", pikepdf.Array())
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def parent_tree(pdf):
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}


def references(element):
    """The annotations an element holds (its OBJR kids)."""
    return [
        kid.Obj.objgen
        for kid in element.K
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"
    ]


def marked_texts(page):
    """{MCID: text} of a page, decoded by pypdf."""
    texts, stack = {}, []

    def before(operator, operands, _cm, _tm):
        if operator == b"BDC":
            properties = operands[1]
            stack.append(properties.get("/MCID") if hasattr(properties, "get") else None)
        elif operator == b"BMC":
            stack.append(None)
        elif operator == b"EMC":
            stack.pop()

    def shown(text, _cm, _tm, _font, _size):
        if text and stack and stack[-1] is not None:
            texts[stack[-1]] = texts.get(stack[-1], "") + text

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return texts


def spoken_text(data):
    """The text in the structure tree's order, each element's ActualText read instead of its
    content, as a screen reader reads a tagged PDF."""
    reader = PdfReader(io.BytesIO(data))
    pdf = open_pdf(data)
    texts = {
        page.obj.objgen: marked_texts(reader.pages[index]) for index, page in enumerate(pdf.pages)
    }

    def read(element, page_texts):
        if "/ActualText" in element:
            return f" {element.ActualText} "
        if "/Pg" in element:
            page_texts = texts[element.Pg.objgen]
        kids = element.get("/K", pikepdf.Array())
        return "".join(
            page_texts.get(kid, "") if isinstance(kid, int) else read(kid, page_texts)
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
        )

    return " ".join(read(pdf.Root.StructTreeRoot.K[0], {}).split())


def test_each_contents_entry_is_one_link_tagged_as_a_link(venues):
    pdf = open_pdf(render_guide(GuideOptions(year=2026)))
    tree = parent_tree(pdf)
    contents = next(page for page in pdf.pages if "/Annots" in page.obj)
    targets = Counter(str(annotation.Dest) for annotation in contents.obj.Annots)
    # "Éditorial", "Comment lire ce guide", the territory, two venues (the long title runs over
    # two lines), the index's title and its four parts (the title leads to the first).
    assert sum(targets.values()) == 10
    assert all(targets[f"lieu-{venue.pk}"] == 1 for venue in venues)
    assert targets["editorial"] == 1 and targets["lire"] == 1
    assert targets["index-alphabetique"] == 2

    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", ()):
            element = tree[int(annotation.StructParent)]
            assert element.S == "/Link"
            assert references(element) == [annotation.objgen]
    links = [element for element in elements(pdf) if element.S == "/Link"]
    assert all(len(references(link)) == 1 for link in links)  # no Link inside a Link


def test_star_ratings_are_read_as_their_level_and_printed_as_stars(venues):
    data = render_guide(GuideOptions(year=2026))
    spoken = spoken_text(data)
    assert "Accéder à ses droits sociaux et les gérer (RSA, CAF) 3 sur 3 — expert" in spoken
    assert "1 sur 3 — basique" in spoken
    assert not re.search("[★☆]{3}", spoken)  # single stars remain: a pictogram, a heading
    printed = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "★★★ expert" in printed and "★☆☆ basique" in printed


def cover_figures(data):
    """Alternative texts of the figures, the QR code's left out."""
    pdf = open_pdf(data)
    return [
        str(element.get("/Alt", ""))
        for element in elements(pdf)
        if element.S == "/Figure" and not str(element.get("/Alt", "")).startswith("QR code")
    ]


def test_a_described_cover_image_is_a_figure_with_its_alternative_text(venues, cover):
    options = GuideOptions(year=2026, cover_image_path=cover, cover_image_alt="Un atelier")
    assert cover_figures(render_guide(options)) == ["Un atelier"]


def test_a_cover_image_without_description_is_decoration(venues, cover):
    data = render_guide(GuideOptions(year=2026, page_size="a5", cover_image_path=cover))
    assert cover_figures(data) == []
    pdf = open_pdf(data)
    assert "/Pattern" in pdf.pages[0].Resources  # drawn as a background, an artifact


def test_an_editions_cover_is_described_by_its_image_description(db, cover):
    with open(cover, "rb") as image_file:
        image = get_image_model().objects.create(
            title="IMG_2041",
            description="Un atelier à la médiathèque",
            file=ImageFile(image_file, name="couverture.png"),
        )
    edition = GuideEdition.objects.create(year=2026, title="Guide 2026", cover_image=image)
    assert edition.options().cover_image_alt == "Un atelier à la médiathèque"


def test_orientation_sheet_declares_pdf_ua_and_reads_its_ratings(rf, venues):
    data, _context = render_sheet(venues[0], rf.get("/"))
    pdf = open_pdf(data)
    metadata = pdf.open_metadata()
    assert metadata["pdfuaid:part"] == "1"
    assert metadata["dc:title"] == "Fiche d'orientation — Centre social Pioche"
    assert metadata["dc:language"] == {"fr"}
    assert str(pdf.Root.Lang) == "fr"
    spoken = spoken_text(data)
    assert "3 sur 3 — expert" in spoken and "2 sur 3 — maîtrise" in spoken
    assert not re.search("[★☆]{3}", spoken)
