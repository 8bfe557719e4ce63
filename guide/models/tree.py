"""The "Qui fait quoi ?" tree of solidarites-grenoble.fr: themes → needs → the actors who help.

A need's venues are chosen by a rule (detailed services, or a whole family, at a minimum star
level) evaluated at every request, so the list follows the venues' ratings without
any copy to keep in sync; editors can add venues by hand, and actors that are not places.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from portal.content_cache import cached, cached_many, is_preview
from portal.localized import localized_source_objects
from portal.validators import validate_web_url
from portal.visibility import ResidentPageManager, visible_q

from .. import usage, vocab
from ..api_fields import NeedVenueIds, ServiceSlugs, SlugAndName
from ..cards import attach_card_parts
from ..finder import FIRST_OPENINGS, NeedForm, OrientationForm, find, in_site_area
from ..forms import NeedPageForm
from ..hours import shared_schedule
from ..hours_text import next_change
from ..map import attach_links, map_markers
from ..validators import validate_opening_hours, validate_phone
from .catalogue import (
    ServiceFamily,
    ServiceItem,
    StarLegend,
    Territory,
    french_items,
    service_catalogue,
)
from .venues import (
    OpenStateCachingMixin,
    VenuePage,
    VenueServiceLevel,
    venues_for_cards,
)

# How many places the orientation tool proposes: enough to choose, few enough to print.
SHORTLIST_SIZE = 5


def filter_choices(locale_id):
    """(slug, label) pairs of the needs, families and territories, cached until they change.

    Needs are the pages of the list's language, aliases of French needs included. Families and
    territories are the French ones, which every venue points to, named in the active language
    when an editor translated them: their slugs are the same in every language.
    """
    language = get_language()

    def choices():
        needs = NeedPage.objects.visible().filter(locale_id=locale_id).order_by("path")
        return {
            "besoin": list(needs.values_list("slug", "title")),
            "famille": _slugs_and_names(ServiceFamily, language),
            "service": [
                (family.name, [(service.slug, service.label) for service in family.services])
                for family in service_catalogue(language)
                if family.services
            ],
            "territoire": _slugs_and_names(Territory, language),
        }

    return cached(f"venue-filter-choices:{locale_id}:{language}", choices)


def family_slugs():
    """{pk: slug} of the service families of every language, cached until they change."""
    return cached(
        "service-family-slugs", lambda: dict(ServiceFamily.objects.values_list("pk", "slug"))
    )


def _slugs_and_names(model, language):
    return [(item.slug, item.name) for item in localized_source_objects(model, language)]


class NeedTreePage(RoutablePageMixin, Page):
    """ "Qui fait quoi ?": the list of themes and their needs, in the editors' order.

    Its ``orienter/`` route is the professionals' tool: a need, a profile and a postcode give a
    short list of places, each with its printable orientation sheet.
    """

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["guide.ThemePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("qui fait quoi ?")
        verbose_name_plural = _("qui fait quoi ?")

    def themes_with_needs(self):
        """Themes in tree order, each with its live needs: two queries for the whole tree."""
        themes = list(ThemePage.objects.visible().child_of(self).order_by("path"))
        needs = NeedPage.objects.visible().descendant_of(self).order_by("path")
        by_theme = {}
        for need in needs:
            by_theme.setdefault(need.path[: -need.steplen], []).append(need)
        return [(theme, by_theme.get(theme.path, [])) for theme in themes]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = self.themes_with_needs()
        return context

    @path("orienter/", name="orienter")
    def orient(self, request):
        now = timezone.now()
        form = OrientationForm(
            request.GET or None,
            choices=filter_choices(self.locale_id),
            needs=NeedPage.objects.visible(),
            shared_as=self.locale_id,
        )
        shortlist = None
        counts = []
        if form.is_bound and form.is_valid():
            venues = venues_for_cards(self.locale_id)
            filters = form.usable_filters()
            shortlist = find(venues, filters, now, per_page=SHORTLIST_SIZE)
            attach_card_parts(shortlist.venues, StarLegend.cached())
            counts = usage.orientation_counts(filters, shortlist)
        return self.render(
            request,
            template="guide/orientation_page.html",
            context_overrides={
                "now": now,
                "form": form,
                "shortlist": shortlist,
                "open_states": [v.open_state for v in shortlist.venues] if shortlist else [],
                usage.CONTEXT_KEY: counts,
            },
        )


class ThemePage(Page):
    """A theme such as INFORMATIQUE-TÉLÉPHONIE; its children are the needs."""

    objects = ResidentPageManager()

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["guide.NeedTreePage"]
    subpage_types = ["guide.NeedPage"]

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["needs"] = NeedPage.objects.visible().child_of(self).order_by("path")
        return context


class RemoteActor(TranslatableMixin, index.Indexed, models.Model):
    """Help that is not a place: a national phone line, a website, an itinerant bus."""

    class Kind(models.TextChoices):
        PHONE = "telephone", _("Par téléphone")
        WEBSITE = "site", _("En ligne")
        ITINERANT = "itinerant", _("Itinérant (bus, permanences mobiles)")
        OTHER = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=160)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=500)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True, validators=[validate_phone])
    phone_cost = models.CharField(
        _("coût de l'appel"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Appel gratuit » ou « Prix d'un appel local »."),
    )
    website = models.URLField(_("site web"), blank=True, validators=[validate_web_url])
    opening_hours = models.CharField(
        _("horaires (format OpenStreetMap)"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("Heures où l'on peut appeler ou rencontrer l'équipe. Vide : à toute heure."),
    )
    area = models.CharField(
        _("où et quand"),
        max_length=255,
        blank=True,
        help_text=_("Pour un acteur itinérant : quartiers et jours de passage."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_cost")]),
        FieldPanel("website"),
        FieldPanel("opening_hours"),
        FieldPanel("area"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("acteur sans lieu")
        verbose_name_plural = _("acteurs sans lieu")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not (self.phone or self.website or self.area):
            raise ValidationError(
                _("Indiquez au moins un moyen de joindre cet acteur : téléphone, site ou passage.")
            )

    def schedule(self, around=None):
        return shared_schedule(self.opening_hours, (), "", around)


class NeedPage(OpenStateCachingMixin, Page):
    """A need in a resident's words, with the venues and other actors that answer it."""

    objects = ResidentPageManager()

    intro = RichTextField(
        _("explication"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("En mots simples : ce que l'on peut faire, ce qu'il faut savoir."),
    )
    easy_read = models.TextField(
        _("en bref, facile à lire"),
        max_length=400,
        blank=True,
        validators=[MaxLengthValidator(400)],
        help_text=_(
            "Facultatif. Quelques phrases courtes, un mot simple par idée, sans sigle (méthode "
            "FALC). Affiché en premier sur la page du besoin."
        ),
    )
    keywords = models.CharField(
        _("mots des habitants"),
        max_length=255,
        blank=True,
        help_text=_(
            "Mots que les gens emploient pour ce besoin, pour la recherche : « CAF, RSA, "
            "déclaration trimestrielle »."
        ),
    )
    family = models.ForeignKey(
        ServiceFamily,
        verbose_name=_("famille de services"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Les lieux qui proposent cette famille s'ajoutent seuls à ce besoin."),
    )
    min_level = models.PositiveSmallIntegerField(
        _("niveau minimum"), choices=vocab.LEVEL_CHOICES, default=1
    )
    items = ParentalManyToManyField(
        ServiceItem,
        verbose_name=_("services détaillés"),
        blank=True,
        related_name="+",
        limit_choices_to=french_items,
        help_text=_(
            "Facultatif : seulement les lieux qui proposent l'un de ces services au niveau "
            "minimum. Sans service coché, tous ceux de la famille comptent."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("easy_read"),
        FieldPanel("intro"),
        FieldPanel("keywords"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("family"), FieldPanel("min_level")]),
                FieldPanel("items", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Lieux ajoutés automatiquement"),
        ),
        InlinePanel("chosen_venues", label=_("lieu"), heading=_("Lieux ajoutés à la main")),
        InlinePanel("actor_links", label=_("acteur"), heading=_("Acteurs sans lieu")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("keywords"),
    ]
    base_form_class = NeedPageForm
    parent_page_types = ["guide.ThemePage"]
    subpage_types = []
    # The read-only API (portal/api.py, /api/v2/besoins/).
    api_fields = [
        APIField("intro"),
        APIField("keywords"),
        APIField("family", serializer=SlugAndName()),
        APIField("min_level"),
        APIField("items", serializer=ServiceSlugs()),
        APIField("venue_ids", serializer=NeedVenueIds()),
    ]

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")

    def clean(self):
        super().clean()
        same_slug = NeedPage.objects.filter(slug=self.slug, locale_id=self.locale_id)
        if self.pk:
            same_slug = same_slug.exclude(pk=self.pk)
        if same_slug.exists():
            raise ValidationError(
                {"slug": _("Un autre besoin a déjà cet identifiant : il sert dans les adresses.")}
            )

    def rule_item_ids(self):
        """The French items whose level decides whether a venue answers this need.

        The items ticked, else every item of the family; none when the need has no rule. The
        family is matched by slug, the same in every language: a translated need points to a
        translated family.
        Computed once per instance: a need page asks for it to filter, rank and label cards.
        """
        if not hasattr(self, "_rule_item_ids"):
            self._rule_item_ids = [item.pk for item in self.items.all()] or self._family_item_ids()
        return self._rule_item_ids

    def chosen_venue_ids(self):
        """The venues an editor added by hand; computed once per instance, like the rule."""
        if not hasattr(self, "_chosen_venue_ids"):
            self._chosen_venue_ids = [link.venue_id for link in self.chosen_venues.all()]
        return self._chosen_venue_ids

    def _family_item_ids(self):
        if not self.family_id:
            return []
        slug = family_slugs().get(self.family_id)
        return [
            service.pk
            for family in service_catalogue()
            for service in family.services
            if service.family_slug == slug
        ]

    def venue_condition(self):
        """Which venues answer this need, as a filter on venue pages of any language.

        Chosen venues are matched by translation key: in an alias or a translation of this need
        they may be the French ones, while the venues listed are in the page's language.
        """
        chosen = self.chosen_venue_ids()
        condition = Q(
            translation_key__in=VenuePage.objects.filter(pk__in=chosen).values("translation_key")
        )
        if item_ids := self.rule_item_ids():
            rated = VenueServiceLevel.objects.filter(
                item_id__in=item_ids, level__gte=self.min_level
            )
            condition |= Q(pk__in=rated.values("page_id"))
        return condition

    @staticmethod
    def venue_ids_for(needs):
        """{need id: sorted ids of its visible venues} for many needs in three queries, by the
        rule of ``venue_condition``: what the API lists for a page of needs."""
        needs = list(needs)
        found = {need.pk: set() for need in needs}
        chosen = NeedVenue.objects.filter(
            visible_q("venue__"), page__in=needs, venue__locale_id=F("page__locale_id")
        )
        for need_id, venue_id in chosen.values_list("page_id", "venue_id"):
            found[need_id].add(venue_id)
        rules = {need.pk: set(need.rule_item_ids()) for need in needs}
        rows = VenueServiceLevel.objects.filter(
            visible_q("page__"), item_id__in=set().union(*rules.values())
        ).values_list("page_id", "page__locale_id", "item_id", "level")
        rows = list(rows)
        for need in needs:
            found[need.pk].update(
                page_id
                for page_id, locale_id, item_id, level in rows
                if item_id in rules[need.pk]
                and level >= need.min_level
                and locale_id == need.locale_id
            )
        return {need_id: sorted(ids) for need_id, ids in found.items()}

    def venues(self):
        return venues_for_cards(self.locale_id)

    def _published_once(self, request, name, compute):
        """``compute()``, shared until the content changes, except in a preview: there the page
        has an editor's unsaved rule, actors and venues, which no other request must see."""
        if is_preview(request):
            return compute()
        return cached(f"{name}:{self.pk}", compute)

    def _remember_rule(self, request):
        """Read the rule and the venues added by hand from the cache: two queries fewer."""
        self._rule_item_ids, self._chosen_venue_ids = self._published_once(
            request, "need-rule", lambda: (self.rule_item_ids(), self.chosen_venue_ids())
        )

    def remote_actors(self, now, request=None):
        actors = self._published_once(
            request,
            "need-actors",
            lambda: [link.actor for link in self.actor_links.select_related("actor")],
        )
        for actor in actors:
            actor.open_state = actor.schedule(now).state(now)
            actor.next_change = _lowercase_first(next_change(actor.open_state, now))
        return actors

    def other_needs(self, request=None):
        """The other needs of the theme, for a resident whose need is a neighbour of this one."""
        return self._published_once(
            request,
            "need-others",
            lambda: list(
                NeedPage.objects.visible().sibling_of(self, inclusive=False).order_by("path")
            ),
        )

    def outside_territories(self, request=None):
        """The territories outside the site's area with places for this need, which the page
        offers to add."""

        def territories():
            outside = self.venues().filter(self.venue_condition(), territory__outside_area=True)
            return list(Territory.objects.filter(pk__in=outside.values("territory_id")))

        return self._published_once(request, "need-outside-territories", territories)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        form = NeedForm(request.GET, shared_as=None if is_preview(request) else self.locale_id)
        filters = form.usable_filters()
        filters["besoin"] = self
        everywhere = filters.pop("partout", False)
        self._remember_rule(request)
        venues = self.venues() if everywhere else in_site_area(self.venues())
        found = find(
            venues,
            filters,
            now,
            request.GET.get("page"),
            name_services=False,
            openings=FIRST_OPENINGS,
            scope=None if is_preview(request) else f"need:{self.pk}:{int(everywhere)}",
        )
        found.notes = form.ignored()
        describe_rows(found, StarLegend.cached(), now)
        attach_row_details(found.venues)
        attach_links(found.venues, request)
        actors = self.remote_actors(now, request)
        context.update(
            now=now,
            form=form,
            found=found,
            actors=actors,
            # Read only when the kept part that lists them is rendered (need_page.html).
            other_needs=lambda: self.other_needs(request),
            everywhere=everywhere,
            outside_territories=self.outside_territories(request),
            first_openings=found.first_openings,
            map_markers=map_markers(found.venues),
            open_states=[venue.open_state for venue in found.venues]
            + [actor.open_state for actor in actors],
        )
        context[usage.CONTEXT_KEY] = usage.need_page_counts(self, found)
        return context


def _lowercase_first(text):
    """ "Ferme à 12 h" as it reads after "Ouvert · "."""
    return text[:1].lower() + text[1:]


def describe_rows(found, legend, now):
    """What each compact row of a need page says besides the cached details: its number, the
    same as its map pin's, the level of the need's service and when its state next changes."""
    first = found.page.start_index() if found.count else 1
    level_names = dict(legend.levels_by_number())
    changes = {}  # the places of a list share a few open states
    for number, venue in enumerate(found.venues, start=first):
        venue.number = number
        venue.level = getattr(venue, "service_level", None)
        venue.level_name = level_names.get(venue.level, "")
        if venue.open_state not in changes:
            changes[venue.open_state] = _lowercase_first(next_change(venue.open_state, now))
        venue.next_change = changes[venue.open_state]
    return found.venues


def attach_row_details(venues):
    """Give each venue ``row_details``, the cached HTML of what its row's ``<details>`` shows:
    it changes only with a publication, and rendering it for 20 rows on every request was most
    of the page's time."""
    language = get_language()
    by_name = {f"need-row-details:{language}:{venue.pk}": venue for venue in venues}

    def render(names):
        return {
            name: render_to_string("guide/includes/need_row_details.html", {"venue": by_name[name]})
            for name in names
        }

    details = cached_many(list(by_name), render)
    for name, venue in by_name.items():
        # Output of our own auto-escaping template.
        venue.row_details = mark_safe(details[name])  # nosec B308, B703 # rendered just above
    return venues


class NeedVenue(Orderable):
    page = ParentalKey(NeedPage, on_delete=models.CASCADE, related_name="chosen_venues")
    venue = models.ForeignKey(
        VenuePage, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("venue")]

    class Meta(Orderable.Meta):
        verbose_name = _("lieu ajouté à la main")
        verbose_name_plural = _("lieux ajoutés à la main")


class NeedActor(Orderable):
    page = ParentalKey(NeedPage, on_delete=models.CASCADE, related_name="actor_links")
    actor = models.ForeignKey(
        RemoteActor, verbose_name=_("acteur"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("actor")]

    class Meta(Orderable.Meta):
        verbose_name = _("acteur sans lieu")
        verbose_name_plural = _("acteurs sans lieu")
