"""The printable annual guide, laid out by WeasyPrint in parts and written as one PDF.

Contents, in order: cover; editorial; "Comment lire ce guide" (star legend, pictograms); table
of contents by territory; each territory opened by its heading page, then one page per venue in
the Bordeaux layout; indexes (alphabetical, by service family and level, by public, by
commune); back cover. Bookmarks come from the headings (territories level 1, venues level 2).

The parts (front matter, venues by batches of ``CHUNK_VENUES``, indexes with the back cover)
are separate HTML documents of the same template, laid out one by one with one font
configuration; their pages are then put together and written once, tagged (PDF/UA). Page
numbers are therefore computed here rather than with ``target-counter()``: each part starts
its page counter where the previous one ended, and the table of contents and the indexes print
the numbers found in the laid-out parts. The front matter is laid out first with provisional
numbers (only its length matters), then again with the real ones.

One venue, one page. A venue whose texts are long is printed in a tighter layout (``LEVELS``):
the likely one is guessed from the length of its texts, then each laid-out part is checked
(the venue's start and end anchors on the same page) and a part with a venue still running
over is laid out again with that venue tightened. Nothing is ever cut: a venue too long for
the tightest layout continues on the next page, with a warning in the log.
"""

import base64
import logging
import mimetypes
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Locale, Site

from .. import vocab
from ..hours import Schedule
from ..models import (
    NeedPage,
    ServiceFamily,
    StarLegend,
    Territory,
    VenuePage,
    VenueServiceRating,
)
from .pydyf_fix import cache_page_references
from .sheet import display_url, no_fetching, sheet_text

logger = logging.getLogger(__name__)

TEMPLATE = "guide/pdf/guide.html"
PAGE_SIZES = ("a4", "a5")
PDF_VARIANT = "pdf/ua-1"
# Layouts of a venue page, from the roomiest to the tightest (CSS classes of the template).
LEVELS = ("", "compact", "dense")
# Characters of text (see ``_text_weight``) above which a venue starts in a tighter layout.
WEIGHT_LIMITS = {"a4": (2200, 3200), "a5": (950, 1450)}
NO_BUDGET = 10**6  # sheet_text() without cutting anything
# Venues laid out together in one part of the guide (see ``render_guide``).
CHUNK_VENUES = 40


class EmptyGuideError(Exception):
    """No published venue in the chosen scope: no guide rather than an empty PDF."""


@dataclass
class GuideOptions:
    year: int
    title: str = ""
    editorial_html: str = ""
    contact_html: str = ""
    cover_image_path: str | None = None
    page_size: str = "a4"
    territory_slugs: tuple[str, ...] = ()
    need_slug: str = ""
    city_name: str = ""

    def __post_init__(self):
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page_size must be one of {PAGE_SIZES}, not {self.page_size!r}")
        self.territory_slugs = tuple(self.territory_slugs or ())
        if not self.title:
            with translation.override("fr"):
                self.title = _("Le numérique pour tous — guide %(year)s") % {"year": self.year}


def _french():
    return Locale.objects.filter(language_code="fr").first() or Locale.get_default()


def _need(options, locale):
    if not options.need_slug:
        return None
    return NeedPage.objects.live().filter(slug=options.need_slug, locale=locale).first()


def _territories(options, locale):
    if not options.territory_slugs:
        return []
    return list(Territory.objects.filter(slug__in=options.territory_slugs, locale=locale))


def guide_venues(options):
    """Live French venues in the options' scope, in guide order, with what the pages print."""
    locale = _french()
    venues = VenuePage.objects.live().filter(locale=locale)
    if options.territory_slugs:
        venues = venues.filter(
            territory__slug__in=options.territory_slugs, territory__locale=locale
        )
    if options.need_slug:
        need = _need(options, locale)
        venues = venues.filter(need.venue_condition()) if need else venues.none()
    return (
        venues.select_related("territory")
        .prefetch_related(
            "closures",
            "equipment",
            Prefetch(
                "service_ratings",
                VenueServiceRating.objects.select_related("family").prefetch_related("items"),
            ),
        )
        .order_by("territory__sort_order", "territory__name", "code", "title")
    )


def _scope_description(options, locale):
    """The chosen scope in words, for the empty-guide message and the extract's cover."""
    parts = []
    if options.territory_slugs:
        names = {t.slug: t.name for t in _territories(options, locale)}
        labels = ", ".join(f"« {names.get(slug, slug)} »" for slug in options.territory_slugs)
        parts.append(_("territoire %(names)s") % {"names": labels})
    if options.need_slug:
        need = _need(options, locale)
        parts.append(_("besoin « %(need)s »") % {"need": need.title if need else options.need_slug})
    return ", ".join(parts)


