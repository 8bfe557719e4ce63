"""The venue filters of /lieux/ and of need pages: one GET form, validated, turned into a query.

Every filter is optional and combinable; a malformed or unknown value is ignored and reported,
never an error page. When nothing matches, each active filter is tried away in turn so the page
can suggest the nearest alternatives instead of a dead end.

Only one page of results is loaded in full: the database filters and orders by distance; a
light row per matching venue gives the count and, when needed, the open states, before the
page's venues are fetched.

Everything here works on the querysets and pages it is given, and reaches ratings and closures
through the venues' relations: the page models call it, so it imports none of them.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from math import cos, inf, radians
from typing import NamedTuple

from django import forms
from django.core.paginator import Paginator
from django.db.models import F, IntegerField, Q, Value
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal.content_cache import Frozen, cached, cached_many, generation
from portal.form_renderer import KeptOptionsSelect

from . import vocab
from .geo import distance_km
from .hours import (
    Closure,
    OpenState,
    day_of,
    holiday_zone,
    shared_schedule,
    state_in_minute,
)
from .postcodes import lookup as lookup_postcode

PER_PAGE = 20
# How many next openings a list shows when nothing is open: the first ones of the next day.
FIRST_OPENINGS = 5
SUPPORT_MODES = {
    "rdv": ("support_by_appointment", _("En individuel sur rendez-vous")),
    "sans-rdv": ("support_drop_in", _("En individuel sans rendez-vous")),
    "atelier": ("support_workshops", _("En atelier collectif")),
    "distance": ("support_remote", _("À distance")),
    "autonomie": ("support_self_service", _("En autonomie")),
}
INTERPRETER = "interprete"
# Filters that only refine another one, or only sort: never suggested for removal.
NOT_SUGGESTED = ("lat", "lon", "niveau", "cp", "origin")


# Field sets built once by ``NearbyForm`` and shared by requests: {(form class, list, language,
# content generation): fields}, emptied when full (a new generation makes new keys).
_shared_fields = {}
MAX_SHARED_FIELDS = 64


class NearbyForm(forms.Form):
    """Where the person is and what they cannot do without: the filters of a need page."""

    cp = forms.CharField(
        label=_("Code postal"),
        required=False,
        max_length=10,
        help_text=_("Pour voir d'abord les lieux les plus proches."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    sans_rdv = forms.BooleanField(label=_("Sans rendez-vous"), required=False)
    gratuit = forms.BooleanField(label=_("Gratuit"), required=False)
    accessible = forms.BooleanField(label=_("Accessible en fauteuil roulant"), required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, data=None, *, shared_as=None):
        """With ``shared_as`` (what decides the fields' choices: the list's locale), the fields
        are built once per language and content generation and shared by the requests of this
        process: Django copies every field for every form, and copying and filling the lists'
        choices was a third of the form's cost. Nothing changes a field once built
        (``build_fields`` does it all)."""
        current = generation()
        if current is None:  # the shared cache does not answer: a publication could be missed
            shared_as = None
        key = (type(self), shared_as, get_language(), current)
        shared = _shared_fields.get(key) if shared_as is not None else None
        if shared is not None:
            self.base_fields = {}  # nothing for Django to copy
            super().__init__(data)
            self.fields = dict(shared)
            return
        super().__init__(data)
        self.build_fields()
        if shared_as is not None:
            if len(_shared_fields) >= MAX_SHARED_FIELDS:
                _shared_fields.clear()
            _shared_fields[key] = dict(self.fields)

    def build_fields(self):
        """What the class cannot declare (choices from the database, labels of a variant)."""

    def clean_cp(self):
        postcode = self.cleaned_data["cp"].replace(" ", "")
        if postcode and not lookup_postcode(postcode):
            raise forms.ValidationError(_("Code postal inconnu."))
        return postcode

    def usable_filters(self):
        """The valid, non-empty values; invalid ones are left out (see ``ignored``).

        A position from the browser wins over a postcode; a postcode gives its centroid.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: value for name, value in cleaned.items() if value not in ("", None, False)}
        if ("lat" in values) != ("lon" in values):
            values.pop("lat", None)
            values.pop("lon", None)
        if "lat" in values:
            values["origin"] = _("votre position")
        elif "cp" in values:
            centroid = lookup_postcode(values["cp"])
            values.update(lat=centroid.latitude, lon=centroid.longitude)
            values["origin"] = f"{centroid.postcode} {centroid.label}"
        return values

    def ignored(self):
        return [
            _("Le filtre « %(name)s » a été ignoré : valeur « %(value)s » non reconnue.")
            % {"name": self.fields[name].label or name, "value": self.data.get(name, "")}
            for name in self.errors
        ]


