"""Everything the diagnosis reads, in a fixed number of queries whatever the number of venues.

One query per kind of thing: territories, venues (as plain rows), their service levels, the
needs with their rules and hand-picked venues, the statistics summed over the period, the
fragility index, the threshold. Everything after that (``figures.py``) is plain Python over these
rows, so the report costs the same queries for 30 venues or 2,000. The app's own models are
found by name: the Observatoire page (``models.py``) computes its figures here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Sum

from guide.models import NeedPage, Territory, VenuePage, VenueServiceLevel
from guide.models.catalogue import StarLegend, service_catalogue
from guide.postcodes import lookup as lookup_postcode
from guide.usage import Kind
from portal.localized import content_language
from stats.models import UsageCount

VENUE_FIELDS = (
    "pk",
    "title",
    "territory_id",
    "commune",
    "insee_code",
    "postcode",
    "latitude",
    "longitude",
    "opening_hours",
    "support_drop_in",
    "step_free",
    "languages",
    "interpreter",
)


@dataclass
class Venue:
    pk: int
    title: str
    territory_id: int
    commune: str
    insee_code: str
    postcode: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    support_drop_in: bool
    step_free: bool | None
    languages: list
    interpreter: bool
    levels: dict = field(default_factory=dict)  # {French item id: level}

    @property
    def position(self):
        """Its own coordinates, else its postcode's centre; None when neither is known."""
        if self.latitude is not None and self.longitude is not None:
            return self.latitude, self.longitude
        centroid = lookup_postcode(self.postcode)
        return (centroid.latitude, centroid.longitude) if centroid else None


@dataclass
class Need:
    pk: int
    title: str
    translation_key: str
    min_level: int
    rule_item_ids: frozenset
    chosen_venue_ids: frozenset

    levels: dict = field(default_factory=dict)  # {venue id: level}, from ``rate_needs``

    def level_at(self, venue):
        """The level at which ``venue`` answers this need, None when it does not."""
        return self.levels.get(venue.pk)


def rate_needs(needs, venues):
    """Fill each need's ``levels``: a venue's best level among the rule's services when it
    reaches the need's minimum; a venue an editor added by hand answers at least at that
    minimum. One pass over the venues' levels, whatever the number of needs.
    """
    needs_by_item = defaultdict(list)
    for need in needs:
        for item in need.rule_item_ids:
            needs_by_item[item].append(need)
    best = defaultdict(dict)  # {need pk: {venue pk: best level among its rule}}
    for venue in venues:
        for item, level in venue.levels.items():
            for need in needs_by_item.get(item, ()):
                if level > best[need.pk].get(venue.pk, 0):
                    best[need.pk][venue.pk] = level
    for need in needs:
        rated = best[need.pk]
        need.levels = {pk: level for pk, level in rated.items() if level >= need.min_level}
        for pk in need.chosen_venue_ids:
            need.levels[pk] = max(rated.get(pk, 0), need.min_level)


@dataclass
class Sources:
    territories: list
    venues: list
    catalogue: list
    needs: list
    level_names: dict
    searches: dict  # {kind: {key: count}}
    fragility: list
    threshold_km: float


def french():
    return content_language(settings.LANGUAGE_CODE)


def read_sources(today, period_days):
    """Every row the diagnosis needs, over the ``period_days`` days up to ``today``."""
    language = french()
    venues = {
        row["pk"]: Venue(**row)
        for row in VenuePage.objects.visible()
        .filter(locale__language_code=language)
        .order_by("title")
        .values(*VENUE_FIELDS)
    }
    levels = VenueServiceLevel.objects.filter(page_id__in=list(venues)).values_list(
        "page_id", "item_id", "level"
    )
    for page_id, item_id, level in levels:
        venues[page_id].levels[item_id] = level
    needs = read_needs(language)
    rate_needs(needs, venues.values())
    return Sources(
        territories=list(Territory.objects.filter(locale__language_code=language)),
        venues=list(venues.values()),
        catalogue=service_catalogue(language),
        needs=needs,
        level_names=dict(StarLegend.cached().levels_by_number()),
        searches=read_searches(today, period_days),
        fragility=list(apps.get_model("diagnostic", "FragilityIndex").objects.all()),
        threshold_km=float(
            apps.get_model("diagnostic", "DiagnosticSettings").load().distance_threshold_km
        ),
    )


def read_needs(language):
    needs = (
        NeedPage.objects.visible()
        .filter(locale__language_code=language)
        .order_by("path")
        .prefetch_related("items", "chosen_venues")
    )
    return [
        Need(
            pk=need.pk,
            title=need.title,
            translation_key=str(need.translation_key),
            min_level=need.min_level,
            rule_item_ids=frozenset(need.rule_item_ids()),
            chosen_venue_ids=frozenset(need.chosen_venue_ids()),
        )
        for need in needs
    ]


def read_searches(today, period_days):
    """{kind: {key: count}} summed over the period, in one query."""
    since = today - timedelta(days=period_days - 1)
    rows = (
        UsageCount.objects.filter(day__gte=since, day__lte=today)
        .filter(kind__in=[Kind.SEARCH, Kind.NO_RESULT, Kind.NEED, Kind.NEED_NO_RESULT])
        .values("kind", "key")
        .annotate(total=Sum("count"))
        .values_list("kind", "key", "total")
    )
    searches = defaultdict(dict)
    for kind, key, total in rows:
        searches[kind][key] = total
    return searches