def _empty_error(options, locale):
    scope = _scope_description(options, locale)
    if scope:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (%(scope)s) : le guide n'a pas été "
            "produit. Vérifiez l'identifiant ou publiez les lieux concernés."
        ) % {"scope": scope}
    else:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (tous les territoires) : le guide n'a "
            "pas été produit. Publiez au moins un lieu."
        )
    return EmptyGuideError(message)


# Data shaped for the template.


def sort_key(text):
    """Alphabetical order as in a printed index: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def reference_monday(year):
    """A week of ``year`` without any public holiday: the one of the second Monday of February."""
    first = date(year, 2, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7)


def hours_lines(venue, monday):
    """The usual week in a few lines: ("Lundi – vendredi", "9 h – 12 h, 13 h 30 – 17 h")."""
    from ..templatetags.venue_tags import day_hours

    groups = []
    for day in Schedule(venue.opening_hours, (), venue.postcode, monday).week(monday):
        text = day_hours(day)
        if groups and groups[-1][2] == text:
            groups[-1][1] = day.day
        else:
            groups.append([day.day, day.day, text])
    lines = []
    for first, last, text in groups:
        label = capfirst(date_format(first, "l"))
        if last != first:
            separator = " – " if (last - first).days > 1 else _(" et ")
            label += separator + date_format(last, "l")
        lines.append((label, capfirst(text)))
    return lines


def _lines(text):
    return list(sheet_text(text, NO_BUDGET).lines)


def _text_weight(venue, families):
    """Roughly how much room the venue's page needs, in characters of body text."""
    texts = (
        strip_tags(venue.presentation),
        venue.summary,
        venue.access_conditions,
        venue.steps,
        venue.documents_to_bring,
        venue.transport,
        venue.hours_note,
        venue.mediators_note,
        venue.fee_details,
    )
    lines = sum(text.count("\n") for text in texts if text)
    items = sum(len(items) for _family, _level, _name, items in families)
    return sum(len(text) for text in texts if text) + 80 * lines + 45 * items


def _start_level(weight, page_size):
    roomy, compact = WEIGHT_LIMITS[page_size]
    return 0 if weight <= roomy else 1 if weight <= compact else 2


@dataclass
class Entry:
    """One venue as printed: the page itself and the data shaped for the template."""

    venue: VenuePage
    anchor: str
    families: list  # (family, level, level name, [item labels]); level 0 when not offered
    stars: dict  # family slug -> level
    hours: list
    closures: list
    access_lines: list
    steps_lines: list
    documents_lines: list
    equipment: list
    website: str
    weight: int
    level: int = 0

    @property
    def layout(self):
        return LEVELS[self.level]


def _entry(venue, families, legend, monday, year_end, today):
    ratings = {rating.family_id: rating for rating in venue.service_ratings.all()}
    printed = []
    for family in families:
        rating = ratings.get(family.pk)
        if rating:
            labels = [item.label for item in rating.covered_items()]
            printed.append((family, rating.level, legend.name_of(rating.level), labels))
        else:
            printed.append((family, 0, "", []))
    closures = sorted(
        (c for c in venue._closures if c.end >= today and c.start <= year_end),
        key=lambda closure: closure.start,
    )
    return Entry(
        venue=venue,
        anchor=f"lieu-{venue.pk}",
        families=printed,
        stars={family.slug: level for family, level, _name, _items in printed},
        hours=hours_lines(venue, monday) if venue.opening_hours else [],
        closures=closures,
        access_lines=_lines(venue.access_conditions),
        steps_lines=_lines(venue.steps),
        documents_lines=_lines(venue.documents_to_bring),
        equipment=[
            f"{item} — {item.note}" if item.note else str(item) for item in venue.equipment.all()
        ],
        website=display_url(venue.website) if venue.website else "",
        weight=_text_weight(venue, printed),
    )


def _indexes(entries, families):
    alphabetical = sorted(entries, key=lambda entry: sort_key(entry.venue.title))
    by_family = []
    for family in families:
        levels = []
        for level in (3, 2, 1):
            found = [e for e in alphabetical if e.stars.get(family.slug) == level]
            if found:
                levels.append((level, "★" * level, found))
        by_family.append((family, levels))
    by_public = []
    for value, label in vocab.Public.choices:
        found = [e for e in alphabetical if value in e.venue.publics]
        if found:
            by_public.append((label, found))
    communes = {}
    for entry in alphabetical:
        communes.setdefault(entry.venue.commune.strip(), []).append(entry)
    by_commune = [(name, communes[name]) for name in sorted(communes, key=sort_key)]
    return {
        "alphabetical": alphabetical,
        "by_family": by_family,
        "by_public": by_public,
        "by_commune": by_commune,
    }


