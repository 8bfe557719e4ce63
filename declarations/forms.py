"""The public forms: the three steps of a declaration, the tracking lookup, the error report.

Venue fields are built from the VenuePage model (labels, vocabularies, lengths, and the French
validators of guide/validators.py), so the form asks exactly what an editor would enter.
Rendering is crispy-forms with the site's own pack (templates/portal_crispy/); the hours grid and
the services, which crispy's fields cannot lay out, are two templates of ours placed in the layout
(``IncludedTemplate``).
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.template.loader import render_to_string
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from guide.hours_grid import DAYS, PERIODS, week_to_osm
from guide.models import VenuePage
from guide.models.catalogue import service_catalogue
from guide.service_levels import FIELD_PREFIX, NOT_OFFERED, add_level_fields, families_of_fields
from guide.validators import format_phone, validate_opening_hours, validate_phone
from portal.validators import validate_no_formula

from .data import hours_field
from .models import DECLARABLE_FIELDS, Declaration

HONEYPOT_LABEL = _("Ne pas remplir ce champ")
TIME_FORMATS = ["%H:%M", "%Hh%M", "%HH%M", "%Hh", "%HH", "%H"]
DAY_NAMES = {
    "Mo": _("Lundi"),
    "Tu": _("Mardi"),
    "We": _("Mercredi"),
    "Th": _("Jeudi"),
    "Fr": _("Vendredi"),
    "Sa": _("Samedi"),
    "Su": _("Dimanche"),
}
INVALID_TIME = _("Heure invalide : écrivez par exemple 09:30.")
PERIOD_NAMES = {"am": _("Matin (ou journée continue)"), "pm": _("Après-midi")}


def level_label(level, name):
    """A level as the form and its summary write it: "★★ maîtrise"."""
    return f"{'★' * level} {name}"


def with_model_fields(model, names, **options):
    """Class decorator: put form fields built from ``model``'s fields before the declared ones.

    Django leaves model validators to the model's ``full_clean``; these forms build no model
    instance, so the field's own validators (postcode, phone, opening hours…) are added here.
    """

    def decorate(form_class):
        fields = forms.fields_for_model(model, fields=names, **options)
        for name, form_field in fields.items():
            model_field = model._meta.get_field(name)
            known = {type(validator) for validator in form_field.validators}
            form_field.validators.extend(
                validator for validator in model_field.validators if type(validator) not in known
            )
            if form_field.label is None:  # guide.fields.MultipleChoiceField sets none
                form_field.label = capfirst(model_field.verbose_name)
        form_class.base_fields = {**fields, **form_class.base_fields}
        return form_class

    return decorate


class IncludedTemplate:
    """Crispy layout object: one of our templates, given the form and the page's context."""

    def __init__(self, template_name, field_names):
        self.template_name = template_name
        self.field_names = field_names

    def render(self, form, context, template_pack=None, **kwargs):
        form.rendered_fields.update(self.field_names(form))
        return render_to_string(self.template_name, {**context.flatten(), "form": form})