class NeedForm(NearbyForm):
    """The filters of a need page, and whether to list places outside the site's territories
    (kept through the form as a hidden field once the resident asked for them)."""

    partout = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PersonForm(NearbyForm):
    """What a person needs and who they are: shared by the venue list and the orientation tool."""

    besoin = forms.ChoiceField(label=_("Besoin"), required=False, widget=KeptOptionsSelect)
    public = forms.ChoiceField(
        label=_("Public"),
        required=False,
        choices=[("", _("Tous"))] + vocab.Public.choices,
        widget=KeptOptionsSelect,
    )
    langue = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        widget=KeptOptionsSelect,
        choices=[("", _("Toutes")), (INTERPRETER, _("Avec interprète"))] + vocab.Language.choices,
    )

    def __init__(self, data, *, choices, needs=None, shared_as=None):
        """``choices`` maps besoin (and famille, service, territoire if present) to choices;
        ``needs`` is the queryset of need pages a chosen slug is looked up in."""
        self.needs = needs
        self.choice_lists = choices
        super().__init__(data, shared_as=shared_as)

    def build_fields(self):
        everything = {
            "besoin": _("Tous"),
            "famille": _("Toutes"),
            "service": _("Tous"),
            "territoire": _("Tous"),
        }
        for name, label in everything.items():
            if name in self.fields:
                self.fields[name].choices = [("", label)] + list(self.choice_lists[name])

    def clean_besoin(self):
        slug = self.cleaned_data["besoin"]
        return self.needs.filter(slug=slug).first() if slug else None


