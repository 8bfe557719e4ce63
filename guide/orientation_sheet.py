"""The orientation sheet ("fiche d'orientation"): one A4 page about one venue, to take away.

A professional who sends someone to a venue prints this page and hands it over: where the
place is, when it is open, how to get help there, what to bring, how to reach it, and a QR
code back to the venue's page for anything that changes later.

Levels. Made for a need (``?besoin=<slug>``, the link of the orientation tool's shortlist), the
sheet opens "Comment se faire aider" with the level of the services that answer it, those of the
need's rule, best first: the person knows whether the venue is expert in *her* procedure.
Otherwise (or for a venue added to the need by hand, which offers none of them) it lists every
service offered, a line per family, each with its level. Levels are printed as in the guide
(``guide.printed_levels``): filled and empty stars, then the level's name in words. An unknown need
is ignored: an old link still gives a sheet.

The same data serves two outputs: the PDF rendered by WeasyPrint at ``<venue>/fiche.pdf``
(template ``guide/orientation_sheet.html``, with its own print CSS) and the print-only block
of the venue page itself (its QR code, through the ``orientation_qr`` template tag).

Long texts. The sheet must stay on one sheet of paper whatever editors write, so it is
rendered in the first of these layouts that fits on one page (``LAYOUTS``):

1. everything, with a few ruled lines for the professional's notes (appointment, name…);
2. the same without the ruled lines;
3. a compact layout: smaller type, no summary;
4. the compact layout with the free texts (access conditions, steps, what to bring) cut at
   ``SHORT_TEXT`` characters instead of ``LONG_TEXT``;
5. for fields filled to their maximum length: the short fields (name, the easy-read text,
   address, transport, notes on hours and cost, reasons of closures…) cut at ``SHORT_FIELD``
   characters, the first ``MAX_EMAILS`` e-mail addresses only, and the services listed cut to
   ``MAX_SERVICES`` per family (or for the need);
6. the last resort: the same with the services offered counted in one line, a need's best
   service only, and the free texts cut at ``SHORTER_TEXT`` characters to make room for it.

Free texts are cut from the first layout on (a list loses its last lines, a paragraph ends at a
word with "…"), followed by a note sending the reader to the venue's page (the QR code) for the
rest; only the next ``MAX_CLOSURES`` exceptional closures are listed, with the same note. The
last layout fits even when every field is full (tested); should a future field break that, only
the first page is kept (and a warning logged) rather than handing out a second sheet.
"""

import logging
from dataclasses import dataclass, replace
from datetime import timedelta
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from portal.models import PortalSettings
from portal.pdf import lay_out
from portal.pdf_tags import finished_pdf
from portal.public_address import absolute_url

from .printed_levels import printed_levels, printed_services, rating_alternatives

logger = logging.getLogger(__name__)

TEMPLATE = "guide/orientation_sheet.html"
# PDF/UA-1: XMP metadata declaring it, with the title and (``portal.pdf_tags``) the language.
PDF_VARIANT = "pdf/ua-1"
DAYS_SHOWN = 7
CLOSURES_AHEAD = timedelta(weeks=8)
MAX_CLOSURES = 3  # the next ones; the page lists them all
LONG_TEXT = 600
SHORT_TEXT = 240
SHORTER_TEXT = 160
SHORT_FIELD = 90
MAX_EMAILS = 3
MAX_SERVICES = 3  # per family, in the last layouts but one
# One-line fields the last layout may cut.
SHORTENED_FIELDS = (
    "title",
    "easy_read",
    "address",
    "address_complement",
    "transport",
    "hours_note",
    "delay",
    "fee_details",
    "website",
    "booking_url",
)


@dataclass(frozen=True)
class Layout:
    text_budget: int = LONG_TEXT  # characters kept from each free text
    notes: bool = True  # ruled lines for the professional's notes
    compact: bool = False  # smaller type, no summary
    field_budget: int | None = None  # characters kept from each one-line field
    max_emails: int | None = None
    max_services: int | None = None  # see ``SheetServices.within``

    @property
    def comment_budget(self):
        """Reasons of closed days in the week table, repeated in the list of closures."""
        return self.field_budget and self.field_budget // 2


