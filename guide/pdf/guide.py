"""The printable annual guide, laid out in parts on every core and written as one tagged PDF.

The guide (``guide.pdf.content`` says what it holds) is cut into parts that are separate HTML
documents of one template: the front matter (cover to table of contents), the venue pages by
batches, and the indexes with the back cover. Parts are laid out side by side in worker
processes (``guide.pdf.parts``) and put together by ``guide.pdf.assemble``.

Page numbers. The front matter is numbered in roman numerals and the body from 1, as in a
book, so that no part waits for the length of the front matter. Every venue takes one page
and every territory one heading page, so each batch's first page is known before anything
is laid out: the batches and the indexes (which print the venues' pages) start at once; the
front matter (which prints the pages of the indexes too) starts when the indexes are done.
A batch with a venue over one page is laid out again with that venue tighter (``LEVELS``);
a venue still too long for the tightest layout runs over two pages (with a warning in the
log) and the parts after it are laid out again with the pages moved. A territory's heading page
lists its venues' pages: it is fitted to its page in the same way (``OPENER_LEVELS``), and its
batch is laid out again when one of these pages moves.
"""

import logging
import math
from collections import deque
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import StarLegend
from ..models.guide_scope import french_locale, guide_venues
from ..printed_levels import printed_levels, rating_alternatives
from .assemble import PageLabel, assemble
from .content import (
    TEMPLATE,
    empty_error,
    guide_context,
    guide_order,
    make_entry,
    reference_monday,
    start_level,
)
from .parts import LINK_SCHEME, PartPool, default_processes

logger = logging.getLogger(__name__)

# Batch sizes shrink as the venues left do (guided scheduling): large batches first, for the
# fixed cost of a part (stylesheet, fonts: about 0.3 s), small ones last, for the processes to
# finish together.
MIN_BATCH, MAX_BATCH = 6, 40
MAX_ROUNDS = 3
INDEX_ANCHORS = {
    "alphabetical": "index-alphabetique",
    "services": "index-services",
    "publics": "index-publics",
    "communes": "index-communes",
}


