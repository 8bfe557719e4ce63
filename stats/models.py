"""Daily counts of what visitors look for, without anything about the visitors themselves.

One row per day, kind and key (a postcode, a need, a filter), holding how many times it was
counted that day: the only thing kept. guide/usage.py says what is counted and why.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide import usage


class UsageCount(models.Model):
    # What guide pages count (guide/usage.py), in the report's order.
    Kind = usage.Kind

    # No surrogate id: the day, kind and key are the row's identity, and the upsert's conflict
    # target (stats/store.py).
    pk = models.CompositePrimaryKey("day", "kind", "key")
    day = models.DateField(_("jour"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("clé"), max_length=150, blank=True)
    count = models.PositiveIntegerField(_("nombre"), default=0)

    class Meta:
        verbose_name = _("statistique de fréquentation")
        verbose_name_plural = _("statistiques de fréquentation")
        default_permissions = ()
        permissions = [
            ("view_usagestatistics", _("Peut voir les statistiques de fréquentation")),
        ]
        # The table kept its name from when statistics were part of the guide app.
        db_table = "guide_usagecount"

    def __str__(self):
        return f"{self.day} {self.kind} {self.key}: {self.count}"
