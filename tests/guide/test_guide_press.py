"""The printable guide as a print shop receives it: fonts, page count, print variant."""

import io
from collections import defaultdict

import pikepdf
import pytest
from pypdf import PdfReader

from guide.models.guide_scope import GuideOptions
from guide.pdf.guide import render_guide

from .test_guide_pdf import borny, texts, venues  # noqa: F401 (fixtures)

FONT_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")


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
    pages = texts(reader)
    assert len(pages) % multiple == 0
    assert "Données arrêtées le" in pages[-1]  # the back cover stays last
    content_end = next(i for i in range(len(pages) - 2, -1, -1) if pages[i])
    assert len(pages) - 2 - content_end < multiple  # only the blank pages needed were added
