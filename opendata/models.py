"""Open data: how the national services translate into the guide's detailed services."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from guide.models import ServiceFamily, ServiceItem
from guide.models.catalogue import french_items
from guide.vocab import LEVEL_CHOICES
from portal.localized import content_language

from .forms import NationalServiceMappingForm
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
