"""The territory diagnosis at scale: 2,000 venues, 40 needs, 200 postcodes, on PostgreSQL.

    /work/main/.venv/bin/python benchmarks/diagnostic.py [--venues 2000] [--postcodes 200]

1. Creates the database ``bench_diagnostic``, migrates it with the production settings and runs
   ``collectstatic`` (the admin page needs the manifest), as ``pages.py`` does.
2. Fills it with ``pages.py``'s venues and "Qui fait quoi ?" tree (20 territories, 40 needs),
   50 venues first; adds 30 days of searches over the ``--postcodes`` postcodes nearest Metz
   (each one a row of the distance table, for each need) and a fragility index for them.
3. Counts the SQL queries of the admin report, its XLSX and its PDF at 50 venues, then at
   ``--venues``: there must be no more (a value cached in between may save one).
4. Times, at ``--venues``: the figures alone (``diagnose``), the charts, the whole admin page,
   the XLSX export and the PDF. Target: the admin page in 5 s at most.

The exit code is always 0: read the TARGET MET / TARGET MISSED lines.
"""

import argparse
import statistics
import time
from datetime import timedelta

from pages import (
    HOST,
    PROJECT_DIR,
    REQUEST_HEADERS,
    SMALL_VENUE_COUNT,
    analyze,
    bench_environment,
    create_database,
    drop_database,
    populate,
    setup_django,
)

DATABASE = "bench_diagnostic"
REPORT_URL = "/admin/reports/diagnostic-du-territoire/"
TARGET_SECONDS = 5.0
REPEAT = 3
METZ = (49.12, 6.18)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--venues", type=int, default=2000)
    parser.add_argument("--postcodes", type=int, default=200)
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def add_searches(count):
    """30 days of searches over the ``count`` postcodes nearest Metz, a fifth without result,
    and a fragility index for as many communes."""
    from django.utils import timezone

    from diagnostic.models import FragilityIndex
    from guide.geo import distance_km
    from guide.postcodes import _table
    from stats.models import UsageCount

    nearest = sorted(_table().values(), key=lambda c: distance_km(*METZ, c.latitude, c.longitude))[
        :count
    ]
    today = timezone.localdate()
    rows = []
    for days_ago in range(30):
        day = today - timedelta(days=days_ago)
        for number, centroid in enumerate(nearest):
            rows.append(UsageCount(day=day, kind="recherche", key=centroid.postcode, count=5))
            if number % 5 == 0:
                rows.append(
                    UsageCount(day=day, kind="sans-resultat", key=centroid.postcode, count=1)
                )
    UsageCount.objects.bulk_create(rows, ignore_conflicts=True)
    FragilityIndex.objects.bulk_create(
        [
            FragilityIndex(
                insee_code=f"57{number:03d}", commune=c.label[:120], score=80 + number % 60
            )
            for number, c in enumerate(nearest)
        ],
        ignore_conflicts=True,
    )
    return len(nearest)


def admin_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench-diagnostic", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(headers=REQUEST_HEADERS, HTTP_HOST=HOST)
    client.force_login(user)
    return client


def measured(client, url):
    """(queries, seconds, SQL) of ``url``, after two warm-up requests (the first requests of a
    session in the admin read what later ones find in the session or the cache)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        warm = client.get(url)
        if warm.status_code != 200:
            raise RuntimeError(f"{url} answered {warm.status_code}")
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        client.get(url)
        seconds = time.perf_counter() - started
    return len(context), seconds, [query["sql"][:160] for query in context.captured_queries]


def timed(function, repeat=REPEAT):
    durations = []
    for _attempt in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


EXPORTS = {"page": "", "xlsx": "?export=xlsx", "pdf": "?export=pdf"}


def main():
    args = parse_args()
    environment = bench_environment(DATABASE)
    static_root = PROJECT_DIR / "staticfiles"
    static_created = not static_root.exists()
    create_database(DATABASE)
    try:
        setup_django(environment)
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connections

        from diagnostic.charts import diagnosis_charts
        from diagnostic.figures import diagnose

        cache.clear()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        populate(SMALL_VENUE_COUNT)
        postcodes = add_searches(args.postcodes)
        analyze()
        client = admin_client()
        small = {key: measured(client, REPORT_URL + query) for key, query in EXPORTS.items()}
        populate(args.venues)
        analyze()
        large = {key: measured(client, REPORT_URL + query) for key, query in EXPORTS.items()}

        figures_seconds, diagnosis = timed(diagnose)
        charts_seconds, _charts = timed(lambda: diagnosis_charts(diagnosis))
        page_seconds = statistics.median(measured(client, REPORT_URL)[1] for _ in range(REPEAT))
        distances = len(diagnosis.tables["distances"].rows)
        print(
            f"\n{diagnosis.totals['places']} venues, {len(diagnosis.needs)} needs, {postcodes} "
            f"searched postcodes ({distances} need × postcode distances)"
        )
        print(
            f"{'output':8} {'queries @' + str(SMALL_VENUE_COUNT):>12} "
            f"{'queries @' + str(args.venues):>14} {'seconds @' + str(args.venues):>14}"
        )
        for key in EXPORTS:
            print(f"{key:8} {small[key][0]:>12} {large[key][0]:>14} {large[key][1]:>14.2f}")
        print(
            f"figures alone (diagnose): {figures_seconds:.2f} s, charts: {charts_seconds:.2f} s, "
            f"admin page (median of {REPEAT}): {page_seconds:.2f} s"
        )
        flat = all(large[key][0] <= small[key][0] for key in EXPORTS)
        for key in EXPORTS:
            if small[key][0] != large[key][0]:
                print(f"\n{key} @{SMALL_VENUE_COUNT}:", *small[key][2], sep="\n  ")
                print(f"{key} @{args.venues}:", *large[key][2], sep="\n  ")
        fast = page_seconds <= TARGET_SECONDS
        print(f"queries do not grow with venues: TARGET {'MET' if flat else 'MISSED'}")
        print(f"admin page ≤ {TARGET_SECONDS:.0f} s: TARGET {'MET' if fast else 'MISSED'}")
        connections.close_all()
    finally:
        if not args.keep_db:
            drop_database(DATABASE)
        if static_created and static_root.exists():
            import shutil

            shutil.rmtree(static_root)


if __name__ == "__main__":
    main()