class _Progress:
    """One scale for the whole build (venues prepared, pages laid out, PDF written)."""

    def __init__(self, callback, venues, pages):
        self.callback = callback or (lambda step, done, total: None)
        self.venues, self.pages = venues, pages
        self.total = venues + pages + max(1, pages // 10)
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


def _batch_sizes(venues, processes):
    left = venues
    while left > 0:
        size = min(MAX_BATCH, max(MIN_BATCH, math.ceil(left / (2 * processes))))
        yield size
        left -= size


@dataclass
class _Batch:
    """Venue pages laid out together: ``(territory, entries, opens territory, count)``."""

    rows: list
    first_page: int = 0
    result: object = None  # LaidOutPart
    laid_out_from: int = 0  # first page the result was laid out with
    laid_out_listed: tuple = ()  # pages its territory openings listed when laid out
    # Anchor -> page offset in the batch, as expected and then as laid out.
    offsets: dict = field(default_factory=dict)

    @property
    def entries(self):
        return [entry for _territory, part, _opens, _count in self.rows for entry in part]

    @property
    def openers(self):
        return [territory.guide_opener for territory, _part, opens, _count in self.rows if opens]

    @property
    def listed_pages(self):
        """The pages its territory openings list, which may lie in other batches."""
        return tuple(entry.page for opener in self.openers for entry in opener.entries)

    @property
    def page_count(self):
        return max(self.offsets.values()) + 1

    def expect_one_page_each(self):
        offset = 0
        for territory, part, opens, _count in self.rows:
            if opens:
                self.offsets[f"territoire-{territory.pk}"] = offset
                offset += 1
            for row in part:
                self.offsets[row.anchor] = offset
                offset += 1

    def overflowing(self):
        """Entries and territory openings whose page does not hold them (start and end anchors
        on different pages)."""
        part = self.result
        return [
            item
            for item in [*self.openers, *self.entries]
            if part.first_page_of(item.anchor) != part.first_page_of(f"fin-{item.anchor}")
        ]


def _batches(groups, sizes):
    """The venue pages cut into batches of the given sizes; a territory may run over several
    batches, its heading page opening the first one."""
    sizes = iter(sizes)
    batches, rows, room = [], [], next(sizes)
    for territory, group in groups:
        start = 0
        while start < len(group):
            if not room:
                batches.append(_Batch(rows))
                rows, room = [], next(sizes)
            part = group[start : start + room]
            rows.append((territory, part, start == 0, len(group)))
            start += len(part)
            room -= len(part)
    if rows:
        batches.append(_Batch(rows))
    for batch in batches:
        batch.expect_one_page_each()
    return batches


class _Build:
    """Lays out the parts in a pool of processes and keeps their page numbers consistent.

    Parts wait in a queue and only one more than the processes is handed to the pool (so
    that no process waits while this one renders the next part's HTML), so that a part that
    becomes ready late (the front matter, a batch laid out again tighter) goes almost next.
    """

    def __init__(self, context, tracker, pool):
        self.context = context
        self.tracker = tracker
        self.pool = pool
        self.batches = _batches(
            context["groups"], _batch_sizes(len(context["entries"]), pool.processes)
        )
        self.back = self.front = None
        self.queue = deque()
        self.pages_done = 0

    def html(self, part, first_page, **extra):
        return render_to_string(
            TEMPLATE, {**self.context, "part": part, "first_page": first_page, **extra}
        )

    def number_pages(self):
        """Every batch's first page, every venue's and territory's page, from the offsets.

        Returns the first page after the venues, where the indexes start.
        """
        page = 1
        for batch in self.batches:
            batch.first_page = page
            page += batch.page_count
        for batch in self.batches:
            for territory, part, opens, _count in batch.rows:
                if opens:
                    offset = batch.offsets[f"territoire-{territory.pk}"]
                    territory.guide_page = batch.first_page + offset
                for entry in part:
                    entry.page = batch.first_page + batch.offsets[entry.anchor]
        return page

    def run(self):
        """The laid-out parts, front matter first."""
        for round_number in range(1, MAX_ROUNDS + 1):
            back_first = self.number_pages()
            self.queue.append(("back", None))
            for batch in self.batches:
                if (
                    batch.result is None
                    or batch.laid_out_from != batch.first_page
                    or batch.laid_out_listed != batch.listed_pages
                ):
                    self.queue.append(("batch", batch))
            self.lay_out_queue(back_first)
            moved = [b for b in self.batches if b.offsets != self.laid_out_offsets(b)]
            if not moved:
                break
            if round_number == MAX_ROUNDS:
                logger.warning("Guide layout: page numbers still moving, left as they are.")
                break
            for batch in moved:
                batch.offsets = self.laid_out_offsets(batch)
        return [self.front, *(batch.result for batch in self.batches), self.back]

    def lay_out_queue(self, back_first):
        running = {}
        while self.queue or running:
            while self.queue and len(running) < self.pool.processes + 1:
                kind, batch = self.queue.popleft()
                running[self.pool.submit(self.part_html(kind, batch, back_first))] = (kind, batch)
            done, _pending = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, batch = running.pop(future)
                self.collect(kind, batch, future.result(), back_first)

    def part_html(self, kind, batch, back_first):
        if kind == "batch":
            batch.laid_out_from = batch.first_page
            batch.laid_out_listed = batch.listed_pages
            return self.html("body", batch.first_page, chunk=batch.rows)
        if kind == "back":
            return self.html("back", back_first)
        return self.html("front", 1)

    def collect(self, kind, batch, part, back_first):
        if kind == "batch":
            batch.result = part
            tighter = [item for item in batch.overflowing() if not item.tightest]
            if tighter:
                logger.info("Guide layout: %d pages overflowing, tightened.", len(tighter))
                for item in tighter:
                    item.level += 1
                self.queue.appendleft(("batch", batch))
                return
            for item in batch.overflowing():
                logger.warning("%s runs over one page of the guide.", item.description)
        elif kind == "back":
            self.back = part
            self.number_front(back_first)
            self.queue.appendleft(("front", None))
        else:
            self.front = part
        self.pages_done += part.page_count
        self.tracker.report(_("Mise en page"), self.tracker.venues + self.pages_done)

    @staticmethod
    def laid_out_offsets(batch):
        part = batch.result
        return {anchor: part.first_page_of(anchor) for anchor in batch.offsets}

    def number_front(self, back_first):
        self.context["index_pages"] = {
            key: back_first + self.back.first_page_of(anchor)
            for key, anchor in INDEX_ANCHORS.items()
            if self.back.first_page_of(anchor) is not None
        }

    def link_titles(self):
        """What each link of the table of contents and the indexes leads to, for screen readers."""
        titles = {
            "editorial": _("Éditorial"),
            "lire": _("Comment lire ce guide"),
            **{
                INDEX_ANCHORS[key]: _("Index, page %(page)s") % {"page": page}
                for key, page in self.context["index_pages"].items()
            },
        }
        for territory, group in self.context["groups"]:
            titles[f"territoire-{territory.pk}"] = _("%(name)s, page %(page)s") % {
                "name": territory.heading,
                "page": territory.guide_page,
            }
            for entry in group:
                titles[entry.anchor] = _("%(name)s, page %(page)s") % {
                    "name": entry.venue.title,
                    "page": entry.page,
                }
        return titles


def _prepare_entries(venues, options, tracker):
    levels = printed_levels(StarLegend.load())
    monday = reference_monday(options.year)
    year_end = date(options.year, 12, 31)
    today = timezone.localdate()
    step = _("Préparation des lieux")
    tracker.report(step, 0)
    entries = []
    for number, venue in enumerate(venues, start=1):
        entry = make_entry(venue, levels, monday, year_end, today)
        entry.level = start_level(entry.weight, options.page_size)
        entries.append(entry)
        if number % 10 == 0 or number == len(venues):
            tracker.report(step, number)
    return entries


def render_guide(options, progress=None):
    """The guide as PDF bytes; ``progress(step, done, total)`` follows the build."""
    processes = getattr(settings, "GUIDE_PDF_PROCESSES", None) or default_processes()
    with translation.override("fr"):
        locale = french_locale()
        venues = sorted(guide_venues(options), key=guide_order)
        if not venues:
            raise empty_error(options, locale)
        # The workers start (and load WeasyPrint) while the venues are prepared.
        with PartPool(processes) as pool:
            tracker = _Progress(progress, len(venues), 0)
            entries = _prepare_entries(venues, options, tracker)
            context = guide_context(options, entries, locale, timezone.now())
            context["link"] = LINK_SCHEME
            tracker = _Progress(progress, len(venues), _estimated_pages(entries, context["groups"]))
            tracker.report(_("Mise en page"), len(venues))
            build = _Build(context, tracker, pool)
            parts = build.run()
        tracker.report(_("Écriture du PDF"), tracker.total - 1)
        pdf = assemble(
            parts,
            build.link_titles(),
            [PageLabel(0, "r"), PageLabel(parts[0].page_count, "D")],
            pages_multiple=options.pages_multiple,
            for_press=options.for_press,
            ratings=rating_alternatives(printed_levels(StarLegend.load())),
        )
        tracker.finish(_("Terminé"))
        return pdf