LAYOUTS = (
    Layout(),
    Layout(notes=False),
    Layout(notes=False, compact=True),
    Layout(text_budget=SHORT_TEXT, notes=False, compact=True),
    Layout(
        text_budget=SHORT_TEXT,
        notes=False,
        compact=True,
        field_budget=SHORT_FIELD,
        max_emails=MAX_EMAILS,
        max_services=MAX_SERVICES,
    ),
    Layout(
        text_budget=SHORTER_TEXT,
        notes=False,
        compact=True,
        field_budget=SHORT_FIELD,
        max_emails=MAX_EMAILS,
        max_services=0,
    ),
)
BULLETS = "-–—•*·▪ "


@dataclass(frozen=True)
class SheetText:
    """A free text as printed: its lines, and whether it was cut to fit the page."""

    lines: tuple
    is_cut: bool = False

    def __bool__(self):
        return bool(self.lines)

    @property
    def is_list(self):
        return len(self.lines) > 1


def sheet_text(text, budget):
    """``text`` in ``budget`` characters at most, one entry per line.

    A list loses its last lines; a paragraph is cut at a word and ends with "…".
    """
    text = (text or "").strip()
    is_cut = len(text) > budget
    if is_cut:
        text = text[:budget]
        if (line_end := text.rfind("\n")) > budget // 2:
            text = text[:line_end]  # whole items of a list, the rest left to the page
        else:
            if (word_end := text.rfind(" ")) > budget // 2:
                text = text[:word_end]
            text = text.rstrip(" ,;:.") + "…"
    lines = tuple(
        stripped for line in text.splitlines() if (stripped := line.strip().lstrip(BULLETS).strip())
    )
    return SheetText(lines=lines, is_cut=is_cut)


def short(text, budget):
    """A one-line field within ``budget`` characters (all of it when there is no budget)."""
    if budget is None or len(text) <= budget:
        return text
    return text[: budget - 1].rstrip() + "…"


def page_url(page, request):
    """The venue page's absolute address, from the Site record rather than the request."""
    return page.get_full_url(request) or absolute_url(page.get_url(request))


def sheet_url(page, request=None):
    """``<venue>/fiche.pdf``: the route, without the slash Wagtail's routing adds to it."""
    return page.get_url(request) + page.reverse_subpage("orientation_sheet").rstrip("/")


def mailto(page, request):
    """An e-mail to write to the person sent to the venue: its name, address and page."""
    body = "\n".join(
        [page.title, f"{page.address}, {page.postcode} {page.commune}", page_url(page, request)]
    )
    return "mailto:?" + urlencode({"subject": page.title, "body": body}, quote_via=quote)


def qr_svg(url, title=None):
    """A QR code of ``url`` as inline SVG (nothing written to disk), sized by CSS; ``title``
    is what a screen reader says of it (by default, the venue page's address)."""
    svg = segno.make(url, error="m", micro=False).svg_inline(
        border=2,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title=title or _("QR code : adresse de la page du lieu, %(url)s") % {"url": url},
    )
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    return mark_safe(svg)  # nosec B308, B703 # written by segno, which escapes the title


def display_url(url):
    """An address as a person types it: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


@dataclass(frozen=True)
class SheetServices:
    """The services a sheet prints with their levels: ``(label, PrintedLevel)`` pairs.

    ``need``: the need the sheet was made for, with ``for_need`` the venue's services that
    answer it, best first; else (or when it offers none of them) ``families``: ``(family,
    services, more)`` for each family offered. ``more`` counts the services a layout left out;
    ``summary`` is the number of services offered when a layout leaves them all out.
    """

    need: object = None
    for_need: tuple = ()
    need_more: int = 0
    families: tuple = ()
    summary: int = 0

    def within(self, max_services):
        """The same with at most ``max_services`` services per family (all with None); with 0,
        a family list becomes a ``summary``, a need keeps its best service."""
        if max_services is None:
            return self
        if self.for_need:
            kept = max(1, max_services)
            return replace(
                self,
                for_need=self.for_need[:kept],
                need_more=self.need_more + len(self.for_need[kept:]),
            )
        if not max_services:
            offered = sum(len(services) + more for _family, services, more in self.families)
            return replace(self, families=(), summary=offered)
        return replace(
            self,
            families=tuple(
                (family, services[:max_services], more + len(services[max_services:]))
                for family, services, more in self.families
            ),
        )


def sheet_services(page, need=None, language=None):
    """What the sheet says of the venue's services (see ``SheetServices``)."""
    levels = printed_levels(page.star_legend())
    rated = page.rated_families(language)
    if need is not None:
        wanted = set(need.rule_item_ids())
        answering = [pair for family in rated for pair in family.services if pair[0].pk in wanted]
        if answering:
            best_first = sorted(answering, key=lambda pair: -pair[1])  # stable: catalogue order
            return SheetServices(need=need, for_need=printed_services(best_first, levels))
    return SheetServices(
        need=need,
        families=tuple(
            (family.family, printed_services(family.services, levels), 0)
            for family in rated
            if family.offered
        ),
    )