class VenueFilterForm(PersonForm):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=200)
    territoire = forms.ChoiceField(
        label=_("Quartier ou commune"), required=False, widget=KeptOptionsSelect
    )
    famille = forms.ChoiceField(label=_("Type d'aide"), required=False, widget=KeptOptionsSelect)
    service = forms.ChoiceField(label=_("Service précis"), required=False, widget=KeptOptionsSelect)
    niveau = forms.TypedChoiceField(
        label=_("Niveau minimum"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tous")), (1, "★"), (2, "★★"), (3, "★★★")],
        widget=KeptOptionsSelect,
    )
    accompagnement = forms.ChoiceField(
        label=_("Accompagnement"),
        required=False,
        widget=KeptOptionsSelect,
        choices=[("", _("Tous"))] + [(key, label) for key, (_f, label) in SUPPORT_MODES.items()],
    )

    field_order = ["q", "cp", "besoin", "territoire", "famille", "service", "niveau", "public"]


class OrientationForm(PersonForm):
    """ "Orienter quelqu'un": the need and the person's postcode are required."""

    field_order = ["besoin", "cp", "public", "langue"]

    def build_fields(self):
        super().build_fields()
        self.fields["besoin"].required = True
        self.fields["besoin"].label = _("Son besoin")
        self.fields["cp"].required = True
        self.fields["cp"].label = _("Son code postal")
        self.fields["cp"].help_text = _("Pour proposer les lieux les plus proches de chez elle.")
        self.fields["ouvert"].label = _("Ouvert maintenant (la personne y va tout de suite)")


def filter_queryset(queryset, filters):
    """Every filter but open-now, which `find` computes from the hours."""
    if "besoin" in filters:
        queryset = queryset.filter(filters["besoin"].venue_condition())
    if "territoire" in filters:
        queryset = queryset.filter(territory__slug=filters["territoire"])
    if {"famille", "service", "niveau"} & filters.keys():
        queryset = queryset.filter(pk__in=_rated_venue_ids(queryset.model, filters))
    if "public" in filters:
        queryset = queryset.filter(publics__has=filters["public"])
    if "accompagnement" in filters:
        queryset = queryset.filter(**{SUPPORT_MODES[filters["accompagnement"]][0]: True})
    if filters.get("langue") == INTERPRETER:
        queryset = queryset.filter(interpreter=True)
    elif "langue" in filters:
        queryset = queryset.filter(languages__has=filters["langue"])
    if "gratuit" in filters:
        queryset = queryset.filter(fee=vocab.Fee.FREE)
    if "sans_rdv" in filters:
        queryset = queryset.filter(support_drop_in=True)
    if "accessible" in filters:
        queryset = queryset.filter(step_free=True)
    if "q" in filters:
        matching = queryset.model.objects.visible().search(filters["q"]).get_queryset()
        queryset = queryset.filter(pk__in=matching.values("pk"))
    return queryset


def _rated_venue_ids(venue_model, filters):
    """Venues offering a service of the family, or the service, at the minimum level (any
    service, any level by default), as a subquery.

    A subquery rather than a join keeps one row per venue, so no DISTINCT is needed. The
    conditions go in one ``filter()``: they must hold for the same service.
    """
    rating = {"service_levels__level__gte": filters.get("niveau") or 1}
    if "famille" in filters:
        rating["service_levels__item__family__slug"] = filters["famille"]
    if "service" in filters:
        rating["service_levels__item__slug"] = filters["service"]
    return venue_model.objects.filter(**rating).values("pk")


def _services_looked_for(filters):
    """What the list is about, as (condition on a venue's service rows, test of a service):
    the precise service, else the need's services, else the family; None when none is."""
    if "service" in filters:
        slug = filters["service"]
        return Q(item__slug=slug), lambda service: service.slug == slug
    if "besoin" in filters:
        item_ids = set(filters["besoin"].rule_item_ids())
        if item_ids:
            return Q(item_id__in=item_ids), lambda service: service.pk in item_ids
    if "famille" in filters:
        slug = filters["famille"]
        return Q(item__family__slug=slug), lambda service: service.family_slug == slug
    return None


def best_rated_first(queryset, rows):
    """Order by the venue's best level in the services looked for, then by name."""
    level = queryset.model.best_level_among(rows)
    return queryset.annotate(service_level=level).order_by(
        F("service_level").desc(nulls_last=True), "title"
    )


def attach_matched_service(venues, test):
    """Give each venue ``matched_service``: its best (service, level) among those looked for."""
    if not venues:
        return venues
    best = type(venues[0]).best_services(venues, test)
    for venue in venues:
        venue.matched_service = best.get(venue.pk)
    return venues


@dataclass
class Found:
    venues: list  # the page's venues, with card parts, open_state, today and distance
    count: int
    page: object  # a Django paginator page
    filters: dict
    notes: list = field(default_factory=list)
    first_openings: list = field(default_factory=list)  # of Opening, when asked and all closed
    alternatives: list = field(default_factory=list)  # (filter name, count without it)

    @property
    def sorted_by_distance(self):
        return "lat" in self.filters

    @property
    def sorted_by_level(self):
        """Best level first in the services looked for, when there is no position."""
        return not self.sorted_by_distance and _services_looked_for(self.filters) is not None


def proximity(lat, lon):
    """A sort key putting the nearest rows (with ``latitude`` and ``longitude``) first.

    An equirectangular approximation (longitude scaled by the cosine of the latitude): exact
    enough to rank places within a region; venues without coordinates come last.
    """
    scale = cos(radians(lat))

    def key(row):
        # A number rather than a tuple: a list sorts thousands of rows by it on each request.
        if row.latitude is None or row.longitude is None:
            return inf
        north = row.latitude - lat
        east = (row.longitude - lon) * scale
        return north * north + east * east

    return key


# Filters that only place or sort the list, or that the hours decide: not in the rows' cache key.
NOT_IN_ROWS = ("lat", "lon", "cp", "origin", "ouvert")


class Row(NamedTuple):
    """A tuple, so that a cached list of thousands unpickles fast."""

    pk: int
    opening_hours: str
    postcode: str
    latitude: float | None
    longitude: float | None
    level: int | None  # the best level in the services looked for
    holiday_zone: str | None  # with the hours, what the open state depends on (hours.py)


def matching_rows(queryset, filters, scope=None):
    """A light row per venue matching ``filters`` but the location and open-now: best level
    first when services are looked for, else in the queryset's order.

    With a ``scope`` (which list ``queryset`` is), they are shared until the content changes:
    every postcode, page and hour of the same list and filters reads the same rows.
    """
    looked_for = _services_looked_for(filters)

    def read():
        matching = filter_queryset(queryset, filters)
        if looked_for:
            matching = best_rated_first(matching, looked_for[0])
        else:
            matching = matching.annotate(service_level=Value(None, IntegerField()))
        columns = ("pk", "opening_hours", "postcode", "latitude", "longitude", "service_level")
        return Frozen(
            Row(*values, holiday_zone(values[2])) for values in matching.values_list(*columns)
        )

    if scope is None:
        return read()
    return cached(f"rows:{rows_key(filters, scope)}", read)


def rows_key(filters, scope):
    """Which list and filters rows are for: the same for every location and hour."""
    kept = sorted(
        (name, getattr(value, "pk", value))
        for name, value in filters.items()
        if name not in NOT_IN_ROWS
    )
    return f"{scope}:{hashlib.sha256(repr(kept).encode()).hexdigest()[:32]}"


def upcoming_closures(venue_model, today):
    """{venue id: (Closure, …)} of every closure not over by ``today``, shared until the
    content changes: a few rows that every list reads and only a publication changes."""

    def read():
        closures = {}
        rows = (
            venue_model.objects.filter(closures__end_date__gte=today)
            .order_by("pk", "closures__sort_order")
            .values_list("pk", "closures__start_date", "closures__end_date", "closures__reason")
        )
        for pk, start, end, reason in rows:
            closures.setdefault(pk, []).append(Closure(start, end, reason))
        return {pk: tuple(own) for pk, own in closures.items()}

    return cached(f"upcoming-closures:{today.isoformat()}", read)


def closures_of(venue_model, ids, today):
    """{venue id: (Closure, …)} of the closures not over by ``today`` of the venues ``ids``
    only: what a page of a list shows, without reading every venue's."""
    day = today.isoformat()
    names = {f"closures:{day}:{pk}": pk for pk in ids}

    def read(missing):
        wanted = [names[name] for name in missing]
        closures = {pk: [] for pk in wanted}
        rows = (
            venue_model.objects.filter(pk__in=wanted, closures__end_date__gte=today)
            .order_by("pk", "closures__sort_order")
            .values_list("pk", "closures__start_date", "closures__end_date", "closures__reason")
        )
        for pk, start, end, reason in rows:
            closures[pk].append(Closure(start, end, reason))
        return {f"closures:{day}:{pk}": tuple(own) for pk, own in closures.items()}

    return {names[name]: own for name, own in cached_many(list(names), read).items()}


class OpenSummary(NamedTuple):
    """What a list's hours say at one minute: which venues are open and, at night, those that
    open first (the soonest, ties included, up to ``FIRST_OPENINGS``)."""

    open_ids: frozenset
    soonest: tuple  # ((next change, id, OpenState), …), soonest first


class MatchingRows:
    """The matching venues in the list's order, from their light rows: their count, the page's
    ids and, for open-now and the first openings, each one's open state.

    Venues that share their hours, holiday zone and closures share one state: a city's places
    mostly keep a few common timetables, so a list of thousands asks for a few dozen states.
    With a ``key`` (``rows_key``), what the states say is shared for the current minute by
    every request for the same list, whatever its location, page or language.
    """

    def __init__(self, venue_model, rows, now, key=None):
        self.model = venue_model
        self.rows = rows
        self.now = now
        self.key = key
        self.ids = [row.pk for row in rows]

    @cached_property
    def summary(self):
        if self.key is None:
            return self._summarize()
        minute = self.now.replace(second=0, microsecond=0).isoformat()
        return cached(f"open-now:{self.key}:{minute}", self._summarize)

    def _summarize(self):
        closures = upcoming_closures(self.model, timezone.localdate(self.now))
        shared = {}  # (hours, holiday zone, closures): OpenState
        open_ids, upcoming = set(), []
        for row in self.rows:
            own_closures = closures.get(row.pk, ())
            key = (row.opening_hours, row.holiday_zone, own_closures)
            state = shared.get(key)
            if state is None:
                schedule = shared_schedule(row.opening_hours, own_closures, row.postcode, self.now)
                state = shared[key] = state_in_minute(schedule, self.now)
            if state.is_open:
                open_ids.add(row.pk)
            elif state.next_change:
                upcoming.append((state.next_change, row.pk, state))
        upcoming.sort(key=lambda entry: entry[0])
        if len(upcoming) > FIRST_OPENINGS:
            last = upcoming[FIRST_OPENINGS - 1][0]
            upcoming = [entry for entry in upcoming if entry[0] <= last]
        return OpenSummary(frozenset(open_ids), tuple(upcoming))

    def open_ids(self):
        opened = self.summary.open_ids
        return [pk for pk in self.ids if pk in opened]

    def any_open(self, ids):
        opened = self.summary.open_ids
        return any(pk in opened for pk in ids)

    def first_openings(self, limit):
        """[(id, OpenState)] of the venues that open first, soonest first (then in the list's
        order): what a resident can plan at night. Empty when one is open, the list shows it."""
        if self.summary.open_ids:
            return []
        position = {pk: index for index, pk in enumerate(self.ids)}
        soonest = sorted(self.summary.soonest, key=lambda entry: (entry[0], position[entry[1]]))
        return [(pk, state) for _when, pk, state in soonest[:limit]]


@dataclass(frozen=True)
class Opening:
    venue: object
    state: OpenState  # closed, with the moment it opens


def in_site_area(queryset):
    """The venues of the site's own territories, and those without a territory."""
    return queryset.exclude(territory__outside_area=True)


def attach_hours(venues, now, closures=None):
    """Give each venue ``open_state`` and ``today`` (its hours today, None when unknown).

    ``closures`` ({venue id: closures}, see ``upcoming_closures``) spares reading each venue's.
    """
    today = timezone.localdate(now)
    for venue in venues:
        own_closures = None if closures is None else closures.get(venue.pk, ())
        schedule = venue.schedule(now, own_closures)
        venue.open_state = state_in_minute(schedule, now)
        venue.today = day_of(schedule, today) if schedule.expression else None
    return venues


def _decorate(venues, filters, now, closures):
    """What the cards show now: the open state, today's hours and the distance."""
    attach_hours(venues, now, closures)
    for venue in venues:
        venue.distance = (
            distance_km(filters["lat"], filters["lon"], venue.latitude, venue.longitude)
            if "lat" in filters and venue.latitude is not None
            else None
        )
    return venues


def count(queryset, filters, now):
    if "ouvert" in filters:
        rows = matching_rows(queryset, filters)
        return len(MatchingRows(queryset.model, rows, now).open_ids())
    return filter_queryset(queryset, filters).count()


def find(
    queryset,
    filters,
    now,
    page_number=1,
    per_page=PER_PAGE,
    name_services=True,
    openings=0,
    scope=None,
):
    """One page of matching venues, each with its open state, hours today and distance.

    With the services looked for, each venue also gets ``service_level``, its best level in
    them, and, with ``name_services``, ``matched_service`` (that service and its level). With
    ``openings``, when no venue of the page is open, ``first_openings`` lists up to that many
    matching venues that open first. A ``scope`` (see ``matching_rows``) shares the rows and
    the venues between requests until the content changes.
    """
    rows = matching_rows(queryset, filters, scope)
    if "lat" in filters:
        rows = sorted(rows, key=proximity(filters["lat"], filters["lon"]))
    key = None if scope is None else rows_key(filters, scope)
    matching = MatchingRows(queryset.model, rows, now, key)
    page = Paginator(matching.open_ids() if "ouvert" in filters else matching.ids, per_page)
    page = page.get_page(page_number)
    soonest = _first_openings(matching, page, filters, openings)
    looked_for = _services_looked_for(filters)
    naming = bool(looked_for) and name_services
    wanted = list(page.object_list) + [pk for pk, _state in soonest]
    by_id = _venues(queryset, wanted, scope, with_levels=naming)
    venues = [by_id[pk] for pk in page.object_list]
    levels = {row.pk: row.level for row in rows}
    for venue in venues:
        venue.service_level = levels[venue.pk]
    if naming:
        attach_matched_service(venues, looked_for[1])
    return Found(
        venues=_decorate(
            venues,
            filters,
            now,
            closures_of(queryset.model, page.object_list, timezone.localdate(now)),
        ),
        count=page.paginator.count,
        page=page,
        filters=filters,
        first_openings=[Opening(by_id[pk], state) for pk, state in soonest],
    )


def _venues(queryset, ids, scope, with_levels):
    """{id: venue} with its territory, and its service levels ``with_levels``; with a
    ``scope``, each venue is shared until the content changes, so a page of a list reads none."""

    def fetched(wanted):
        chosen = queryset.prefetch_related(None)
        if with_levels:
            chosen = chosen.prefetch_related("service_levels")
        return chosen.in_bulk(wanted)

    if scope is None:
        return fetched(ids)
    kind = "list-venue-with-levels" if with_levels else "list-venue"
    names = {f"{kind}:{pk}": pk for pk in ids}

    def read_missing(missing):
        venues = fetched([names[name] for name in missing])
        return {f"{kind}:{pk}": venue for pk, venue in venues.items()}

    return {names[name]: venue for name, venue in cached_many(list(names), read_missing).items()}


def _first_openings(matching, page, filters, limit):
    """The next openings when no place of the page is open (at night, on Sundays): the list a
    resident plans with. Empty when a listed place is open, or when the list is empty only
    because no place offers what is looked for."""
    if not limit or not (page.paginator.count or "ouvert" in filters):
        return []
    if matching.any_open(page.object_list):
        return []
    return matching.first_openings(limit)


def find_with_alternatives(queryset, form, now, page_number=1, scope=None):
    filters = form.usable_filters()
    found = find(queryset, filters, now, page_number, scope=scope)
    found.notes = form.ignored()
    if not found.count:
        for name in filters:
            if name in NOT_SUGGESTED:
                continue
            relaxed = {key: value for key, value in filters.items() if key != name}
            if name in ("famille", "service"):
                relaxed.pop("niveau", None)
            relaxed_count = count(queryset, relaxed, now)
            if relaxed_count:
                found.alternatives.append((name, relaxed_count))
    return found
