"""The diagnosis as tables of figures: the offer, the gaps, the demand and the fragility.

Plain functions over the rows ``data.read_sources`` read once. Every output (the admin report,
its CSV and XLSX exports, the PDF, the management command) shows these same ``Table`` objects,
so the figures are the same everywhere.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy
from django.utils import timezone
from django.utils.translation import gettext as _

from guide import vocab
from guide.postcodes import lookup as lookup_postcode
from guide.usage import Kind

from .data import read_sources
from .french_numbers import format_number
from .summary import summary_sentences
from .weekly_hours import GRID_DAYS, closed_slots, week_figures

DEFAULT_PERIOD_DAYS = 30
# A place answers a need "well enough" from this level: ★★ maîtrise.
GOOD_LEVEL = 2
EXPERT_LEVEL = 3
EARTH_RADIUS_KM = 6371.0
STARS = {3: "★★★", 2: "★★", 1: "★"}
NEED_PREFIX = "besoin="


@dataclass
class Table:
    """One table of the report: what the admin shows, each export writes and the PDF prints."""

    key: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    note: str = ""


@dataclass
class Scope:
    territory: object = None  # a Territory, or None for the whole site's area
    commune: str = ""
    need: object = None  # a data.Need, or None for every need
    period_days: int = DEFAULT_PERIOD_DAYS
    today: object = None

    @property
    def name(self):
        parts = [self.territory.name if self.territory else _("Ensemble du territoire")]
        if self.commune:
            parts.append(self.commune)
        if self.need:
            parts.append(self.need.title)
        return " — ".join(parts)


@dataclass
class Diagnosis:
    scope: Scope
    totals: dict
    tables: dict  # {key: Table}, in the report's order
    heat: dict  # the need × territory grid: needs, territories, levels
    territory_hours: list  # (territory name, hours, outside office hours)
    gaps: list  # flagged distance gaps, farthest first
    distances: list  # every need × postcode distance (``distance_rows``)
    threshold_km: float
    summary: list = field(default_factory=list)
    communes: list = field(default_factory=list)
    territories: list = field(default_factory=list)
    needs: list = field(default_factory=list)


def diagnose(
    territory_slug="", commune="", need_id=None, period_days=DEFAULT_PERIOD_DAYS, today=None
):
    """The whole diagnosis of a territory, a commune and a need (each optional)."""
    today = today or timezone.localdate()
    sources = read_sources(today, period_days)
    in_area = [t for t in sources.territories if not t.outside_area]
    territory = next((t for t in sources.territories if t.slug == territory_slug), None)
    need = next((n for n in sources.needs if n.pk == need_id), None)
    scope = Scope(territory, commune, need, period_days, today)
    territories = [territory] if territory else in_area
    territory_ids = {t.pk for t in territories}
    venues = [
        venue
        for venue in sources.venues
        if venue.territory_id in territory_ids
        and (not commune or venue.commune == commune)
        and (need is None or need.level_at(venue))
    ]
    needs = [need] if need else sources.needs
    by_territory = defaultdict(list)
    for venue in venues:
        by_territory[venue.territory_id].append(venue)

    offer = offer_table(territories, by_territory, venues, today)
    heat = need_grid(needs, territories, by_territory)
    postcodes = scope_postcodes(venues, sources.searches, whole_area=not (territory or commune))
    distances = distance_rows(needs, postcodes, sources.venues)
    gaps = [
        row
        for row in distances
        if row["distance"] is None or row["distance"] > sources.threshold_km
    ]
    tables = {
        "offre": offer,
        "familles": family_table(sources.catalogue, venues),
        "services": service_table(sources.catalogue, venues),
        "langues": language_table(venues),
        "besoins": heat_table(heat, sources.level_names),
        "sans-expert": without_expert_table(heat),
        "distances": distance_table(distances, sources.threshold_km),
        "heures-fermees": closed_hours_table(territories, by_territory, today),
        "recherches": postcode_demand_table(
            sources.searches, postcodes, whole_area=not (territory or commune)
        ),
        "recherches-besoins": need_demand_table(sources.searches, needs),
        "fragilite": fragility_table(sources.fragility, sources.venues, today),
    }
    diagnosis = Diagnosis(
        scope=scope,
        totals=offer_totals(venues, today),
        tables=tables,
        heat=heat,
        territory_hours=[(row[0], row[2], row[5]) for row in offer.rows[:-1]],
        gaps=gaps,
        distances=distances,
        threshold_km=sources.threshold_km,
        communes=sorted(
            {
                venue.commune
                for venue in sources.venues
                if venue.territory_id in {t.pk for t in in_area}
            }
        ),
        territories=sources.territories,
        needs=sources.needs,
    )
    diagnosis.summary = summary_sentences(diagnosis)
    return diagnosis


# The offer


def round_hours(value):
    return round(value, 1)


def offer_totals(venues, today):
    weeks = [week_figures(venue.opening_hours, today) for venue in venues]
    return {
        "places": len(venues),
        "hours": round_hours(sum(week.hours for week in weeks)),
        "evening_hours": round_hours(sum(week.evening_hours for week in weeks)),
        "saturday_hours": round_hours(sum(week.saturday_hours for week in weeks)),
        "outside_office_hours": round_hours(sum(week.outside_office_hours for week in weeks)),
        "drop_in": sum(1 for venue in venues if venue.support_drop_in),
        "step_free": sum(1 for venue in venues if venue.step_free),
    }


def offer_table(territories, by_territory, venues, today):
    table = Table(
        "offre",
        _("L'offre par territoire"),
        [
            _("Territoire"),
            _("Lieux"),
            _("Heures d'ouverture par semaine"),
            _("Dont après 18 h"),
            _("Dont le samedi"),
            _("Hors heures de bureau"),
            _("Lieux sans rendez-vous"),
            _("Lieux accessibles en fauteuil roulant"),
        ],
        note=_(
            "Une semaine habituelle, sans jour férié ni fermeture exceptionnelle. « Hors heures "
            "de bureau » : après 18 h ou le samedi, chaque heure comptée une fois."
        ),
    )
    for territory in territories:
        table.rows.append(
            _offer_row(territory.name, offer_totals(by_territory[territory.pk], today))
        )
    table.rows.append(_offer_row(_("Total"), offer_totals(venues, today)))
    return table


def _offer_row(name, totals):
    return [
        name,
        totals["places"],
        totals["hours"],
        totals["evening_hours"],
        totals["saturday_hours"],
        totals["outside_office_hours"],
        totals["drop_in"],
        totals["step_free"],
    ]


def _level_counts(levels):
    counts = Counter(levels)
    return [counts[3], counts[2], counts[1]]


LEVEL_COLUMNS = ["★★★", "★★", "★"]


def family_table(catalogue, venues):
    """Per family, the places by their best level among its services."""
    table = Table(
        "familles", _("Les lieux par famille de services et niveau"), [_("Famille"), *LEVEL_COLUMNS]
    )
    for family in catalogue:
        item_ids = {service.pk for service in family.services}
        best = [
            max((level for item, level in venue.levels.items() if item in item_ids), default=0)
            for venue in venues
        ]
        table.rows.append([family.name, *_level_counts(best)])
    return table


def service_table(catalogue, venues):
    table = Table(
        "services",
        _("Les lieux par service et niveau"),
        [_("Famille"), _("Service"), *LEVEL_COLUMNS],
    )
    for family in catalogue:
        for service in family.services:
            levels = [venue.levels.get(service.pk, 0) for venue in venues]
            table.rows.append([family.name, service.label, *_level_counts(levels)])
    return table


def language_table(venues):
    table = Table("langues", _("Les langues parlées (hors français)"), [_("Langue"), _("Lieux")])
    counts = Counter(language for venue in venues for language in venue.languages)
    labels = dict(vocab.Language.choices)
    for code, count in counts.most_common():
        table.rows.append([str(labels.get(code, code)), count])
    table.rows.append([_("Interprète disponible"), sum(1 for venue in venues if venue.interpreter)])
    return table


# The gaps


def need_grid(needs, territories, by_territory):
    """The best level of each need in each territory (0: no place answers it there)."""
    levels = [
        [
            max((need.level_at(venue) or 0 for venue in by_territory[territory.pk]), default=0)
            for territory in territories
        ]
        for need in needs
    ]
    return {"needs": needs, "territories": territories, "levels": levels}


def heat_table(heat, level_names):
    table = Table(
        "besoins",
        _("Le meilleur niveau de chaque besoin, par territoire"),
        [_("Besoin"), *[territory.name for territory in heat["territories"]]],
        note=_("— : aucun lieu du territoire ne répond à ce besoin."),
    )
    for need, levels in zip(heat["needs"], heat["levels"], strict=True):
        table.rows.append([need.title, *[STARS.get(level, "—") for level in levels]])
    return table


def without_expert_table(heat):
    table = Table(
        "sans-expert",
        _("Les besoins sans lieu expert (★★★), par territoire"),
        [_("Territoire"), _("Nombre de besoins"), _("Besoins")],
    )
    for column, territory in enumerate(heat["territories"]):
        missing = [
            need.title
            for need, levels in zip(heat["needs"], heat["levels"], strict=True)
            if levels[column] < EXPERT_LEVEL
        ]
        table.rows.append([territory.name, len(missing), ", ".join(missing)])
    return table


def scope_postcodes(venues, searches, whole_area):
    """The postcodes of the territory: its places', and for the whole area those searched."""
    postcodes = {venue.postcode for venue in venues}
    if whole_area:
        postcodes |= set(searches.get(Kind.SEARCH, {}))
    return sorted(code for code in postcodes if lookup_postcode(code))