def _city_settings():
    from portal.models import PortalSettings

    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None


def _image_data_uri(path):
    """A local image inlined, so that WeasyPrint fetches nothing (see ``sheet.no_fetching``)."""
    if not path:
        return ""
    mime = mimetypes.guess_type(path)[0] or "image/png"
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"


def guide_context(options, entries, locale, now):
    families = list(ServiceFamily.objects.filter(locale=locale))
    groups = []
    for entry in entries:
        territory = entry.venue.territory
        if not groups or groups[-1][0] != territory:
            groups.append((territory, []))
        groups[-1][1].append(entry)
    portal_settings = _city_settings()
    city = options.city_name or (portal_settings.city_name if portal_settings else "")
    need = _need(options, locale)
    is_extract = bool(options.territory_slugs or options.need_slug)
    return {
        "options": options,
        "title": options.title,
        "year": options.year,
        "city": city,
        "portal_settings": portal_settings,
        "page_size": options.page_size,
        "is_extract": is_extract,
        "scope": _scope_description(options, locale) if is_extract else "",
        "need": need,
        "groups": groups,
        "entries": entries,
        "families": families,
        "legend": StarLegend.load(),
        "indexes": _indexes(entries, families),
        "cover_image": _image_data_uri(options.cover_image_path),
        "now": now,
        "reference_monday": reference_monday(options.year),
    }


# Layout and progress.


class _LayoutProgress(logging.Handler):
    """WeasyPrint logs each page it lays out ("Step 5 - Creating layout - Page 12")."""

    def __init__(self, callback):
        super().__init__(logging.INFO)
        self.callback = callback

    def emit(self, record):
        if record.msg.startswith("Step 5 - Creating layout - Page %d") and record.args:
            self.callback(record.args[0])


@contextmanager
def _page_progress(callback):
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _LayoutProgress(callback)
    level, propagate = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        yield
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(level)
        progress_logger.propagate = propagate


