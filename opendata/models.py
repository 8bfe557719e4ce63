"""Open data: how the national services translate into the guide's families and items."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from guide.models import ServiceFamily, ServiceItem

from .schema import SERVICES


class NationalServiceMapping(models.Model):
    """One national service value and where it lands in the guide.

    Import: a venue offering the service gets a rating in ``family`` (at ``level`` when the
    rating is new) with ``item`` ticked. Export: the venue offers the service when one of its
    ratings covers ``item``, or, for a rating covering none of its family's mapped items, the
    family's first service. One item per service keeps import then export lossless.
    """

    service = models.CharField(
        _("service national"),
        max_length=120,
        unique=True,
        choices=[(value, value) for value in SERVICES],
    )
    family = models.ForeignKey(
        ServiceFamily, verbose_name=_("famille"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service détaillé"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    level = models.PositiveSmallIntegerField(
        _("niveau donné à l'import"),
        choices=[(1, _("★ basique")), (2, _("★★ maîtrise")), (3, _("★★★ expert"))],
        default=1,
        help_text=_("Les données nationales ne disent rien du niveau : celui-ci est proposé."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0, editable=False)

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
