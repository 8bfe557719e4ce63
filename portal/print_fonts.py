"""The city's own fonts in its printed documents: checked at upload, inlined when printing.

A city's charter names its fonts; the layout team of its magazine rejects a page set in
anything else. Editors upload the regular and bold files in the identity setting; PDFs set
their text in the font's own family, declared by ``print_font_css`` from those files as
``data:`` URIs (WeasyPrint fetches nothing, ``portal.pdf``), with DejaVu Sans (a system package
the project installs) when no file is uploaded.

The files are stored under ``polices/`` in the media, which the documented proxy does not serve
(only ``/media/images/``): a font licensed for the city's documents is not handed out to anyone.
A font whose licence forbids embedding (``fsType`` "restricted") is refused: a PDF must embed
its fonts.
"""

import base64
import io
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DEFAULT_PRINT_FAMILY = "Police de la collectivite"  # for a font that gives no family name
FALLBACK_STACK = '"DejaVu Sans", sans-serif'
SAFE_FAMILY = re.compile(r"[^\w -]")
MAX_FONT_BYTES = 5 * 1024 * 1024
# Format name in CSS and MIME type, by file extension.
FONT_FORMATS = {
    ".woff2": ("woff2", "font/woff2"),
    ".ttf": ("truetype", "font/ttf"),
    ".otf": ("opentype", "font/otf"),
}
# The first bytes of each kind of file: TrueType (two spellings), OpenType CFF, WOFF2.
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOF2")
RESTRICTED_EMBEDDING = 0x0002  # OS/2 fsType bit: the licence forbids embedding


def validate_font_file(upload):
    """A font file WeasyPrint can embed: .woff2, .ttf or .otf, readable, embedding allowed."""
    if PurePath(upload.name).suffix.lower() not in FONT_FORMATS:
        raise ValidationError(
            _("Choisissez un fichier de police .woff2, .ttf ou .otf."), code="font_extension"
        )
    if upload.size > MAX_FONT_BYTES:
        raise ValidationError(
            _("Ce fichier dépasse 5 Mo : ce n'est sans doute pas une seule police."),
            code="font_size",
        )
    font = _read_font(upload)
    if font is None:
        raise ValidationError(
            _("Ce fichier n'est pas une police lisible : exportez-la de nouveau en .ttf ou .otf."),
            code="font_unreadable",
        )
    if "OS/2" in font and font["OS/2"].fsType & RESTRICTED_EMBEDDING:
        raise ValidationError(
            _(
                "La licence de cette police interdit de l'incorporer dans un PDF : demandez au "
                "fournisseur une version qui le permet."
            ),
            code="font_restricted",
        )


def _read_font(upload):
    """The font's tables (fontTools), or None when the file is not a font."""
    from fontTools.ttLib import TTFont, TTLibError

    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head not in FONT_SIGNATURES:
        return None
    try:
        font = TTFont(upload, lazy=True)
        font["cmap"]  # noqa: B018 - a font without a character map prints nothing
    except (TTLibError, KeyError, ValueError, OSError, AssertionError):
        return None
    finally:
        upload.seek(0)
    return font


def _font_data(field_file):
    """The file's bytes and CSS format and MIME type; None for a file of another kind (one
    saved without the form's checks)."""
    known = FONT_FORMATS.get(PurePath(field_file.name).suffix.lower())
    if known is None:
        return None
    with field_file.open("rb") as font_file:
        return font_file.read(), *known


def family_name(data):
    """The font's own family name, as print shops' preflight reports it: the PDF names the
    embedded font after the CSS family. Only letters, digits, spaces and hyphens are kept,
    to write it safely in a stylesheet."""
    from fontTools.ttLib import TTFont

    names = TTFont(io.BytesIO(data), lazy=True)["name"]
    name = names.getDebugName(16) or names.getDebugName(1) or ""
    return SAFE_FAMILY.sub("", name).strip() or DEFAULT_PRINT_FAMILY


def print_font_css(identity):
    """``(font faces, font stack)``: the ``@font-face`` rules of the identity's uploaded fonts
    as ``data:`` URIs, and the ``font-family`` of printed text, the city's font first and DejaVu
    Sans after it (for a missing glyph, or alone when nothing was uploaded).

    Both files are declared under the regular's family name; a missing bold is left to
    WeasyPrint, which thickens the regular face.
    """
    fonts = [
        (weight, font)
        for weight, field_file in (
            (400, identity.print_font_regular),
            (700, identity.print_font_bold),
        )
        if field_file and (font := _font_data(field_file))
    ]
    if not fonts:
        return "", mark_safe(FALLBACK_STACK)  # nosec B308, B703 # a constant
    family = family_name(fonts[0][1][0])
    rules = []
    for weight, (data, css_format, mime) in fonts:
        uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        rules.append(
            f'@font-face {{ font-family: "{family}"; src: url({uri}) format("{css_format}"); '
            f"font-weight: {weight}; }}"
        )
    # Constants, base64, and a family name reduced to letters, digits, spaces and hyphens.
    faces = mark_safe("\n".join(rules))  # nosec B308, B703
    return faces, mark_safe(f'"{family}", {FALLBACK_STACK}')  # nosec B308, B703
