"""The venue filters of /lieux/ and of need pages: one GET form, validated, turned into a query.

Every filter is optional and combinable; a malformed or unknown value is ignored and reported,
never an error page. When nothing matches, each active filter is tried away in turn so the page
can suggest the nearest alternatives instead of a dead end.

Only one page of results is loaded in full: the database filters, counts and orders by distance;
open-now alone is computed from a light row per matching venue before the page's venues are
fetched.

Everything here works on the querysets and pages it is given, and reaches ratings and closures
through the venues' relations: the page models call it, so it imports none of them.
"""

from dataclasses import dataclass, field
from math import cos, radians

from django import forms
from django.core.paginator import Paginator
from django.db.models import ExpressionWrapper, F, FloatField, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import vocab
from .geo import distance_km
from .hours import Closure, OpenState, Schedule, holiday_zone
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

    besoin = forms.ChoiceField(label=_("Besoin"), required=False)
    public = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("Tous"))] + vocab.Public.choices
    )
    langue = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("Toutes")), (INTERPRETER, _("Avec interprète"))] + vocab.Language.choices,
    )

    def __init__(self, data, *, choices, needs=None):
        """``choices`` maps besoin (and famille, service, territoire if present) to choices;
        ``needs`` is the queryset of need pages a chosen slug is looked up in."""
        super().__init__(data)
        self.needs = needs
        everything = {
            "besoin": _("Tous"),
            "famille": _("Toutes"),
            "service": _("Tous"),
            "territoire": _("Tous"),
        }
        for name, label in everything.items():
            if name in self.fields:
                self.fields[name].choices = [("", label)] + list(choices[name])

    def clean_besoin(self):
        slug = self.cleaned_data["besoin"]
        return self.needs.filter(slug=slug).first() if slug else None


class VenueFilterForm(PersonForm):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=200)
    territoire = forms.ChoiceField(label=_("Quartier ou commune"), required=False)
    famille = forms.ChoiceField(label=_("Type d'aide"), required=False)
    service = forms.ChoiceField(label=_("Service précis"), required=False)
    niveau = forms.TypedChoiceField(
        label=_("Niveau minimum"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tous")), (1, "★"), (2, "★★"), (3, "★★★")],
    )
    accompagnement = forms.ChoiceField(
        label=_("Accompagnement"),
        required=False,
        choices=[("", _("Tous"))] + [(key, label) for key, (_f, label) in SUPPORT_MODES.items()],
    )

    field_order = ["q", "cp", "besoin", "territoire", "famille", "service", "niveau", "public"]


class OrientationForm(PersonForm):
    """ "Orienter quelqu'un": the need and the person's postcode are required."""

    field_order = ["besoin", "cp", "public", "langue"]

    def __init__(self, data, *, choices, needs):
        super().__init__(data, choices=choices, needs=needs)
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
    for venue in venues:
        offered = [
            (service, level)
            for rated in venue.rated_families()
            for service, level in rated.services
            if test(service)
        ]
        venue.matched_service = max(offered, key=lambda pair: pair[1], default=None)
    return venues


@dataclass
class Found:
    venues: list  # the page's venues, with card parts, open_state, today and distance
    count: int
    page: object  # a Django paginator page
    filters: dict
    notes: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)  # (filter name, count without it)

    @property
    def sorted_by_distance(self):
        return "lat" in self.filters

    @property
    def sorted_by_level(self):
        """Best level first in the services looked for, when there is no position."""
        return not self.sorted_by_distance and _services_looked_for(self.filters) is not None


def nearest_first(queryset, lat, lon):
    """Order by distance in the database, so that only one page of venues leaves it.

    An equirectangular approximation (longitude scaled by the cosine of the latitude): exact
    enough to rank places within a region; venues without coordinates come last.
    """
    scale = cos(radians(lat))
    north = F("latitude") - lat
    east = (F("longitude") - lon) * scale
    proximity = ExpressionWrapper(north * north + east * east, output_field=FloatField())
    return queryset.annotate(proximity=proximity).order_by(
        F("proximity").asc(nulls_last=True), "title"
    )


