"""The printable guide as a print shop receives it: fonts, page count, print variant."""

import io
from collections import defaultdict
from decimal import Decimal

import pikepdf
import pytest
from pypdf import PdfReader

from guide.models.guide_scope import GuideOptions
from guide.pdf.guide import render_guide

from .test_guide_pdf import borny, texts, venue_pages, venues  # noqa: F401 (fixtures)

FONT_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")
COLOR_OPERATORS = {"rg", "RG", "g", "G", "k", "K", "cs", "CS", "sc", "SC", "scn", "SCN"}
BLEED = 3 / 25.4 * 72  # 3 mm in points


def colors_set(page):
    """The colour operators of a page's own content: text, rules, backgrounds."""
    return [
        (
            str(operator),
            [float(o) if isinstance(o, int | float | Decimal) else str(o) for o in operands],
        )
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) in COLOR_OPERATORS
    ]


def box(page, name):
    return [float(value) for value in page.obj[name]]


def font_programs_by_name(pdf):
    """Subset name -> the distinct font programs (their bytes) printed under it."""
    programs = defaultdict(set)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/FontDescriptor" in obj:
            descriptor = obj.FontDescriptor
            key = next(key for key in FONT_PROGRAMS if key in descriptor)
            programs[str(obj.BaseFont)].add(descriptor[key].read_bytes())
    return programs


@pytest.fixture
def one_venue_per_part(monkeypatch):
    import guide.pdf.guide as guide_module

    monkeypatch.setattr(guide_module, "MIN_BATCH", 1)
    monkeypatch.setattr(guide_module, "MAX_BATCH", 1)


@pytest.mark.django_db
@pytest.mark.usefixtures("venues", "one_venue_per_part")
def test_each_font_program_has_a_name_of_its_own_after_joining_the_parts():
    pdf = pikepdf.open(io.BytesIO(render_guide(GuideOptions(year=2026))))
    programs = font_programs_by_name(pdf)
    assert len(programs) > 4  # every part brought its own subsets
    assert {name: len(found) for name, found in programs.items() if len(found) > 1} == {}
    # Composite fonts carry their descendant's name.
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.Type0:
            assert obj.BaseFont == obj.DescendantFonts[0].BaseFont


@pytest.mark.django_db
@pytest.mark.usefixtures("venues")
@pytest.mark.parametrize(("binding", "multiple"), [("booklet", 4), ("spiral", 2)])
def test_blank_pages_make_the_count_fit_the_binding_before_the_back_cover(binding, multiple):
    pdf = render_guide(GuideOptions(year=2026, binding=binding))
    reader = PdfReader(io.BytesIO(pdf))
    if binding == "booklet":
        assert_light_and_rgb(pikepdf.open(io.BytesIO(pdf)))
    pages = texts(reader)
    assert len(pages) % multiple == 0
    assert "Données arrêtées le" in pages[-1]  # the back cover stays last
    content_end = next(i for i in range(len(pages) - 2, -1, -1) if pages[i])
    assert len(pages) - 2 - content_end < multiple  # only the blank pages needed were added


def assert_light_and_rgb(pdf):
    """The screen variant: no bleed, no output intent, colours in RGB."""
    assert "/OutputIntents" not in pdf.Root
    for page in pdf.pages:
        assert box(page, "/MediaBox") == box(page, "/TrimBox") == box(page, "/BleedBox")
        assert {operator for operator, _operands in colors_set(page)} <= {"rg", "RG"}


@pytest.mark.django_db
@pytest.mark.usefixtures("venues")
def test_the_print_shops_file_has_bleed_crop_marks_pure_black_and_an_output_intent():
    pdf = pikepdf.open(io.BytesIO(render_guide(GuideOptions(year=2026, for_press=True))))
    assert len(pdf.pages) % 4 == 0
    assert [str(intent.S) for intent in pdf.Root.OutputIntents] == ["/GTS_PDFX"]
    for page in pdf.pages:
        trim, bleed = box(page, "/TrimBox"), box(page, "/BleedBox")
        margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
        assert margins == pytest.approx([BLEED] * 4, abs=0.01)
        assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.01)  # A4 once trimmed
        for operator, operands in colors_set(page):
            if operator in ("cs", "CS"):
                assert operands == ["/DeviceCMYK"]
            else:
                assert operator in ("scn", "SCN") and operands[:3] == [0, 0, 0]
    cover = pdf.pages[0]
    assert "/XObject" in cover.Resources  # the crop marks
    back_cover_colors = colors_set(pdf.pages[-1])
    assert ("scn", [0, 0, 0, 0.06]) in back_cover_colors  # its grey, to the edge of the bleed


def smallest_text(page):
    """The smallest size text is printed at on the page, in points (font size × text and
    transformation matrices' scale), or None for a page without text."""
    sizes = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            matrix = [
                tm[0] * cm[0] + tm[1] * cm[2],
                tm[0] * cm[1] + tm[1] * cm[3],
                tm[2] * cm[0] + tm[3] * cm[2],
                tm[2] * cm[1] + tm[3] * cm[3],
            ]
            sizes.append(size * abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]) ** 0.5)

    page.extract_text(visitor_text=visit)
    return min(sizes, default=None)


@pytest.mark.django_db
def test_a5_prints_nothing_under_8_pt_and_gives_a_long_venue_two_pages(venues, make_venue):  # noqa: F811
    make_venue(
        title="Lieu très détaillé",
        code="S0",
        presentation="<p>" + "Une présentation détaillée mais utile. " * 110 + "</p>",
        services={family: (2, []) for family in ("decouvrir", "insertion", "demarches", "creer")},
    )
    reader = PdfReader(io.BytesIO(render_guide(GuideOptions(year=2026, page_size="a5"))))
    sizes = [smallest_text(page) for page in reader.pages]
    assert min(size for size in sizes if size is not None) >= 7.99, sizes
    pages = texts(reader)
    long_start = next(
        n
        for n, text in enumerate(pages, 1)
        if "S0 Lieu très détaillé Une présentation détaillée" in text
    )
    found = venue_pages(pages, venues)
    assert found["Centre social Pioche"][0] - long_start == 2  # the long venue took 2 pages