def sheet_context(page, request, now=None, layout=LAYOUTS[0], services=None):
    """Everything the sheet shows, shaped for the template (``services``: ``sheet_services``,
    computed once for all the layouts tried)."""
    now = now or timezone.now()
    if services is None:
        services = sheet_services(page, language=get_language())
    today = timezone.localdate(now)
    schedule = page.schedule(now)
    days = (
        [
            replace(day, comment=short(day.comment, layout.comment_budget))
            for day in (schedule.day(today + timedelta(days=n)) for n in range(DAYS_SHOWN))
        ]
        if schedule.expression
        else []
    )
    url = page_url(page, request)
    closures = sorted(
        (
            closure
            for closure in page._closures
            if closure.end >= today and closure.start <= today + CLOSURES_AHEAD
        ),
        key=lambda closure: closure.start,
    )
    texts = {
        "access_conditions": sheet_text(page.access_conditions, layout.text_budget),
        "steps": sheet_text(page.steps, layout.text_budget),
        "documents": sheet_text(page.documents_to_bring, layout.text_budget),
    }
    return {
        "page": page,
        "fields": {
            name: short(getattr(page, name), layout.field_budget) for name in SHORTENED_FIELDS
        },
        "now": now,
        "today": today,
        "language": get_language() or settings.LANGUAGE_CODE,
        "bidi": get_language_bidi(),
        "layout": layout,
        "url": url,
        "url_display": display_url(url),
        "qr_code": qr_svg(url),
        "open_state": schedule.state(now),
        "today_hours": days[0] if days else None,
        "days": days,
        "upcoming_closures": [
            replace(closure, reason=short(closure.reason, layout.field_budget))
            for closure in closures[:MAX_CLOSURES]
        ],
        "more_closures": len(closures) > MAX_CLOSURES,
        "support_modes": page.support_modes,
        "access_modes": page.get_access_modes_display(),
        "emails": page.email_list[: layout.max_emails],
        "more_emails": len(page.email_list) > len(page.email_list[: layout.max_emails]),
        "texts": texts,
        "services": services.within(layout.max_services),
        "need_title": short(services.need.title, layout.field_budget) if services.need else "",
    }


def render_pdf(page, request, now=None, need=None):
    """The sheet as PDF bytes, in the first layout that fits on one A4 page."""
    now = now or timezone.now()
    services = sheet_services(page, need, get_language())
    identity = PortalSettings.for_request(request)
    masthead = {"identity": identity, "logo": identity.logo_data_uri()}
    tried = set()
    for layout in LAYOUTS:
        context = {**sheet_context(page, request, now, layout, services), **masthead}
        html = render_to_string(TEMPLATE, context, request=request)
        if html in tried:
            continue  # this layout changes nothing on this venue's sheet
        tried.add(html)
        document = lay_out(html)
        if len(document.pages) == 1:
            break
    else:
        logger.warning("Orientation sheet of %s cut to its first page.", page.slug)
        document = document.copy(document.pages[:1])
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    ratings = rating_alternatives(printed_levels(page.star_legend()))
    return finished_pdf(pdf, ratings), context


def orientation_sheet_response(page, request):
    """``<venue>/fiche.pdf``: the sheet, shown in the browser, ready to print."""
    pdf, context = render_pdf(page, request, need=page.need_named(request.GET.get("besoin")))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"fiche-{page.slug}.pdf"
    )
    # The venue's OpenStateCachingMixin reads this to stop any cache at the next opening or
    # closing, as it does for the page.
    response.context_data = {"open_states": [context["open_state"]]}
    return response
