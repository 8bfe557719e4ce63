"""Venue pages in the format of Bordeaux Métropole's guide "Le numérique pour tous"."""

from collections import defaultdict
from datetime import timedelta
from functools import lru_cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.content_cache import cached, generation, is_preview
from portal.localized import localized
from portal.validators import is_web_url, validate_no_formula, validate_web_url
from portal.visibility import ResidentPageManager

from .. import vocab
from ..api_fields import Coordinates, ServiceRatings, SlugAndName, list_field
from ..fields import MultipleChoiceField
from ..forms import VenuePageForm
from ..hours import Closure, shared_schedule
from ..hours_admin import OpeningHoursPanel
from ..jsonld import venue_jsonld
from ..map import attach_links, map_markers
from ..orientation_sheet import orientation_sheet_response
from ..panels import LocationPanel, ServiceLevelsPanel
from ..validators import (
    coordinates_in_france,
    format_phone,
    split_emails,
    split_lines,
    validate_email_list,
    validate_insee_code,
    validate_opening_hours,
    validate_phone,
    validate_postcode,
    validate_rich_text_no_formula,
    validate_siret_or_rna,
    validate_url_lines,
)
from ..venue_codes import next_codes
from .catalogue import (
    ServiceItem,
    StarLegend,
    Territory,
    rate_families,
    service_catalogue,
)
from .moderation import TerritoryPagePermissionTester, territories_for_venue

# A page showing open states may be cached, but never past the next opening or closing.
MAX_CACHE_SECONDS = 300

# What other apps show on a venue's page (actualites: its upcoming events), added in their
# AppConfig.ready(): functions of (venue, now) that return None or a dict with the ``template``
# to include and what it shows.
_venue_page_sections = []


def add_venue_page_section(section):
    _venue_page_sections.append(section)


def seconds_until_next_change(states, now):
    """Cache lifetime for a page showing these open states."""
    changes = [state.next_change for state in states if state.next_change]
    if not changes:
        return MAX_CACHE_SECONDS
    return max(0, min(MAX_CACHE_SECONDS, int((min(changes) - now).total_seconds())))


