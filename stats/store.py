"""Add to many daily counts in a single statement, and keep a process's counts until they are
written together.

Django's ``bulk_create(update_conflicts=True)`` can only copy the proposed row over the existing
one (``SET count = EXCLUDED.count``), not add to it, so the upsert is written here by hand, in the
syntax PostgreSQL and SQLite (3.24+) share:

    INSERT … VALUES … ON CONFLICT (day, kind, key) DO UPDATE SET count = count + EXCLUDED.count

One statement is atomic on its own: concurrent requests never lose an increment nor fail on a
row another one just created. Rows are written in sorted order, so two writers that touch the
same rows lock them in the same order and cannot deadlock.

Writing on every request made every list view a write, and concurrent views of one list queue
on the same rows' locks. A web process therefore adds its requests' counts up in memory
(``PendingCounts``) and writes them at most every ``USAGE_COUNTS_WRITE_SECONDS``, and when it
stops; a process killed outright loses what it had not written yet, a few seconds of counts.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection

from .models import UsageCount

logger = logging.getLogger(__name__)


def add_counts(day, pairs):
    """Count each distinct (kind, key) of ``pairs`` once more on ``day``."""
    write_counts({(day, str(kind), key): 1 for kind, key in set(pairs)})


def write_counts(counts):
    """Add each ``{(day, kind, key): number}`` to its row, in one statement."""
    rows = sorted(counts.items())
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(UsageCount._meta.db_table)
    day_, kind, key, count = (
        quote(UsageCount._meta.get_field(name).column) for name in ("day", "kind", "key", "count")
    )
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    # Only quoted names from the model are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({day_}, {kind}, {key}, {count}) VALUES {values} "  # nosec B608
        f"ON CONFLICT ({day_}, {kind}, {key}) "
        f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
    )
    parameters = [value for row, number in rows for value in (*row, number)]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)


class PendingCounts:
    """This process's counts not written yet."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._counts = Counter()
        self._lock = threading.Lock()
        self._written_at = clock()

    def add(self, day, pairs):
        """Count each distinct (kind, key) of one request; write them all when it is time."""
        with self._lock:
            for kind, key in set(pairs):
                self._counts[(day, str(kind), key)] += 1
            due = self.clock() - self._written_at >= settings.USAGE_COUNTS_WRITE_SECONDS
        if due:
            self.write()

    def write(self):
        """Write what was counted; on a database error it is kept for the next time."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._written_at = self.clock()
        try:
            write_counts(counts)
        except DatabaseError:
            with self._lock:
                self._counts.update(counts)
            raise

    def write_before_exit(self):
        try:
            self.write()
        except DatabaseError:
            logger.exception("Usage counts not written before the process stopped")


pending_counts = PendingCounts()
atexit.register(pending_counts.write_before_exit)
