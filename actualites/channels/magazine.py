"""The magazine edition: one A4 page for the municipal magazine, and its text to paste.

The PDF is print-ready for the magazine's printer: A4 without bleed (the page sits inside the
magazine's own layout), DejaVu fonts embedded, nothing fetched (``portal.pdf``). Whatever
editors write, it stays on one page: it is laid out in the first of ``LAYOUTS`` that fits, each
smaller and shorter than the one before, as the venues' orientation sheet does; should even the
last one overflow, only the first page is kept (and a warning logged).

The page carries the city's name or logo and its primary colour, and a QR code of the issue's
web page for readers of the paper magazine.

The plain text is for the layout team who set the page in their own tools: titles, paragraphs,
dates and addresses written out, no markup.
"""

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from guide.orientation_sheet import qr_svg
from portal.models import PortalSettings
from portal.pdf import lay_out

from .prepared import prepare_issue
from .text import tidy

logger = logging.getLogger(__name__)

TEMPLATE = "actualites/newsletter/magazine.html"
TEXT_TEMPLATE = "actualites/newsletter/magazine.txt"


@dataclass(frozen=True)
class Layout:
    font_size: float = 10  # points
    summary_budget: int = 400  # characters kept from each news or event summary
    text_budget: int = 1500  # characters kept from each tip, spotlight or free text
    event_summaries: bool = True


LAYOUTS = (
    Layout(),
    Layout(font_size=9),
    Layout(font_size=8.5, summary_budget=160, text_budget=600),
    Layout(font_size=8, summary_budget=100, text_budget=320, event_summaries=False),
    Layout(font_size=7, summary_budget=60, text_budget=200, event_summaries=False),
)


def render_pdf(issue, request=None, prepared=None):
    """The magazine page as PDF bytes, in the first layout that fits on one A4 page."""
    prepared = prepared or prepare_issue(issue, request)
    identity = PortalSettings.for_default_site()
    context = {
        "prepared": prepared,
        "now": timezone.now(),
        "identity": identity,
        "logo": identity.logo_data_uri(),
        "qr_code": qr_svg(
            prepared.url,
            _("QR code : adresse de la lettre en ligne, %(url)s") % {"url": prepared.url},
        ),
    }
    for layout in LAYOUTS:
        html = render_to_string(TEMPLATE, {**context, "layout": layout})
        document = lay_out(html)
        if len(document.pages) == 1:
            break
    else:
        logger.warning("Magazine page of issue %s cut to its first page.", issue.number)
        document = document.copy(document.pages[:1])
    return document.write_pdf(pdf_tags=True)


def render_text(issue, request=None, prepared=None):
    """The magazine page's copy as plain text, for the layout team to paste."""
    prepared = prepared or prepare_issue(issue, request)
    identity = PortalSettings.for_default_site()
    return tidy(render_to_string(TEXT_TEMPLATE, {"prepared": prepared, "identity": identity}))
