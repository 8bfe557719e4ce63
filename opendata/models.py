"""Open data: how the national services translate into the guide's detailed services."""

from data_inclusion.schema.v1 import Thematique
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from guide.models import ServiceFamily, ServiceItem
from guide.models.catalogue import french_items
from guide.vocab import LEVEL_CHOICES
from portal import admin_menu
from portal.localized import content_language

from .data_inclusion.panels import QualityScorePanel
from .data_inclusion.thematiques import THEMATIQUE_CODES
from .forms import DataInclusionMappingForm, NationalServiceMappingForm
from .schema import SERVICES


def french_families():
    """Venues are rated on the French items: a mapping names a French family."""
    return models.Q(locale__language_code=content_language(settings.LANGUAGE_CODE))


class NationalServiceMapping(models.Model):
    """One national service value and the detailed service it stands for.

    Import: a venue offering the service gets ``item`` (without one, the first item of
    ``family`` no other national service names) at ``level``, unless it has it higher. Export:
    the venue offers the service when it offers ``item`` at any level (without one, any item of
    ``family`` no other national service names). One item per service keeps import then export
    lossless; ``mapping.ServiceCatalogue`` applies these rules.
    """

    service = models.CharField(
        _("service national"),
        max_length=120,
        unique=True,
        choices=[(value, value) for value in SERVICES],
    )
    family = models.ForeignKey(
        ServiceFamily,
        verbose_name=_("famille"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=french_families,
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service détaillé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=french_items,
        help_text=_("Vide : n'importe quel service de la famille qu'aucun autre ne désigne."),
    )
    level = models.PositiveSmallIntegerField(
        _("niveau donné à l'import"),
        choices=LEVEL_CHOICES,
        default=1,
        help_text=_("Les données nationales ne disent rien du niveau : celui-ci est proposé."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

    base_form_class = NationalServiceMappingForm
    panels = [
        FieldPanel("service"),
        FieldRowPanel([FieldPanel("family"), FieldPanel("item")]),
        FieldPanel("level"),
    ]

    class Meta:
        verbose_name = _("correspondance de service national")
        verbose_name_plural = _("correspondances des services nationaux")
        ordering = ["sort_order", "service"]
        # The table kept its name from when open data was part of the guide app.
        db_table = "guide_nationalservicemapping"

    def __str__(self):
        return self.service

    def clean(self):
        super().clean()
        if self.item_id and self.family_id and self.item.family_id != self.family_id:
            raise ValidationError(
                {"item": _("Choisissez un service détaillé de la famille choisie.")}
            )


class DataInclusionMapping(models.Model):
    """The data·inclusion thématiques of one detailed service: a main one and others.

    The export lists them on the item's service; the import of a data·inclusion file lands a
    service on the items mapped to its thématiques (``opendata.data_inclusion.thematiques``).
    Every French item has a row, seeded with sensible defaults, so every service has at least
    its main thématique. The choices come from the schema package, checked in ``clean``, so
    that a new version of its vocabulary needs no migration.
    """

    item = models.OneToOneField(
        ServiceItem,
        verbose_name=_("service détaillé"),
        on_delete=models.CASCADE,
        related_name="data_inclusion_mapping",
        limit_choices_to=french_items,
    )
    main_thematique = models.CharField(_("thématique principale"), max_length=120)
    other_thematiques = models.JSONField(_("autres thématiques"), default=list, blank=True)

    base_form_class = DataInclusionMappingForm
    panels = [FieldPanel("item"), FieldPanel("main_thematique"), FieldPanel("other_thematiques")]

    class Meta:
        verbose_name = _("correspondance data·inclusion")
        verbose_name_plural = _("correspondances data·inclusion")
        ordering = ["item__family__sort_order", "item__family_id", "item__sort_order", "item_id"]

    def __str__(self):
        return str(self.item)

    @property
    def thematiques(self):
        """The main thématique, then the others, each once."""
        return [
            code for code in dict.fromkeys([self.main_thematique, *self.other_thematiques]) if code
        ]

    @admin.display(description=_("thématiques"))
    def thematique_labels(self):
        return ", ".join(
            Thematique(code).label for code in self.thematiques if code in THEMATIQUE_CODES
        )

    def clean(self):
        super().clean()
        unknown = set(self.thematiques) - THEMATIQUE_CODES
        if unknown:
            raise ValidationError(
                _("Thématique inconnue de data·inclusion : %(codes)s")
                % {"codes": ", ".join(sorted(unknown))}
            )


@register_setting(icon="link", order=admin_menu.OPEN_DATA_SETTINGS + 2)
class DataInclusionSettings(BaseGenericSetting):
    """How the portal signs what it publishes to data·inclusion, and how good it is.

    The producer id is the ``source`` of every structure and service, and the first part of
    their ids: ask data·inclusion for one when declaring the portal as a producer. Empty, it is
    derived from the site's domain (``ville-exemple-fr`` for ``ville-exemple.fr``), which is
    unique but changes with the domain.
    """

    producer_id = models.SlugField(
        _("identifiant de producteur data·inclusion"),
        max_length=60,
        blank=True,
        help_text=_(
            "Celui que data·inclusion vous a attribué. Vide : tiré du nom de domaine du site. "
            "Le changer change l'identifiant de toutes les structures publiées."
        ),
    )

    panels = [FieldPanel("producer_id"), QualityScorePanel(heading=_("Qualité des données"))]

    class Meta:
        verbose_name = _("producteur de données")
        verbose_name_plural = _("producteur de données")