def helper_for(*layout):
    """Fields only: the wizard's template writes the <form>, its token and its buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class Honeypot(forms.Form):
    """Hidden from people, filled in by robots; a filled-in form is dropped quietly."""

    website = forms.CharField(label=HONEYPOT_LABEL, required=False)

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


def honeypot_field():
    return Div(
        Field("website", tabindex="-1", autocomplete="off"),
        css_class="visually-hidden",
        aria_hidden="true",
    )


@with_model_fields(
    Declaration,
    [
        "declarant_name",
        "declarant_role",
        "declarant_structure",
        "declarant_email",
        "declarant_phone",
    ],
    labels={
        "declarant_name": _("Votre nom et prénom"),
        "declarant_role": _("Votre fonction"),
        "declarant_structure": _("Votre structure"),
        "declarant_email": _("Votre adresse e-mail"),
        "declarant_phone": _("Votre téléphone"),
    },
    help_texts={
        "declarant_email": _(
            "Nous y envoyons votre code de suivi, et vous écrivons si une information manque."
        ),
        "declarant_structure": _("L'association, la mairie ou l'organisme pour qui vous écrivez."),
    },
)
class IdentificationForm(Honeypot):
    """Step 1: who declares, to be answered and asked for details."""

    AUTOCOMPLETE = {
        "declarant_name": "name",
        "declarant_role": "organization-title",
        "declarant_structure": "organization",
        "declarant_email": "email",
        "declarant_phone": "tel",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarant_name"].required = True
        self.fields["declarant_email"].required = True
        self.fields["declarant_phone"].validators.append(validate_phone)
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.helper = helper_for(*self.AUTOCOMPLETE, honeypot_field())

    def clean_declarant_phone(self):
        return format_phone(self.cleaned_data["declarant_phone"])


VENUE_MODEL_FIELDS = [name for name in DECLARABLE_FIELDS if name != "presentation"]
# The venue step's groups of fields, also the summary's.
VENUE_SECTIONS = [
    (
        _("Le lieu"),
        [
            "title",
            "summary",
            "presentation",
            "typology",
            "legal_status",
            "pivot",
            "parent_structure",
            "programmes",
        ],
    ),
    (
        _("Adresse et contact"),
        [
            "address",
            "address_complement",
            "postcode",
            "commune",
            "territory",
            "phone",
            "emails",
            "website",
            "other_websites",
            "transport",
            "step_free",
            "accessibility_url",
        ],
    ),
    (
        _("Conditions d'accès"),
        [
            "access_conditions",
            "steps",
            "documents_to_bring",
            "access_modes",
            "fee",
            "fee_details",
            "booking_url",
        ],
    ),
    (
        _("Publics et accompagnement"),
        [
            "publics",
            "support_by_appointment",
            "support_drop_in",
            "support_workshops",
            "support_remote",
            "support_self_service",
            "interpreter",
            "languages",
        ],
    ),
]
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


@with_model_fields(
    VenuePage,
    VENUE_MODEL_FIELDS,
    labels={
        "title": _("Nom du lieu"),
        "opening_hours": _("Horaires au format OpenStreetMap (pour les connaisseurs)"),
    },
    # The model's help texts speak to editors (Wagtail's page title, open data, the printed
    # sheet): the public form speaks to the people who run the venue.
    help_texts={
        "title": _("Le nom que le public connaît, par exemple « Médiathèque Jean-Macé »."),
        "pivot": _(
            "Le numéro SIRET de votre structure, ou son numéro RNA pour une association, si "
            "vous le connaissez."
        ),
        "summary": _("En une ou deux phrases, ce que l'on trouve dans ce lieu (280 caractères)."),
        "documents_to_bring": _(
            "Ce que la personne doit avoir avec elle : pièce d'identité, identifiants, téléphone…"
        ),
        "opening_hours": _(
            "Facultatif : s'il est rempli, il remplace la grille ci-dessus. Exemple : "
            "« Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00 »."
        ),
        "step_free": "",
    },
    widgets={
        "summary": SHORT_TEXT,
        "other_websites": SHORT_TEXT,
        "access_conditions": SHORT_TEXT,
        "steps": SHORT_TEXT,
        "documents_to_bring": SHORT_TEXT,
    },
)
class VenueForm(forms.Form):
    """Step 2: the venue, each of its services with self-assessed stars, and its hours.

    The services are the admin's fields (``guide.service_levels``): one radio group per French
    item, in the catalogue's order, labelled in the visitor's language; a proposed change gets
    the venue's levels as initial values (``data.initial_from_venue``).
    """

    presentation = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=5000,
        validators=[validate_no_formula],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce que l'on fait dans ce lieu, pour qui, comment. Texte simple."),
    )
    territory = forms.TypedChoiceField(
        label=_("Quartier ou territoire"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, catalogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["territory"].choices = [("", _("Je ne sais pas")), *catalogue.territories]
        # The venue's name is Wagtail's page title: VenuePage.clean() checks it, not a validator.
        self.fields["title"].validators.append(validate_no_formula)
        self.fields["postcode"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        add_level_fields(self, {}, service_catalogue())
        self._name_levels(catalogue.star_levels)
        self._add_hours_fields()
        self.helper = helper_for(
            *(Fieldset(heading, *names) for heading, names in VENUE_SECTIONS),
            IncludedTemplate("declarations/services_fields.html", _service_names),
            IncludedTemplate("declarations/hours_fields.html", _hours_names),
        )

    def _name_levels(self, star_levels):
        """The levels named as the star legend shown above them, which editors may reword."""
        choices = [
            (NOT_OFFERED, _("Non proposé")),
            *((level, level_label(level, name)) for level, name, _text in star_levels),
        ]
        for name in _service_names(self):
            self.fields[name].choices = choices

    def _add_hours_fields(self):
        for day in DAYS:
            for period in PERIODS:
                for bound, word in (("start", _("de")), ("end", _("à"))):
                    # In full, as the error summary names it; the grid shows "de" or "à".
                    label = format_lazy("{}, {}, {}", DAY_NAMES[day], PERIOD_NAMES[period], word)
                    self.fields[hours_field(day, period, bound)] = forms.TimeField(
                        label=label,
                        required=False,
                        input_formats=TIME_FORMATS,
                        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                        error_messages={"invalid": INVALID_TIME},
                    )

    def clean_phone(self):
        return format_phone(self.cleaned_data["phone"])

    def service_families(self):
        """[(family, [bound field, …])] for the services template."""
        return families_of_fields(self)

    def hours_rows(self):
        """(day name, [(period name, start field, end field)]) for the hours template."""
        return [
            (
                DAY_NAMES[day],
                [
                    (
                        PERIOD_NAMES[period],
                        self[hours_field(day, period, "start")],
                        self[hours_field(day, period, "end")],
                    )
                    for period in PERIODS
                ],
            )
            for day in DAYS
        ]

    def clean(self):
        cleaned_data = super().clean()
        week = self._week_from_grid(cleaned_data)
        if "opening_hours" in cleaned_data and not cleaned_data["opening_hours"] and week:
            cleaned_data["opening_hours"] = week_to_osm(week)
            validate_opening_hours(cleaned_data["opening_hours"])
        return cleaned_data

    def _week_from_grid(self, cleaned_data):
        """The grid's periods by day; errors next to the hours that do not make sense."""
        week = {}
        for day in DAYS:
            spans = []
            for period in PERIODS:
                start_name, end_name = (hours_field(day, period, b) for b in ("start", "end"))
                if start_name not in cleaned_data or end_name not in cleaned_data:
                    continue  # already refused as invalid
                start, end = cleaned_data[start_name], cleaned_data[end_name]
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    missing = start_name if start is None else end_name
                    self.add_error(missing, _("Indiquez l'heure d'ouverture et de fermeture."))
                elif end <= start:
                    self.add_error(end_name, _("L'heure de fermeture doit suivre l'ouverture."))
                elif spans and start < spans[-1][1]:
                    self.add_error(start_name, _("L'après-midi commence après la fin du matin."))
                else:
                    spans.append((start, end))
            if spans:
                week[day] = spans
        return week


