"""Six weeks of made-up visits, so that the report "Statistiques de fréquentation" has something
to show in the demo: needs viewed, searches by postcode (more often fruitless in 57140 and 57950,
where the demo has few places), filters and orientations.

Only when there are no counts yet: real counts are never mixed with invented ones.
"""

import random
from datetime import timedelta

from django.utils import timezone

from guide.models import NeedPage
from guide.usage import NO_POSTCODE, need_key
from stats.models import UsageCount

Kind = UsageCount.Kind
DAYS = 42
# Postcode: (searches a day at most, share of them without result).
POSTCODES = {
    "57000": (14, 0.03),
    "57070": (10, 0.05),
    "57050": (6, 0.08),
    "57140": (4, 0.35),
    "57950": (2, 0.5),
    NO_POSTCODE: (12, 0.1),
}
FILTERS = {
    "cp": 30,
    "gratuit": 12,
    "sans_rdv": 10,
    "ouvert": 8,
    "q": 8,
    "public=seniors": 6,
    "langue=ar": 3,
    "langue=uk": 2,
    "langue=interprete": 2,
    "accessible": 3,
    "territoire=metz-borny": 4,
    "famille=demarches": 5,
    "niveau=2": 2,
    "accompagnement=atelier": 3,
    "position": 4,
}


def load_demo_usage(log=print):
    if UsageCount.objects.exists():
        return
    needs = [
        need_key(need)
        for need in NeedPage.objects.filter(locale__language_code="fr").order_by("path")
    ]
    draw = random.Random(2026)  # nosec B311: invented figures, not a secret
    today = timezone.localdate()
    rows = []
    for days_ago in range(DAYS):
        day = today - timedelta(days=days_ago)
        quiet = 3 if day.weekday() >= 5 else 1  # fewer visits at the weekend
        counts = {}
        for postcode, (most, fruitless) in POSTCODES.items():
            searches = draw.randint(1, most)
            counts[Kind.SEARCH, postcode] = searches
            counts[Kind.NO_RESULT, postcode] = round(searches * fruitless * draw.uniform(0.5, 1.5))
        for rank, need in enumerate(needs):
            counts[Kind.NEED, need] = draw.randint(0, max(2, 20 - 2 * rank) // quiet)
            counts[Kind.ORIENTATION, need] = draw.randint(0, max(1, 5 - rank // 2) // quiet)
            counts[Kind.FILTER, need] = draw.randint(0, max(1, 4 - rank // 3) // quiet)
        for key, most in FILTERS.items():
            counts[Kind.FILTER, key] = draw.randint(0, most // quiet)
        rows += [
            UsageCount(day=day, kind=kind, key=key, count=count)
            for (kind, key), count in counts.items()
            if count
        ]
    rows += need_searches_without_result(needs, today)
    UsageCount.objects.bulk_create(rows)
    log(f"Démo : {len(rows)} lignes de statistiques de fréquentation sur {DAYS} jours.")


def need_searches_without_result(needs, today):
    """Needs whose list came out empty, most often for the needs the demo has no place for
    (buying and repairing equipment: the fourth and fifth needs of the tree, in its order).
    Drawn apart, so that the other figures stay those the demo always had."""
    draw = random.Random(2027)  # nosec B311: invented figures, not a secret
    rows = []
    for days_ago in range(DAYS):
        day = today - timedelta(days=days_ago)
        for rank, need in enumerate(needs):
            count = draw.randint(1, 4) if rank in (3, 4) else draw.randint(0, 1) * (rank % 3 == 0)
            if count:
                rows.append(UsageCount(day=day, kind=Kind.NEED_NO_RESULT, key=need, count=count))
    return rows
