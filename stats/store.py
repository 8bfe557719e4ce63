"""Add one to many daily counts in a single statement.

Django's ``bulk_create(update_conflicts=True)`` can only copy the proposed row over the existing
one (``SET count = EXCLUDED.count``), not add to it, so the upsert is written here by hand, in the
syntax PostgreSQL and SQLite (3.24+) share:

    INSERT … VALUES … ON CONFLICT (day, kind, key) DO UPDATE SET count = count + EXCLUDED.count

One statement is atomic on its own: concurrent requests never lose an increment nor fail on a
row another one just created. Rows are written in sorted order, so two requests that touch the
same rows lock them in the same order and cannot deadlock.
"""

from django.db import connection

from .models import UsageCount


def add_counts(day, pairs):
    """Count each distinct (kind, key) of ``pairs`` once more on ``day``."""
    rows = sorted({(str(kind), key) for kind, key in pairs})
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(UsageCount._meta.db_table)
    day_, kind, key, count = (
        quote(UsageCount._meta.get_field(name).column) for name in ("day", "kind", "key", "count")
    )
    values = ", ".join(["(%s, %s, %s, 1)"] * len(rows))
    # Only quoted names from the model are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({day_}, {kind}, {key}, {count}) VALUES {values} "  # nosec B608
        f"ON CONFLICT ({day_}, {kind}, {key}) "
        f"DO UPDATE SET {count} = {table}.{count} + EXCLUDED.{count}"
    )
    parameters = [value for row in rows for value in (day, *row)]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