def distance_rows(needs, postcodes, all_venues):
    """For each need and postcode, the nearest place at ★★ or more from the postcode's centre.

    Every place counts, whatever its territory: residents cross boundaries. One distance
    matrix per need (numpy), not a loop per pair: 40 needs × 200 postcodes × 2,000 places.
    """
    if not postcodes:
        return []
    centres = [lookup_postcode(code) for code in postcodes]
    origin = numpy.radians([[c.latitude, c.longitude] for c in centres])
    placed = [(venue, venue.position) for venue in all_venues]
    placed = [(venue, position) for venue, position in placed if position]
    rows = []
    for need in needs:
        good = [
            (venue, position)
            for venue, position in placed
            if (need.level_at(venue) or 0) >= GOOD_LEVEL
        ]
        if good:
            target = numpy.radians([position for _venue, position in good])
            matrix = haversine_km(origin, target)
            nearest = matrix.argmin(axis=1)
        for index, centre in enumerate(centres):
            if good:
                venue = good[nearest[index]][0]
                distance = round(float(matrix[index, nearest[index]]), 1)
            else:
                venue, distance = None, None
            rows.append(
                {
                    "need": need,
                    "postcode": centre.postcode,
                    "label": f"{centre.postcode} {centre.label}",
                    "distance": distance,
                    "venue": venue.title if venue else "",
                }
            )
    return rows


