"""The magazine edition: one page for the municipal magazine, and its text to paste.

Two PDFs, both print-ready and placed as they are in the magazine's layout, both PDF/UA-1
(tagged, XMP metadata with the title and language), fonts embedded, nothing fetched
(``portal.pdf``):

- the A4 page with its own margins (``A4``), the default;
- the column without margins, at the exact size of the slot the magazine's layout gives the
  newsletter (``column_format``: width × height in millimetres, set on the newsletter's page).

Both are set in the city's fonts (``portal.print_fonts``: the identity's uploads, else DejaVu
Sans) and colours. Whatever editors write, the page stays one page, and its text is cut only
when it must: the layout is measured, not guessed from character counts. The text is laid out
whole in the largest of ``FONT_SIZES`` that holds on the page; when even the smallest does not,
the longest texts are shortened, each after its last sentence within a common budget, with
"Lire la suite" and the short link of the item on the web issue (``prepared.short_url``); the
largest budget that fits is found by bisection over the texts' sentence ends, a dozen layouts
at most. A text is never cut inside a sentence, hence never inside a word. Should even titles
alone overflow, only the first page is kept (and a warning logged).

A QR code of the issue's web page closes the page for readers of the paper magazine: an image
with its alternative text, which the tagged PDF keeps (an inline SVG's title it drops).

The plain text is for the layout team who set the page in their own tools: every text whole,
titles, dates and addresses written out, and the short link of each item.
"""

import logging
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from guide.orientation_sheet import display_url
from guide.pdf.parts import PDF_VARIANT
from portal.models import PortalSettings
from portal.pdf import lay_out
from portal.print_fonts import print_font_css

from .prepared import prepare_issue
from .text import cut_at_sentence, sentence_ends, tidy

logger = logging.getLogger(__name__)

TEMPLATE = "actualites/newsletter/magazine.html"
TEXT_TEMPLATE = "actualites/newsletter/magazine.txt"
# Points, largest first; 8 points is the smallest text the portal prints.
FONT_SIZES = (10, 9.5, 9, 8.5, 8)
TWO_COLUMNS_FROM = 120  # millimetres of text width
NARROW_BELOW = 90  # millimetres of text width: smaller headings, the QR code above its text


@dataclass(frozen=True)
class PageFormat:
    """The page's size and margin, in millimetres."""

    width: float
    height: float
    margin: float = 0

    @property
    def text_width(self):
        return self.width - 2 * self.margin

    @property
    def columns(self):
        return 2 if self.text_width >= TWO_COLUMNS_FROM else 1

    @property
    def narrow(self):
        return self.text_width < NARROW_BELOW


A4 = PageFormat(210, 297, margin=12)


def column_format(issue):
    """The slot of the newsletter in the magazine, set on the newsletter's page; None when it
    is not set (or the issue is not in the tree yet)."""
    parent = issue.get_parent() if issue.pk else None
    size = getattr(parent.specific, "magazine_column_size", None) if parent else None
    return PageFormat(*size) if size else None


@dataclass(frozen=True)
class Shown:
    """A text as the page prints it: whole, or cut after a sentence with a link to the rest."""

    paragraphs: tuple
    more_url: str = ""

    @property
    def more_label(self):
        return display_url(self.more_url)


@dataclass(frozen=True)
class Copy:
    """A text the page may shorten, and where its whole version is read."""

    text: str
    url: str

    def shown(self, budget=None):
        kept, was_cut = (
            (self.text.strip(), False) if budget is None else cut_at_sentence(self.text, budget)
        )
        paragraphs = tuple(part.strip() for part in kept.split("\n\n") if part.strip())
        return Shown(paragraphs, self.url if was_cut else "")


@dataclass(frozen=True)
class PrintedItem:
    item: object
    text: Shown


@dataclass(frozen=True)
class PrintedSection:
    section: object
    text: Shown | None = None
    items: tuple = ()