def _states(matching, now):
    """{id: OpenState at ``now``} of the matching venues, in the queryset's order, from a light
    row per venue and one query for the closures to come.

    Venues that share their hours, their holiday zone and their closures share one state: a
    city's places mostly keep a few common timetables, and reading one is the slow part.
    """
    rows = list(matching.values_list("pk", "opening_hours", "postcode"))
    closures = {}
    upcoming = matching.model.objects.filter(
        pk__in=matching.values("pk"), closures__end_date__gte=timezone.localdate(now)
    ).values_list("pk", "closures__start_date", "closures__end_date", "closures__reason")
    for pk, start, end, reason in upcoming:
        closures.setdefault(pk, []).append(Closure(start, end, reason))
    shared = {}
    states = {}
    for pk, hours, postcode in rows:
        own_closures = tuple(closures.get(pk, ()))
        key = (hours, holiday_zone(postcode), own_closures)
        if key not in shared:
            shared[key] = Schedule(hours, own_closures, postcode, now).state(now)
        states[pk] = shared[key]
    return states


def open_ids(matching, now):
    """Ids of the matching venues open at ``now``, in the queryset's order.

    Open-now depends on each venue's hours, holidays and closures, so it is computed here from
    a light row per venue rather than by the database.
    """
    return [pk for pk, state in _states(matching, now).items() if state.is_open]


@dataclass(frozen=True)
class Opening:
    venue: object
    state: OpenState  # closed, with the moment it opens


def first_openings(queryset, filters, now, limit=FIRST_OPENINGS):
    """The matching venues that open first, soonest first (then by name), when none is open
    now: what a resident can plan at night. Empty when one is open, the list then shows it.
    """
    matching = filter_queryset(queryset, filters)
    upcoming = []
    for pk, state in _states(matching, now).items():
        if state.is_open:
            return []
        if state.next_change:
            upcoming.append((state, pk))
    upcoming.sort(key=lambda pair: pair[0].next_change)
    soonest = upcoming[:limit]
    by_id = queryset.prefetch_related(None).in_bulk([pk for _state, pk in soonest])
    return [Opening(by_id[pk], state) for state, pk in soonest]


def in_site_area(queryset):
    """The venues of the site's own territories, and those without a territory."""
    return queryset.exclude(territory__outside_area=True)


def attach_hours(venues, now):
    """Give each venue ``open_state`` and ``today`` (its hours today, None when unknown)."""
    today = timezone.localdate(now)
    for venue in venues:
        schedule = venue.schedule(now)
        venue.open_state = schedule.state(now)
        venue.today = schedule.day(today) if schedule.expression else None
    return venues


def _decorate(venues, filters, now):
    """What the cards show now: the open state, today's hours and the distance."""
    attach_hours(venues, now)
    for venue in venues:
        venue.distance = (
            distance_km(filters["lat"], filters["lon"], venue.latitude, venue.longitude)
            if "lat" in filters and venue.latitude is not None
            else None
        )
    return venues


def count(queryset, filters, now):
    matching = filter_queryset(queryset, filters)
    if "ouvert" in filters:
        return len(open_ids(matching, now))
    return matching.count()


def find(queryset, filters, now, page_number=1, per_page=PER_PAGE, name_services=True):
    """One page of matching venues, each with its open state, hours today and distance.

    With the services looked for, each venue also gets ``matched_service`` (the service and its
    level) or, when ``name_services`` is false, only ``service_level``: one subquery instead of
    the venues' services and the catalogue.
    """
    matching = filter_queryset(queryset, filters)
    looked_for = _services_looked_for(filters)
    if "lat" in filters:
        matching = nearest_first(matching, filters["lat"], filters["lon"])
    elif looked_for:
        matching = best_rated_first(matching, looked_for[0])
    if "ouvert" in filters:
        ids = open_ids(matching, now)
    else:
        # Sorting narrow rows and fetching 20 whole ones is several times faster than sorting
        # whole rows.
        ids = matching.values_list("pk", flat=True)
    page = Paginator(ids, per_page).get_page(page_number)
    fetched = queryset
    if looked_for and not name_services:
        fetched = queryset.annotate(service_level=queryset.model.best_level_among(looked_for[0]))
    by_id = fetched.in_bulk(list(page.object_list))
    venues = [by_id[pk] for pk in page.object_list]
    if looked_for and name_services:
        prefetch_related_objects(venues, "service_levels")
        attach_matched_service(venues, looked_for[1])
    return Found(
        venues=_decorate(venues, filters, now),
        count=page.paginator.count,
        page=page,
        filters=filters,
    )


def find_with_alternatives(queryset, form, now, page_number=1):
    filters = form.usable_filters()
    found = find(queryset, filters, now, page_number)
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