class OpenStateCachingMixin:
    """Limit any HTTP cache of the page to the moment a shown open state changes."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        states = getattr(response, "context_data", {}).get("open_states", [])
        patch_cache_control(
            response, max_age=seconds_until_next_change(states, timezone.now()), public=True
        )
        return response


# The relations a venue page shows, kept with the page until the next publication.
CACHED_RELATIONS = ("closures", "service_levels", "equipment")


def venues_for_cards(locale_id):
    """Live venues of a language with what their cards show, by name.

    The query is built once per language and content generation and each caller gets a copy:
    building it (privacy conditions, joins) cost more than a list reads from the cache."""
    current = generation()
    if current is None:  # the shared cache does not answer: a publication could be missed
        return _venues_for_cards(locale_id)
    return _kept_venues_for_cards(locale_id, current).all()


def _venues_for_cards(locale_id):
    return (
        VenuePage.objects.visible()
        .filter(locale_id=locale_id)
        .select_related("territory")
        .prefetch_related("closures")
        .order_by("title")
    )


@lru_cache(maxsize=32)
def _kept_venues_for_cards(locale_id, _generation):
    """Never evaluated itself: ``all()`` hands out copies."""
    return _venues_for_cards(locale_id)


class VenuePage(OpenStateCachingMixin, RoutablePageMixin, Page):
    objects = ResidentPageManager()
    in_site_map = False  # too many for the site map: the venue list shows them all

    # Identification
    code = models.CharField(
        _("code"),
        max_length=10,
        blank=True,
        validators=[validate_no_formula],
        help_text=_("Code court du guide, par exemple M5."),
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    typology = MultipleChoiceField(
        _("type de structure"), vocabulary=vocab.Typology.choices, max_length=200
    )
    legal_status = models.CharField(
        _("statut juridique"), max_length=30, choices=vocab.LegalStatus.choices, blank=True
    )
    pivot = models.CharField(
        _("SIRET ou RNA"),
        max_length=20,
        blank=True,
        validators=[validate_siret_or_rna],
        help_text=_("Identifiant national du lieu, demandé par la cartographie nationale."),
    )
    programmes = MultipleChoiceField(
        _("dispositifs nationaux"), vocabulary=vocab.Programme.choices, max_length=300
    )
    parent_structure = models.CharField(
        _("réseau ou structure parente"),
        max_length=200,
        blank=True,
        validators=[validate_no_formula],
    )
    itinerance = MultipleChoiceField(
        _("itinérance"), vocabulary=vocab.Itinerance.choices, max_length=50
    )
    training_labels = MultipleChoiceField(
        _("formations et labels"), vocabulary=vocab.TrainingLabel.choices
    )
    other_labels = models.CharField(
        _("autres formations et labels"),
        max_length=255,
        blank=True,
        validators=[validate_no_formula],
    )

    # Presentation
    summary = models.TextField(
        _("résumé"),
        max_length=280,
        validators=[MaxLengthValidator(280), validate_no_formula],
        help_text=_(
            "280 caractères au plus : affiché dans les listes et partagé en données ouvertes."
        ),
    )
    easy_read = models.TextField(
        _("en bref, facile à lire"),
        max_length=400,
        blank=True,
        validators=[MaxLengthValidator(400), validate_no_formula],
        help_text=_(
            "Facultatif. Quelques phrases courtes, un mot simple par idée, sans sigle (méthode "
            "FALC). Affiché en premier et imprimé sur la fiche d'orientation."
        ),
    )
    presentation = RichTextField(
        _("présentation"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        validators=[validate_rich_text_no_formula],
    )

    # Conditions d'accès
    access_conditions = models.TextField(
        _("conditions d'accès"),
        blank=True,
        validators=[validate_no_formula],
        help_text=_("Comment venir : démarche préalable, rendez-vous, justificatifs…"),
    )
    delay = models.CharField(
        _("délai"), max_length=120, blank=True, validators=[validate_no_formula]
    )
    steps = models.TextField(
        _("démarche à faire pour être accompagné"), blank=True, validators=[validate_no_formula]
    )
    documents_to_bring = models.TextField(
        _("à apporter"),
        blank=True,
        validators=[validate_no_formula],
        help_text=_(
            "Ce que la personne doit avoir avec elle : pièce d'identité, identifiants, "
            "téléphone… Imprimé sur la fiche d'orientation."
        ),
    )
    access_modes = MultipleChoiceField(
        _("modalités d'accès"), vocabulary=vocab.AccessMode.choices, max_length=200
    )
    fee = models.CharField(
        _("coût"), max_length=30, choices=vocab.Fee.choices, default=vocab.Fee.FREE
    )
    additional_fees = MultipleChoiceField(
        _("autres conditions de coût"),
        vocabulary=vocab.Fee.choices,
        max_length=100,
        help_text=_("Quand certains services sont gratuits et d'autres payants, par exemple."),
    )
    fee_details = models.CharField(
        _("précisions sur le coût"), max_length=255, blank=True, validators=[validate_no_formula]
    )
    booking_url = models.URLField(
        _("prise de rendez-vous en ligne"), blank=True, validators=[validate_web_url]
    )

    # Informations pratiques
    address = models.CharField(_("adresse"), max_length=255, validators=[validate_no_formula])
    address_complement = models.CharField(
        _("complément d'adresse"), max_length=255, blank=True, validators=[validate_no_formula]
    )
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=120, validators=[validate_no_formula])
    insee_code = models.CharField(
        _("code INSEE"), max_length=5, blank=True, validators=[validate_insee_code]
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True, validators=[validate_phone])
    emails = models.CharField(
        _("e-mails"),
        max_length=500,
        blank=True,
        validators=[validate_email_list, validate_no_formula],
        help_text=_("Une ou plusieurs adresses, séparées par des virgules."),
    )
    website = models.URLField(_("site web"), blank=True, validators=[validate_web_url])
    other_websites = models.TextField(
        _("autres sites web ou réseaux sociaux"),
        blank=True,
        validators=[validate_url_lines],
        help_text=_("Une adresse par ligne, commençant par https:// ou http://."),
    )
    transport = models.CharField(
        _("transports en commun"), max_length=255, blank=True, validators=[validate_no_formula]
    )
    step_free = models.BooleanField(
        _("accessible en fauteuil roulant"), null=True, blank=True, help_text=_("Vide : inconnu.")
    )
    accessibility_url = models.URLField(
        _("fiche Acceslibre"), blank=True, validators=[validate_web_url]
    )

    # Publics and accompaniment
    publics = MultipleChoiceField(_("publics cibles"), vocabulary=vocab.Public.choices)
    support_by_appointment = models.BooleanField(_("en individuel sur rendez-vous"), default=False)
    support_drop_in = models.BooleanField(_("en individuel sans rendez-vous"), default=False)
    support_workshops = models.BooleanField(_("en atelier collectif"), default=False)
    support_remote = models.BooleanField(_("à distance (téléphone, visio)"), default=False)
    support_self_service = models.BooleanField(_("en autonomie (accès libre)"), default=False)
    mediators_count = models.PositiveSmallIntegerField(
        _("nombre d'accompagnateurs numériques"), null=True, blank=True
    )
    mediators_note = models.CharField(
        _("accompagnateurs (précisions)"),
        max_length=255,
        blank=True,
        validators=[validate_no_formula],
        help_text=_("Par exemple « 2 salariés, partenaires »."),
    )
    interpreter = models.BooleanField(_("interprète disponible"), default=False)
    languages = MultipleChoiceField(
        _("langues parlées (hors français)"), vocabulary=vocab.Language.choices
    )

    # Opening hours
    opening_hours = models.CharField(
        _("horaires (format OpenStreetMap)"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_(
            "Exemple : « Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00 ». Les jours fériés sont "
            "fermés automatiquement sauf si vous écrivez une règle « PH »."
        ),
    )
    hours_note = models.CharField(
        _("remarque sur les horaires"), max_length=255, blank=True, validators=[validate_no_formula]
    )

    # Freshness (freshness/): when someone last confirmed these informations are true.
    verified_on = models.DateField(
        _("informations vérifiées le"),
        null=True,
        blank=True,
        help_text=_(
            "Date de la dernière vérification auprès du lieu. Vide : jamais vérifié. Publier une "
            "modification ne la change pas ; elle avance quand vous cochez « J'ai vérifié ces "
            "informations auprès du lieu aujourd'hui » ou quand le lieu confirme ses "
            "informations (lien du rappel, déclaration acceptée)."
        ),
    )

    # Open data: what the last import wrote, so re-imports are idempotent and spare the fields
    # editors changed since (opendata/importer.py).
    national_id = models.CharField(
        _("identifiant dans la source"),
        max_length=100,
        blank=True,
        db_index=True,
        editable=False,
        validators=[validate_no_formula],
    )
    import_source = models.CharField(
        _("source des données"),
        max_length=120,
        blank=True,
        editable=False,
        validators=[validate_no_formula],
    )
    imported_at = models.DateTimeField(_("dernier import"), null=True, blank=True, editable=False)
    import_snapshot = models.JSONField(default=dict, blank=True, editable=False)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("easy_read"),
        index.SearchField("presentation"),
        index.SearchField("commune"),
        index.SearchField("code"),
        index.AutocompleteField("title"),
        index.FilterField("territory"),
        index.FilterField("postcode"),
    ]

    identification_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("code"), FieldPanel("territory")]),
        FieldPanel("summary"),
        FieldPanel("easy_read"),
        FieldPanel("presentation"),
        MultiFieldPanel(
            [
                FieldPanel("typology"),
                FieldPanel("legal_status"),
                FieldPanel("pivot"),
                FieldPanel("parent_structure"),
                FieldPanel("programmes"),
                FieldPanel("itinerance"),
                FieldPanel("training_labels"),
                FieldPanel("other_labels"),
            ],
            heading=_("Structure"),
        ),
    ]
    practical_panels = [
        MultiFieldPanel(
            [
                FieldPanel("access_conditions"),
                FieldPanel("delay"),
                FieldPanel("steps"),
                FieldPanel("documents_to_bring"),
                FieldPanel("access_modes"),
                FieldRowPanel([FieldPanel("fee"), FieldPanel("fee_details")]),
                FieldPanel("additional_fees"),
                FieldPanel("booking_url"),
            ],
            heading=_("Conditions d'accès"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("address_complement"),
                FieldRowPanel(
                    [FieldPanel("postcode"), FieldPanel("commune"), FieldPanel("insee_code")]
                ),
                LocationPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("emails")]),
                FieldPanel("website"),
                FieldPanel("other_websites"),
                FieldPanel("transport"),
                FieldRowPanel([FieldPanel("step_free"), FieldPanel("accessibility_url")]),
            ],
            heading=_("Informations pratiques"),
        ),
        # Beside the data it vouches for: an editor who has just checked them by phone is here.
        FieldRowPanel([FieldPanel("verified_on"), FieldPanel("verified_today")]),
    ]
    support_panels = [
        FieldPanel("publics"),
        MultiFieldPanel(
            [
                FieldPanel("support_by_appointment"),
                FieldPanel("support_drop_in"),
                FieldPanel("support_workshops"),
                FieldPanel("support_remote"),
                FieldPanel("support_self_service"),
                FieldRowPanel([FieldPanel("mediators_count"), FieldPanel("mediators_note")]),
                FieldPanel("interpreter"),
                FieldPanel("languages"),
            ],
            heading=_("Accompagnement"),
        ),
        InlinePanel("equipment", label=_("matériel"), heading=_("Matériel")),
    ]
    services_panels = [ServiceLevelsPanel(heading=_("Ce lieu propose un accompagnement pour"))]
    hours_panels = [
        OpeningHoursPanel(
            "opening_hours",
            heading=_("Horaires d'ouverture"),
            help_text=_(
                "Pour chaque jour, les heures d'ouverture (deux ou trois plages) ; un jour sans "
                "heure est fermé. Les jours fériés sont fermés automatiquement."
            ),
        ),
        FieldPanel("hours_note"),
        InlinePanel(
            "closures", label=_("fermeture exceptionnelle"), heading=_("Fermetures exceptionnelles")
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(identification_panels, heading=_("Présentation")),
            ObjectList(practical_panels, heading=_("Accès et contact")),
            ObjectList(support_panels, heading=_("Publics et accompagnement")),
            ObjectList(services_panels, heading=_("Services et étoiles")),
            ObjectList(hours_panels, heading=_("Horaires")),
            ObjectList(Page.promote_panels, heading=_("Référencement")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )

    # The read-only API (portal/api.py, /api/v2/lieux/); its queryset joins what these read.
    api_fields = [
        APIField("code"),
        APIField("territory", serializer=SlugAndName()),
        APIField("summary"),
        APIField("presentation"),
        APIField("address"),
        APIField("address_complement"),
        APIField("postcode"),
        APIField("commune"),
        APIField("insee_code"),
        APIField("coordinates", serializer=Coordinates()),
        APIField("phone"),
        APIField(
            "emails",
            serializer=serializers.ListField(
                child=serializers.EmailField(), source="email_list", read_only=True
            ),
        ),
        APIField("website"),
        APIField("opening_hours"),
        APIField("hours_note"),
        APIField("services", serializer=ServiceRatings()),
        APIField("verified_on"),
        # The open data schema's fields (opendata/venues.py says how they map).
        APIField("pivot"),
        list_field("typology"),
        APIField("legal_status"),
        APIField("parent_structure"),
        list_field("programmes"),
        list_field("itinerance"),
        list_field("training_labels"),
        APIField("other_labels"),
        list_field("publics"),
        list_field("access_modes"),
        APIField("fee"),
        list_field("additional_fees"),
        APIField("fee_details"),
        APIField("booking_url"),
        APIField("accessibility_url"),
        APIField("step_free"),
        APIField("support_by_appointment"),
        APIField("support_drop_in"),
        APIField("support_workshops"),
        APIField("support_remote"),
        APIField("support_self_service"),
        APIField("interpreter"),
        list_field("languages"),
    ]

    base_form_class = VenuePageForm
    parent_page_types = ["guide.VenueIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")

    def clean(self):
        super().clean()
        try:
            validate_no_formula(self.title)  # Page's field: its validators are Wagtail's
        except ValidationError as error:
            raise ValidationError({"title": error}) from None
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Indiquez la latitude et la longitude, ou aucune des deux.")}
            )
        if self.latitude is not None and not coordinates_in_france(self.latitude, self.longitude):
            raise ValidationError(
                {
                    "latitude": _(
                        "Ces coordonnées ne sont pas en France. Vérifiez l'ordre (latitude "
                        "d'abord, environ 49,1 pour Metz) et le signe de la longitude."
                    )
                }
            )
        if self.phone:
            self.phone = format_phone(self.phone)
        if self.insee_code and self.postcode and self.insee_code[:2] != self.postcode[:2]:
            if not (self.insee_code[:2] in ("2A", "2B") and self.postcode[:2] == "20"):
                raise ValidationError(
                    {
                        "insee_code": _(
                            "Le code INSEE ne correspond pas au département du code postal."
                        )
                    }
                )

    def code_twin(self, code):
        """Another venue of this language with ``code``, whatever its case (guide/venue_codes.py);
        this venue's own translations and aliases share its code and are no twins."""
        same_venue = Q(translation_key=self.translation_key)
        if self.pk:
            same_venue |= Q(pk=self.pk) | Q(alias_of_id=self.pk)
        if self.alias_of_id:
            same_venue |= Q(pk=self.alias_of_id) | Q(alias_of_id=self.alias_of_id)
        twins = VenuePage.objects.filter(locale_id=self.locale_id, code__iexact=code)
        return twins.exclude(same_venue).only("title", "code").first()

    @staticmethod
    def next_free_codes(territories):
        """{territory pk: next free code} for these territories (those with a prefix)."""
        territories = list(territories)
        codes = defaultdict(list)
        rows = (
            VenuePage.objects.filter(
                territory__translation_key__in=[t.translation_key for t in territories]
            )
            .exclude(code="")
            .values_list("territory__translation_key", "code")
        )
        for key, code in rows:
            codes[key].append(code)
        return next_codes(territories, codes)

    # Data shaped for templates and every other output (guide, sheet, open data).

    @property
    def email_list(self):
        return split_emails(self.emails)

    @property
    def websites(self):
        """The venue's own site first, then its other sites and social networks: web addresses
        only, whatever was stored before they were validated (JSON-LD, open data)."""
        candidates = [self.website, *split_lines(self.other_websites)]
        return [url.strip() for url in candidates if is_web_url(url.strip())]

    @property
    def support_modes(self):
        return [
            self._meta.get_field(name).verbose_name
            for name in vocab.SUPPORT_MODE_NATIONAL
            if getattr(self, name)
        ]

    @cached_property
    def _closures(self):
        return [Closure(c.start_date, c.end_date, c.reason) for c in self.closures.all()]

    def schedule(self, around=None, closures=None):
        """The venue's schedule; ``closures`` when they are known already (lists read them
        for every venue at once), else the venue's own."""
        own = self._closures if closures is None else closures
        return shared_schedule(self.opening_hours, own, self.postcode, around)

    @staticmethod
    def best_level_among(rows):
        """A venue's best level among its service rows matching ``rows`` (a Q), as an
        expression for ordering; None when it offers none of them."""
        best = (
            VenueServiceLevel.objects.filter(rows, page=models.OuterRef("pk"))
            .order_by("-level")
            .values("level")[:1]
        )
        return models.Subquery(best, output_field=models.PositiveSmallIntegerField())

    @staticmethod
    def star_legend():
        """The legend that names the levels, for the orientation sheet."""
        return StarLegend.cached()

    def need_named(self, slug):
        """The live need of this venue's language named by ``slug`` (the orientation sheet's
        ``?besoin=``), None when there is none. Found by model name: needs import venues."""
        slug = (slug or "").strip()
        if not slug:
            return None
        needs = apps.get_model("guide", "NeedPage").objects.visible().prefetch_related("items")
        return needs.filter(slug=slug, locale_id=self.locale_id).first()

    @staticmethod
    def services_to_rate():
        """The catalogue the admin form rates, in the editor's language."""
        return service_catalogue()

    @cached_property
    def levels_by_item(self):
        """{French item id: level} of the services offered (from prefetched rows when any)."""
        return {row.item_id: row.level for row in self.service_levels.all()}

    @staticmethod
    def best_services(venues, test):
        """{venue id: (service, level)}: each venue's best level among the catalogue's services
        passing ``test``, the first in the catalogue's order on a tie; venues offering none
        are left out. The catalogue is read once for the whole list."""
        services = [
            service for entry in service_catalogue() for service in entry.services if test(service)
        ]
        best = {}
        for venue in venues:
            levels = venue.levels_by_item
            offered = [
                (service, levels[service.pk]) for service in services if service.pk in levels
            ]
            if offered:
                best[venue.pk] = max(offered, key=lambda pair: pair[1])
        return best

    def rated_families(self, language=None):
        """Every family in editor order with the services offered here and their levels."""
        return rate_families(self.levels_by_item, language)

    def permissions_for_user(self, user):
        """A territory moderator changes the venues of her territories only."""
        return TerritoryPagePermissionTester(user, self)

    def territories_for_editor(self, user):
        """The territories ``user`` may place this venue in (None: any), for its admin form."""
        return territories_for_venue(user, self)

    @path("fiche.pdf/", name="orientation_sheet")
    def orientation_sheet(self, request):
        """The one-page sheet a professional prints for someone sent here."""
        return orientation_sheet_response(self, request)

    def _read_relations_once(self, request):
        """Closures, service levels, equipment and territory from the content cache, until the
        next publication: four queries fewer for each visit. A preview reads the editor's own."""
        if is_preview(request):
            return

        def read():
            related = {name: getattr(self, name).all() for name in CACHED_RELATIONS}
            for queryset in related.values():
                len(queryset)  # evaluated, so that the cache keeps the rows
            return related, self.territory

        related, territory = cached(f"venue-relations:{self.pk}", read)
        # Where prefetch_related() puts them: the relations' managers read them from there.
        self._prefetched_objects_cache = {
            **getattr(self, "_prefetched_objects_cache", {}),
            **related,
        }
        self.territory = territory

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self._read_relations_once(request)
        now = timezone.now()
        schedule = self.schedule(now)
        open_state = schedule.state(now)
        rated_families = self.rated_families()
        equipment = list(self.equipment.all())
        level_names = dict(StarLegend.cached().levels_by_number())
        today = timezone.localdate(now)
        week = schedule.week(today)
        context.update(
            now=now,
            territory=localized(self.territory),
            open_state=open_state,
            open_states=[open_state],
            week=week,
            today=week[today.weekday()] if week else None,
            upcoming_closures=[c for c in self._closures if c.end >= today],
            rated_families=rated_families,
            level_names=level_names,
            equipment=equipment,
            map_markers=map_markers(attach_links([self], request), [open_state]),
            venue_sections=[
                section for provider in _venue_page_sections if (section := provider(self, now))
            ],
            venue_jsonld=self._jsonld(
                request,
                now=now,
                rated_families=rated_families,
                level_names=level_names,
                equipment=equipment,
                closures=self._closures,
            ),
        )
        return context

    def _jsonld(self, request, **loaded):
        """The page's JSON-LD, the same all day until the next publication: writing it was a
        quarter of the page's context."""

        def write():
            return venue_jsonld(self, request, **loaded)

        if is_preview(request):
            return write()
        today = timezone.localdate(loaded["now"])
        return cached(f"venue-jsonld:{self.pk}:{get_language()}:{today}", write)