class MagazinePage:
    """The issue's texts as copies the page may shorten, and the page at a given budget."""

    def __init__(self, prepared):
        self.prepared = prepared
        self.editorial = Copy(prepared.editorial.text, prepared.editorial_url)
        self.sections = []  # (section, Copy or None, [(item, Copy)])
        for section in prepared.sections:
            if section.kind in ("news", "events"):
                items = [(item, Copy(item.summary, item.short_url)) for item in section.items]
                if items:
                    self.sections.append((section, None, items))
            else:
                self.sections.append((section, Copy(section.body.text, section.short_url), []))

    @property
    def copies(self):
        yield self.editorial
        for _section, copy, items in self.sections:
            if copy:
                yield copy
            yield from (item_copy for _item, item_copy in items)

    def budgets(self):
        """Every budget that prints differently, smallest first: 0 and each sentence end."""
        return sorted({0}.union(*(sentence_ends(copy.text.strip()) for copy in self.copies)))

    def context(self, budget=None):
        sections = [
            PrintedSection(
                section,
                copy.shown(budget) if copy else None,
                tuple(PrintedItem(item, item_copy.shown(budget)) for item, item_copy in items),
            )
            for section, copy, items in self.sections
        ]
        return {"editorial": self.editorial.shown(budget), "sections": sections}


def fits(document):
    return len(document.pages) == 1


def fit_on_one_page(render, budgets):
    """The document ``render(font_size, budget)`` in the largest type that holds the whole text
    on one page, else in the smallest type with the largest budget that fits."""
    largest, smallest = FONT_SIZES[0], FONT_SIZES[-1]
    document = render(largest, None)
    if fits(document):
        return document
    smallest_whole = render(smallest, None)
    if fits(smallest_whole):
        for size in FONT_SIZES[1:-1]:
            if fits(document := render(size, None)):
                return document
        return smallest_whole
    low, high, best = 0, len(budgets) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits(document := render(smallest, budgets[middle])):
            best, low = document, middle + 1
        else:
            high = middle - 1
    return best


def render_pdf(issue, request=None, prepared=None, page_format=A4):
    """The magazine page as PDF/UA bytes, on one page of ``page_format``."""
    prepared = prepared or prepare_issue(issue, request)
    identity = PortalSettings.for_default_site()
    page = MagazinePage(prepared)
    language = issue.locale.language_code if issue.locale_id else "fr"
    font_faces, font_stack = print_font_css(identity)
    context = {
        "prepared": prepared,
        "now": timezone.now(),
        "identity": identity,
        "language": language,
        "bidi": get_language_info(language)["bidi"],
        "font_faces": font_faces,
        "font_stack": font_stack,
        "format": page_format,
        "logo": identity.logo_data_uri(),
        "qr_code": segno.make(prepared.url, error="m", micro=False).svg_data_uri(border=2),
        "qr_code_alt": _("QR code : adresse de la lettre en ligne, %(url)s")
        % {"url": prepared.url},
    }

    def render(font_size, budget):
        html = render_to_string(
            TEMPLATE, {**context, **page.context(budget), "font_size": font_size}
        )
        return lay_out(html)

    document = fit_on_one_page(render, page.budgets())
    if document is None:
        logger.warning("Magazine page of issue %s cut to its first page.", issue.number)
        document = render(FONT_SIZES[-1], 0)
        document = document.copy(document.pages[:1])
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def render_column_pdf(issue, request=None, prepared=None):
    """The page without margins at the size of the magazine's slot (A4 when none is set)."""
    return render_pdf(issue, request, prepared, page_format=column_format(issue) or A4)


def render_text(issue, request=None, prepared=None):
    """The magazine page's copy as plain text, for the layout team to paste."""
    prepared = prepared or prepare_issue(issue, request)
    identity = PortalSettings.for_default_site()
    return tidy(render_to_string(TEXT_TEMPLATE, {"prepared": prepared, "identity": identity}))