def _service_names(form):
    return [name for name in form.fields if name.startswith(FIELD_PREFIX)]


def _hours_names(form):
    return [name for name in form.fields if name.startswith("hours_")] + [
        "opening_hours",
        "hours_note",
    ]


class ValidationForm(forms.Form):
    """Step 3: a last word for the team, and consent to the use of the data."""

    message = forms.CharField(
        label=_("Un commentaire pour l'équipe (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ces informations servent à publier le lieu sur ce site et dans les "
            "données ouvertes. Mes coordonnées personnelles ne sont pas publiées : elles servent "
            "uniquement à suivre ma déclaration et à me recontacter à son sujet."
        ),
        error_messages={"required": _("Cochez cette case pour envoyer votre déclaration.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_for("message", "consent")


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Votre code de suivi"),
        max_length=40,
        help_text=_("Il figure dans l'e-mail d'accusé de réception, par exemple ABCD-EFGH-JKMN."),
        error_messages={"required": _("Indiquez votre code de suivi.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_for("code")


class ReportForm(Honeypot):
    TOPICS = [
        ("horaires", _("Les horaires")),
        ("adresse", _("L'adresse")),
        ("contact", _("Le téléphone, l'e-mail ou le site web")),
        ("services", _("Les services proposés")),
        ("ferme", _("Le lieu a fermé définitivement")),
        ("autre", _("Autre chose")),
    ]

    topic = forms.ChoiceField(
        label=_("Qu'est-ce qui est faux ?"),
        choices=TOPICS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez ce qui est faux.")},
    )
    message = forms.CharField(
        label=_("Précisez"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Par exemple : « fermé le samedi depuis septembre »."),
        error_messages={"required": _("Dites-nous en quelques mots ce qui est faux.")},
    )
    name = forms.CharField(
        label=_("Votre nom (facultatif)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail (facultatif)"),
        required=False,
        help_text=_(
            "Pour recevoir un code de suivi et être prévenu de la correction. Elle n'est pas "
            "publiée."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper_for("topic", "message", "name", "email", honeypot_field())

    def topic_label(self):
        return dict(self.TOPICS)[self.cleaned_data["topic"]]
