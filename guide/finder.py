"""The venue filters of /lieux/: one GET form, validated, turned into one query.

Every filter is optional and combinable; a malformed or unknown value is ignored and reported,
never an error page. When nothing matches, each active filter is tried away in turn so the page
can suggest the nearest alternatives instead of a dead end.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from . import vocab
from .geo import distance_km

SUPPORT_MODES = {
    "rdv": ("support_by_appointment", _("En individuel sur rendez-vous")),
    "sans-rdv": ("support_drop_in", _("En individuel sans rendez-vous")),
    "atelier": ("support_workshops", _("En atelier collectif")),
    "distance": ("support_remote", _("À distance")),
    "autonomie": ("support_self_service", _("En autonomie")),
}
INTERPRETER = "interprete"


class VenueFilterForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=200)
    territoire = forms.ChoiceField(label=_("Quartier ou commune"), required=False)
    famille = forms.ChoiceField(label=_("Type d'aide"), required=False)
    niveau = forms.TypedChoiceField(
        label=_("Niveau minimum"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Tous")), (1, "★"), (2, "★★"), (3, "★★★")],
    )
    public = forms.ChoiceField(
        label=_("Public"), required=False, choices=[("", _("Tous"))] + vocab.Public.choices
    )
    accompagnement = forms.ChoiceField(
        label=_("Accompagnement"),
        required=False,
        choices=[("", _("Tous"))] + [(key, label) for key, (_f, label) in SUPPORT_MODES.items()],
    )
    langue = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("Toutes")), (INTERPRETER, _("Avec interprète"))] + vocab.Language.choices,
    )
    gratuit = forms.BooleanField(label=_("Gratuit"), required=False)
    sans_rdv = forms.BooleanField(label=_("Sans rendez-vous"), required=False)
    accessible = forms.BooleanField(label=_("Accessible en fauteuil roulant"), required=False)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, data, *, families, territories):
        super().__init__(data)
        self.fields["famille"].choices = [("", _("Toutes"))] + [(f.slug, f.name) for f in families]
        self.fields["territoire"].choices = [("", _("Tous"))] + [
            (t.slug, t.name) for t in territories
        ]

    def usable_filters(self):
        """The valid, non-empty values; invalid ones are left out (see ``ignored``)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: value for name, value in cleaned.items() if value not in ("", None, False)}
        if ("lat" in values) != ("lon" in values):
            values.pop("lat", None)
            values.pop("lon", None)
        return values

    def ignored(self):
        return [
            _("Le filtre « %(name)s » a été ignoré : valeur « %(value)s » non reconnue.")
            % {"name": self.fields[name].label or name, "value": self.data.get(name, "")}
            for name in self.errors
        ]


def filter_queryset(queryset, filters):
    """Everything the database can filter; open-now and distance are computed afterwards."""
    if "territoire" in filters:
        queryset = queryset.filter(territory__slug=filters["territoire"])
    if "famille" in filters:
        queryset = queryset.filter(
            service_ratings__family__slug=filters["famille"],
            service_ratings__level__gte=filters.get("niveau") or 1,
        )
    elif "niveau" in filters:
        queryset = queryset.filter(service_ratings__level__gte=filters["niveau"])
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
        matching = [page.pk for page in queryset.model.objects.live().search(filters["q"])]
        queryset = queryset.filter(pk__in=matching)
    return queryset.distinct()


@dataclass
class Found:
    venues: list
    filters: dict
    notes: list = field(default_factory=list)
    alternatives: list = field(default_factory=list)  # (filter name, count without it)


def find(queryset, filters, now):
    venues = list(filter_queryset(queryset, filters))
    for venue in venues:
        venue.open_state = venue.schedule(now).state(now)
    if "ouvert" in filters:
        venues = [venue for venue in venues if venue.open_state.is_open]
    if "lat" in filters:
        for venue in venues:
            venue.distance = (
                distance_km(filters["lat"], filters["lon"], venue.latitude, venue.longitude)
                if venue.latitude is not None
                else None
            )
        venues.sort(key=lambda venue: (venue.distance is None, venue.distance or 0))
    return venues


def find_with_alternatives(queryset, form, now):
    filters = form.usable_filters()
    found = Found(venues=find(queryset, filters, now), filters=filters, notes=form.ignored())
    if not found.venues:
        for name in filters:
            if name in ("lat", "lon", "niveau"):
                continue
            relaxed = {key: value for key, value in filters.items() if key != name}
            count = len(find(queryset, relaxed, now))
            if count:
                found.alternatives.append((name, count))
    return found
