"""What editors maintain once for all venues: territories, service families and items, stars."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from portal import admin_menu
from portal.content_cache import cached
from portal.localized import content_language, source_objects, translations

# A snippet's slug is how filters name it in addresses (?territoire=metz-sablon): the same in
# every language, so links keep working across languages and alias pages, which point to the
# French snippets, filter like translated ones.
SAME_SLUG_IN_EVERY_LANGUAGE = [SynchronizedField("slug")]


class Territory(TranslatableMixin, models.Model):
    """A part of the city; the printed guide is grouped by territory, in this order."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant dans les adresses"), max_length=120)
    guide_heading = models.CharField(
        _("titre dans le guide imprimé"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « ★ BORDEAUX MARITIME ». Vide : le nom en capitales."),
    )
    code_prefix = models.CharField(
        _("préfixe des codes"),
        max_length=4,
        blank=True,
        help_text=_("Lettre(s) des codes de lieu de ce territoire, par exemple M pour M5."),
    )
    outside_area = models.BooleanField(
        _("hors du territoire du site"),
        default=False,
        help_text=_(
            "Cochez pour un territoire voisin ou donné en exemple : ses lieux n'apparaissent dans "
            "les listes d'un besoin que si l'habitant le demande."
        ),
    )
    sort_order = models.PositiveIntegerField(_("ordre"), default=0, editable=False)

    override_translatable_fields = SAME_SLUG_IN_EVERY_LANGUAGE
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("guide_heading"),
        FieldPanel("code_prefix"),
        FieldPanel("outside_area"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    @property
    def heading(self):
        return self.guide_heading or self.name.upper()


class ServiceFamily(TranslatableMixin, ClusterableModel):
    """One of the four families of the Bordeaux guide, with the items it details."""

    name = models.CharField(_("nom"), max_length=160)
    slug = models.SlugField(_("identifiant dans les adresses"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveIntegerField(_("ordre"), default=0, editable=False)

    override_translatable_fields = SAME_SLUG_IN_EVERY_LANGUAGE
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        InlinePanel("items", label=_("services détaillés"), heading=_("Services détaillés")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("famille de services")
        verbose_name_plural = _("familles de services")
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class ServiceItem(Orderable):
    """A detailed service ("Permis et carte grise"), rated for each venue on its own.

    Venues rate the French items; a translated family has copies of them with the same slug,
    which give their labels in other languages (``service_catalogue``).
    """

    family = ParentalKey(ServiceFamily, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("libellé"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=60)

    override_translatable_fields = SAME_SLUG_IN_EVERY_LANGUAGE
    panels = [FieldPanel("label"), FieldPanel("slug")]

    class Meta(Orderable.Meta):
        verbose_name = _("service détaillé")
        verbose_name_plural = _("services détaillés")
        # In lists of every item (a need's rule), each family's items together, as in the guide.
        ordering = ["family__sort_order", "family_id", "sort_order"]

    def __str__(self):
        return f"{self.family.name} — {self.label}"


def french_items():
    """What rules and mappings may name: the items venues are rated on."""
    return models.Q(family__locale__language_code=content_language(settings.LANGUAGE_CODE))


@dataclass(frozen=True)
class Service:
    """A detailed service as every output shows it: the French item, labelled in a language."""

    pk: int
    slug: str
    label: str
    family_slug: str
    language: str = ""  # the label's, French when the item is not translated (content_lang)


@dataclass(frozen=True)
class CatalogueFamily:
    family: ServiceFamily  # in the language when translated, else the French one
    services: tuple

    @property
    def name(self):
        return self.family.name

    @property
    def slug(self):
        return self.family.slug


def service_catalogue(language=None):
    """The families in editor order, each with its detailed services, in the language.

    One cached value per language, renewed by any save of the catalogue: outputs that list
    services (venue pages, cards, the guide, forms) read it instead of querying items.
    """
    language = content_language(language)

    def compute():
        families = source_objects(ServiceFamily)
        source_language = content_language(settings.LANGUAGE_CODE)
        translated = translations(ServiceFamily, language)
        items = ServiceItem.objects.filter(family__in=[*families, *translated.values()]).order_by(
            "sort_order", "pk"
        )
        labels = {
            (item.family_id, item.slug): item.label
            for item in items
            if item.family_id not in {family.pk for family in families}
        }
        by_family = {}
        for item in items:
            by_family.setdefault(item.family_id, []).append(item)
        catalogue = []
        for family in families:
            shown = translated.get(family.translation_key, family)
            services = tuple(
                Service(
                    pk=item.pk,
                    slug=item.slug,
                    label=labels.get((shown.pk, item.slug), item.label),
                    family_slug=family.slug,
                    language=language if (shown.pk, item.slug) in labels else source_language,
                )
                for item in by_family.get(family.pk, ())
            )
            catalogue.append(CatalogueFamily(family=shown, services=services))
        return catalogue

    return cached(f"service-catalogue:{language}", compute)


@dataclass(frozen=True)
class RatedFamily:
    """A family as a venue offers it: its services offered, each with its level."""

    family: ServiceFamily
    services: tuple  # (Service, level) pairs, in the catalogue's order

    @property
    def level(self):
        """The family's summary level: its best service's, never typed by anyone."""
        return max((level for _service, level in self.services), default=None)

    @property
    def offered(self):
        return bool(self.services)


def rate_families(levels_by_item, language=None):
    """Every family of the catalogue with the services offered in ``{item id: level}``."""
    return [
        RatedFamily(
            family=entry.family,
            services=tuple(
                (service, levels_by_item[service.pk])
                for service in entry.services
                if service.pk in levels_by_item
            ),
        )
        for entry in service_catalogue(language)
    ]


# The legend's default wording, marked for the interface's catalogues: a legend editors never
# changed is shown in the visitor's language; once they write their own, it is shown as written.
DEFAULT_LEVEL_NAMES = (gettext_noop("basique"), gettext_noop("maîtrise"), gettext_noop("expert"))
DEFAULT_LEVEL_TEXTS = (
    gettext_noop(
        "nous répondons aux besoins les plus simples mais ne pouvons pas aller loin "
        "dans la maîtrise de ce service"
    ),
    gettext_noop("sans être notre spécialité, nous maîtrisons ce service"),
    gettext_noop("c'est notre cœur de métier"),
)


def _in_visitor_language(stored, default):
    return gettext(default) if stored == default else stored


@register_setting(icon="pick", order=admin_menu.STAR_LEGEND_SETTINGS)
class StarLegend(BaseGenericSetting):
    """The star legend printed with every venue and in the guide.

    It is site data written in French. The default names and sentences are translated with the
    interface; text an editor wrote is shown as written in every language.
    """

    level_1_name = models.CharField(
        _("nom du niveau 1 (★)"), max_length=40, default=DEFAULT_LEVEL_NAMES[0]
    )
    level_1_text = models.CharField(
        _("phrase du niveau 1"), max_length=255, default=DEFAULT_LEVEL_TEXTS[0]
    )
    level_2_name = models.CharField(
        _("nom du niveau 2 (★★)"), max_length=40, default=DEFAULT_LEVEL_NAMES[1]
    )
    level_2_text = models.CharField(
        _("phrase du niveau 2"), max_length=255, default=DEFAULT_LEVEL_TEXTS[1]
    )
    level_3_name = models.CharField(
        _("nom du niveau 3 (★★★)"), max_length=40, default=DEFAULT_LEVEL_NAMES[2]
    )
    level_3_text = models.CharField(
        _("phrase du niveau 3"), max_length=255, default=DEFAULT_LEVEL_TEXTS[2]
    )

    class Meta:
        verbose_name = _("légende des étoiles")
        verbose_name_plural = _("légendes des étoiles")

    def levels(self):
        """(level, name, sentence) of the three levels, in the active language when unchanged."""
        stored = [
            (self.level_1_name, self.level_1_text),
            (self.level_2_name, self.level_2_text),
            (self.level_3_name, self.level_3_text),
        ]
        return [
            (
                number,
                _in_visitor_language(name, DEFAULT_LEVEL_NAMES[number - 1]),
                _in_visitor_language(text, DEFAULT_LEVEL_TEXTS[number - 1]),
            )
            for number, (name, text) in enumerate(stored, start=1)
        ]

    @classmethod
    def cached(cls):
        """The legend, from the content cache (a save of it starts a new generation): read by
        every orientation sheet and widget, changed once in a while."""
        return cached("star-legend", cls.load)

    def levels_by_number(self):
        return [(number, name) for number, name, _text in self.levels()]
