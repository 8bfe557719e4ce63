"""What a print shop needs of the assembled guide, done on the joined PDF (pikepdf).

- Font subset names. WeasyPrint names a font subset after the font it comes from, so the
  parts of the guide, laid out separately, each bring their own subset of DejaVu Sans under
  one name. ISO 32000 wants one name per font program, and some raster image processors keep
  the first program of a name for every page and drop the glyphs the others hold: each
  program sharing a name with a different one gets a tag of its own.
- Page count. A stapled booklet is printed on sheets folded in two, four pages a sheet; a
  spiral binding on sheets printed recto verso. Blank pages go before the back cover, which
  stays the outside of the last sheet.
- Output intent, for the print variant: which printing condition the colours are meant for.
"""

import hashlib
import re
import string

from pikepdf import Array, Dictionary, Name, Page, String

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
FONT_PROGRAMS = ("/FontFile2", "/FontFile3", "/FontFile")
BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox")
# No CMYK profile with a licence that lets the repository ship it is on the build machines
# (Debian leaves the FOGRA profiles out): the output intent names the printing condition by its
# reference in the ICC registry, which prepress software resolves to its own profile.
PRINTING_CONDITION = "FOGRA39"
PRINTING_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"


def give_font_subsets_unique_names(pdf):
    """Rename subsets that share a name with a different font program; the number renamed."""
    programs = {}  # subset name -> {program digest: [font dictionaries]}
    for font in _fonts_with_programs(pdf):
        name = str(font.BaseFont).removeprefix("/")
        if SUBSET_TAG.match(name):
            programs.setdefault(name, {}).setdefault(_program_digest(font), []).append(font)
    used = {name[:6] for name in programs}
    parents = _composite_parents(pdf)
    renamed = 0
    for name, by_digest in programs.items():
        for digest, fonts in list(by_digest.items())[1:]:
            tag = _new_tag(digest, used)
            for font in fonts:
                _rename(font, tag + name[6:], parents)
            renamed += 1
    return renamed


def _fonts_with_programs(pdf):
    """Simple fonts and the descendants of composite fonts: those with a font descriptor."""
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font:
            if "/FontDescriptor" in obj and "/BaseFont" in obj:
                yield obj


def _program_digest(font):
    descriptor = font.FontDescriptor
    for key in FONT_PROGRAMS:
        if key in descriptor:
            return hashlib.sha256(descriptor[key].read_raw_bytes()).digest()
    return hashlib.sha256(repr(descriptor.objgen).encode()).digest()


def _composite_parents(pdf):
    """Descendant font (object and generation numbers) -> the Type0 fonts that use it."""
    parents = {}
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Subtype") == Name.Type0:
            for descendant in obj.get("/DescendantFonts", ()):
                parents.setdefault(descendant.objgen, []).append(obj)
    return parents


def _new_tag(digest, used):
    """Six capital letters from the program's digest, unused so far."""
    seed = digest
    while True:
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in seed[:6])
        if tag not in used:
            used.add(tag)
            return tag
        seed = hashlib.sha256(seed).digest()


def _rename(font, name, parents):
    font.BaseFont = Name("/" + name)
    font.FontDescriptor.FontName = Name("/" + name)
    for parent in parents.get(font.objgen, ()):
        parent.BaseFont = Name("/" + name)


def pad_for_binding(pdf, multiple):
    """Blank pages before the back cover until the page count is a multiple of ``multiple``."""
    missing = -len(pdf.pages) % multiple
    back_cover = pdf.pages[-1]
    for _blank in range(missing):
        page = Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=pdf.make_stream(b""))
        for box in BOXES:
            if box in back_cover.obj:
                page[box] = Array(back_cover.obj[box])
        pdf.pages.insert(len(pdf.pages) - 1, Page(pdf.make_indirect(page)))
    return missing


def add_output_intent(pdf):
    """The printing condition the guide is made for, as PDF/X asks."""
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFX,
                OutputConditionIdentifier=String(PRINTING_CONDITION),
                OutputCondition=String(PRINTING_CONDITION_INFO),
                RegistryName=String("http://www.color.org"),
                Info=String(PRINTING_CONDITION_INFO),
            )
        ]
    )