class _Progress:
    """One scale for the whole build (venues prepared, pages laid out, PDF written)."""

    def __init__(self, callback, venues, pages):
        self.callback = callback or (lambda step, done, total: None)
        self.venues, self.pages = venues, pages
        self.total = venues + pages + max(1, pages // 4)
        self.done = 0

    def report(self, step, done):
        self.done = max(self.done, min(done, self.total - 1))
        self.callback(step, self.done, self.total)

    def finish(self, step):
        self.done = self.total
        self.callback(step, self.total, self.total)


def _estimated_pages(entries, groups):
    venues = len(entries)
    front = 4 + venues // 45  # cover, editorial, legend, table of contents
    indexes = 4 + venues // 12
    return front + len(groups) + venues + indexes + 1


def _overflowing(document, entries):
    """Entries whose start and end are not on the same page."""
    first_page = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    return [
        entry
        for entry in entries
        if first_page.get(entry.anchor) != first_page.get(f"fin-{entry.anchor}")
    ]


def _anchor_pages(document, first_page):
    """Anchor -> number of the page (counted in the whole guide) where it first appears."""
    found = {}
    for number, page in enumerate(document.pages, start=first_page):
        for anchor in page.anchors:
            found.setdefault(anchor, number)
    return found


def _chunks(groups, size=CHUNK_VENUES):
    """The venue pages cut in parts laid out on their own: (territory, entries, opening, count).

    A part holds at most ``size`` venues; a long territory runs over several parts, its heading
    page opening the first one.
    """
    chunks, current, filled = [], [], 0
    for territory, group in groups:
        for start in range(0, len(group), size):
            if filled and filled + len(group[start : start + size]) > size:
                chunks.append(current)
                current, filled = [], 0
            part = group[start : start + size]
            current.append((territory, part, start == 0, len(group)))
            filled += len(part)
    if current:
        chunks.append(current)
    return chunks


class _Renderer:
    """Lays out the parts of the guide with one font configuration and one stylesheet context."""

    def __init__(self, context, tracker, venues):
        from weasyprint.text.fonts import FontConfiguration

        self.context = context
        self.tracker = tracker
        self.venues = venues
        self.font_config = FontConfiguration()
        self.laid_out = 0  # pages laid out so far, for the progress

    def render(self, part, first_page, step, **extra):
        from weasyprint import HTML

        html = render_to_string(
            TEMPLATE, {**self.context, "part": part, "first_page": first_page, **extra}
        )
        done = self.venues + self.laid_out

        def report(page):
            self.tracker.report(step, done + page)

        with _page_progress(report):
            document = HTML(string=html, url_fetcher=no_fetching()).render(
                font_config=self.font_config, pdf_tags=True
            )
        self.laid_out += len(document.pages)
        return document


def _number_front(context, front_pages, body_pages, index_pages):
    context["front_pages"] = {"lire": front_pages.get("lire", 1)}
    context["index_pages"] = {
        key: index_pages.get(anchor, "")
        for key, anchor in (
            ("alphabetical", "index-alphabetique"),
            ("services", "index-services"),
            ("publics", "index-publics"),
            ("communes", "index-communes"),
        )
    }
    for territory, _group in context["groups"]:
        territory.guide_page = body_pages.get(f"territoire-{territory.pk}", "")


def render_guide(options, progress=None):
    """The guide as PDF bytes; ``progress(step, done, total)`` follows the build."""
    with translation.override("fr"):
        locale = _french()
        venues = list(guide_venues(options))
        if not venues:
            raise _empty_error(options, locale)
        now = timezone.now()
        today = timezone.localdate(now)
        monday = reference_monday(options.year)
        year_end = date(options.year, 12, 31)
        legend = StarLegend.load()
        families = list(ServiceFamily.objects.filter(locale=locale))
        tracker = _Progress(progress, len(venues), 0)
        tracker.report(_("Préparation des lieux"), 0)
        entries = []
        for number, venue in enumerate(venues, start=1):
            entry = _entry(venue, families, legend, monday, year_end, today)
            entry.level = _start_level(entry.weight, options.page_size)
            entries.append(entry)
            if number % 10 == 0 or number == len(venues):
                tracker.report(_("Préparation des lieux"), number)
        context = guide_context(options, entries, locale, now)
        groups = context["groups"]
        pages = _estimated_pages(entries, groups)
        tracker = _Progress(progress, len(venues), pages)
        renderer = _Renderer(context, tracker, len(venues))
        step = _("Mise en page")
        tracker.report(step, len(venues))

        # 1. Front matter with provisional page numbers (one page per territory and venue):
        # only its length matters here.
        front_estimate = 4 + len(entries) // 45
        number = front_estimate + 1
        for territory, group in groups:
            territory.guide_page = number
            number += 1
            for entry in group:
                entry.page = number
                number += 1
        _number_front(context, {}, {}, {})
        front = renderer.render("front", 1, step)
        front_count = len(front.pages)

        # 2. Venue pages, part by part; a part with a venue over one page is laid out again
        # with that venue tighter (``LEVELS``).
        body_docs = []
        body_pages = {}

        def lay_out_body(first):
            body_docs.clear()
            body_pages.clear()
            for chunk in _chunks(groups):
                chunk_entries = [entry for _t, part, _o, _c in chunk for entry in part]
                while True:
                    document = renderer.render("body", first, step, chunk=chunk)
                    overflowing = [
                        e
                        for e in _overflowing(document, chunk_entries)
                        if e.level < len(LEVELS) - 1
                    ]
                    if not overflowing:
                        break
                    logger.info(
                        "Guide layout: %d venues over one page (weights %s).",
                        len(overflowing),
                        sorted((entry.weight, entry.level) for entry in overflowing),
                    )
                    for entry in overflowing:
                        entry.level += 1
                    document = None
                for entry in _overflowing(document, chunk_entries):
                    logger.warning("Venue %s runs over one page of the guide.", entry.venue.slug)
                body_pages.update(_anchor_pages(document, first))
                body_docs.append(document)
                first += len(document.pages)
            return first

        after_body = lay_out_body(front_count + 1)
        for entry in entries:
            entry.page = body_pages[entry.anchor]

        # 3. Indexes and back cover, with the venues' real pages.
        tracker.report(_("Numérotation"), len(venues) + renderer.laid_out)
        back = renderer.render("back", after_body, step)
        index_pages = _anchor_pages(back, after_body)

        # 4. Front matter again, now with every page number known. Should its length change
        # (numbers of other widths), the following parts move and are laid out again.
        for _attempt in range(3):
            _number_front(context, _anchor_pages(front, 1), body_pages, index_pages)
            front = renderer.render("front", 1, step)
            if len(front.pages) == front_count:
                break
            front_count = len(front.pages)
            after_body = lay_out_body(front_count + 1)
            for entry in entries:
                entry.page = body_pages[entry.anchor]
            back = renderer.render("back", after_body, step)
            index_pages = _anchor_pages(back, after_body)

        tracker.report(_("Écriture du PDF"), len(venues) + pages)
        cache_page_references()
        documents = [front, *body_docs, back]
        document = front.copy([page for part in documents for page in part.pages])
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
        tracker.finish(_("Terminé"))
        return pdf