class VenueServiceLevel(Orderable):
    """A venue's level in one detailed service: a line of the guide's "Niveau d'expertise".

    A service the venue does not offer has no row. Levels point to the French items in every
    language (aliases and translations copy them as they are).
    """

    page = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="service_levels")
    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service détaillé"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("niveau"), choices=vocab.LEVEL_CHOICES)

    class Meta(Orderable.Meta):
        verbose_name = _("niveau d'un service")
        verbose_name_plural = _("niveaux des services")
        unique_together = [("page", "item")]

    def __str__(self):
        return f"{self.item.label} : {self.level}"


class VenueEquipment(Orderable):
    page = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="equipment")
    kind = models.CharField(_("matériel"), max_length=30, choices=vocab.Equipment.choices)
    count = models.PositiveSmallIntegerField(_("nombre"), null=True, blank=True)
    note = models.CharField(_("précision"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("count"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = _("matériel")

    def __str__(self):
        label = self.get_kind_display()
        return f"{label} ({self.count})" if self.count else str(label)


class VenueClosure(Orderable):
    """An exceptional closure (holidays of the staff, works…); public holidays are automatic."""

    page = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au (inclus)"))
    reason = models.CharField(_("motif"), max_length=120, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("reason")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("fermeture exceptionnelle")
        verbose_name_plural = _("fermetures exceptionnelles")

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})
        if (
            self.start_date
            and self.end_date
            and self.end_date - self.start_date > timedelta(days=366)
        ):
            raise ValidationError(
                {"end_date": _("Une fermeture exceptionnelle dure au plus un an.")}
            )