def haversine_km(origin, target):
    """Great-circle distances (km) from each row of ``origin`` to each row of ``target``, both
    arrays of (latitude, longitude) in radians; the formula of ``guide.geo``."""
    lat1, lon1 = origin[:, 0:1], origin[:, 1:2]
    lat2, lon2 = target[:, 0], target[:, 1]
    a = (
        numpy.sin((lat2 - lat1) / 2) ** 2
        + numpy.cos(lat1) * numpy.cos(lat2) * numpy.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * numpy.arcsin(numpy.sqrt(a))


def distance_table(rows, threshold_km):
    table = Table(
        "distances",
        _("La distance au lieu ★★ le plus proche, par besoin et code postal"),
        [_("Besoin"), _("Code postal"), _("Distance (km)"), _("Lieu le plus proche"), _("Signalé")],
        note=_(
            "Distance à vol d'oiseau depuis le centre du code postal. Signalé : au-delà de "
            "%(threshold)s km, ou aucun lieu de niveau ★★ ou plus."
        )
        % {"threshold": format_number(threshold_km)},
    )

    def far_first(row):
        return (
            row["distance"] is not None,
            -(row["distance"] or 0),
            row["need"].title,
            row["postcode"],
        )

    for row in sorted(rows, key=far_first):
        flagged = row["distance"] is None or row["distance"] > threshold_km
        table.rows.append(
            [
                row["need"].title,
                row["label"],
                row["distance"] if row["distance"] is not None else _("aucun lieu"),
                row["venue"],
                _("Oui") if flagged else _("Non"),
            ]
        )
    return table


def closed_hours_table(territories, by_territory, today):
    table = Table(
        "heures-fermees",
        _("Les heures où aucun lieu n'est ouvert (8 h – 20 h, du lundi au samedi)"),
        [_("Territoire"), _("Jour"), _("Heures sans lieu ouvert")],
    )
    day_names = weekday_names()
    for territory in territories:
        open_slots = set()
        for venue in by_territory[territory.pk]:
            open_slots |= week_figures(venue.opening_hours, today).open_slots
        closed = closed_slots(open_slots)
        for weekday in GRID_DAYS:
            if weekday in closed:
                spans = ", ".join(f"{start} h – {end} h" for start, end in closed[weekday])
                table.rows.append([territory.name, day_names[weekday], spans])
    return table


def weekday_names():
    return [
        _("Lundi"),
        _("Mardi"),
        _("Mercredi"),
        _("Jeudi"),
        _("Vendredi"),
        _("Samedi"),
        _("Dimanche"),
    ]


# The demand


def postcode_demand_table(searches, postcodes, whole_area):
    table = Table(
        "recherches",
        _("Les recherches par code postal"),
        [_("Code postal"), _("Recherches"), _("Sans résultat"), _("Part sans résultat (%)")],
    )
    counted = searches.get(Kind.SEARCH, {})
    missing = searches.get(Kind.NO_RESULT, {})
    keys = set(counted) | set(missing)
    if not whole_area:
        keys &= set(postcodes)
    rows = []
    for key in keys:
        total, without = counted.get(key, 0), missing.get(key, 0)
        place = lookup_postcode(key) if key else None
        label = f"{key} {place.label}" if place else (key or _("Sans code postal"))
        rows.append([label, total, without, round(100 * without / total) if total else 0])
    table.rows = sorted(rows, key=lambda row: (-row[2], -row[1], row[0]))
    return table


def need_demand_table(searches, needs):
    table = Table(
        "recherches-besoins",
        _("Les besoins consultés et restés sans résultat"),
        [_("Besoin"), _("Consultations"), _("Sans résultat")],
    )
    viewed = searches.get(Kind.NEED, {})
    missing = searches.get(Kind.NEED_NO_RESULT, {})
    rows = []
    for need in needs:
        key = f"{NEED_PREFIX}{need.translation_key}"
        rows.append([need.title, viewed.get(key, 0), missing.get(key, 0)])
    table.rows = sorted(rows, key=lambda row: (-row[2], -row[1], row[0]))
    return table


# Fragility


def fragility_table(indexes, venues, today):
    """Communes by fragility, most fragile first, beside the offer found there."""
    table = Table(
        "fragilite",
        _("Les communes par indice de fragilité numérique, face à leur offre"),
        [
            _("Rang"),
            _("Code INSEE"),
            _("Commune"),
            _("Indice de fragilité"),
            _("Lieux"),
            _("Heures d'ouverture par semaine"),
            _("Lieux ★★★ dans au moins un service"),
        ],
        note=_(
            "Les lieux sont rattachés par leur code INSEE, à défaut par le nom de leur commune."
        ),
    )
    by_insee, by_name = defaultdict(list), defaultdict(list)
    for venue in venues:
        if venue.insee_code:
            by_insee[venue.insee_code].append(venue)
        else:
            by_name[normalized(venue.commune)].append(venue)
    ranked = sorted(indexes, key=lambda index: (-index.score, index.insee_code))
    for rank, index in enumerate(ranked, start=1):
        found = by_insee[index.insee_code] + by_name[normalized(index.commune)]
        hours = sum(week_figures(venue.opening_hours, today).hours for venue in found)
        experts = sum(1 for venue in found if EXPERT_LEVEL in venue.levels.values())
        table.rows.append(
            [
                rank,
                index.insee_code,
                index.commune,
                index.score,
                len(found),
                round_hours(hours),
                experts,
            ]
        )
    return table


def normalized(name):
    return " ".join((name or "").replace("-", " ").split()).casefold()
