"""Laying out one part of a PDF in a worker process: HTML in, tagged PDF and its page facts out.

The printable guide is laid out in parts (front matter, batches of venues, indexes) that do not
depend on each other once their page numbers are known, so they run side by side in a pool of
processes, one per core (WeasyPrint is pure Python and single-threaded; the GIL rules out
threads). This module is what the workers import: it needs WeasyPrint and nothing of Django,
so a worker starts in well under a second (``portal.pdf`` sets WeasyPrint up).

Links between parts cannot be resolved by WeasyPrint, which drops a link to an anchor it does
not find in the same document. The guide's templates therefore write them as ``guide-ancre:``
URIs (``LINK_SCHEME``); ``guide.pdf.assemble`` turns them into links to named destinations once
all parts are put together.
"""

import gc
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from portal.pdf import font_configuration, lay_out, no_fetching

from .orphans import follow_owner

PDF_VARIANT = "pdf/ua-1"
LINK_SCHEME = "guide-ancre:"
CSS_PX_IN_PT = 0.75  # WeasyPrint lays out in CSS pixels; PDF counts in points


@dataclass
class LaidOutPart:
    """A part written as a tagged PDF, with where its anchors and bookmarks fell.

    Positions are ``(page index in the part, x, y)`` in PDF points from the bottom left, as
    destinations want them.
    """

    pdf: bytes
    page_count: int
    anchors: dict = field(default_factory=dict)  # name -> (page index, x, y)
    bookmarks: list = field(default_factory=list)  # (level, label, page index, x, y)

    def first_page_of(self, anchor):
        position = self.anchors.get(anchor)
        return position[0] if position else None


@contextmanager
def _cyclic_gc_paused():
    """WeasyPrint builds millions of objects that live until the part is written: the cyclic
    garbage collector would walk them again and again (an eighth of the time). It runs once,
    after the part, to free what the part left."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def lay_out_part(html):
    """Lay out ``html`` and write it as a tagged PDF/UA file (run in a worker process)."""
    with _cyclic_gc_paused():
        return _lay_out(html)


def _lay_out(html):
    document = lay_out(html)
    part = LaidOutPart(pdf=b"", page_count=len(document.pages))
    for index, page in enumerate(document.pages):
        height = page.height * CSS_PX_IN_PT
        for name, (x, y, _width, _height) in page.anchors.items():
            part.anchors.setdefault(name, (index, x * CSS_PX_IN_PT, height - y * CSS_PX_IN_PT))
        for level, label, (x, y), _state in page.bookmarks:
            part.bookmarks.append(
                (level, label, index, x * CSS_PX_IN_PT, height - y * CSS_PX_IN_PT)
            )
    part.pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    return part


def _warm_up():
    no_fetching()
    font_configuration()  # imports WeasyPrint, the slowest part of starting


def default_processes():
    return max(1, os.cpu_count() or 1)


class PartPool:
    """Runs ``lay_out_part`` in worker processes, or in this process when given one.

    Workers come from a fork server (``multiprocessing``'s "forkserver" start method): forking
    the caller itself would copy a Django process with its database connections and, in a task
    worker or under a test runner, its threads. As with any start method but "fork", the
    program's main module must not start work when imported (``manage.py`` does not). The
    workers load WeasyPrint as soon as the pool opens, while the caller prepares the parts, and
    end if the caller is killed (``orphans.py``).
    """

    def __init__(self, processes):
        self.processes = max(1, processes)
        self.executor = None

    def __enter__(self):
        if self.processes > 1:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
            self.executor = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=follow_owner,
                initargs=(os.getpid(),),
            )
            for _process in range(self.processes):
                self.executor.submit(_warm_up)
        return self

    def __exit__(self, *exc_info):
        if self.executor:
            self.executor.shutdown(cancel_futures=True)

    def submit(self, html):
        if self.executor:
            return self.executor.submit(lay_out_part, html)
        future = Future()
        try:
            future.set_result(lay_out_part(html))
        except Exception as error:  # handed over to the caller, as a pool would
            future.set_exception(error)
        return future
