"""Daily counts of what visitors look for, without anything about the visitors themselves.

One row per day, kind and key (a postcode, a need, a filter), holding how many times it was
counted that day: the only thing kept. See guide/statistics/ for what is counted and why.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UsageCount(models.Model):
    class Kind(models.TextChoices):
        # In the report's order: where help is missing first.
        NO_RESULT = "sans-resultat", _("Recherches sans résultat, par code postal")
        SEARCH = "recherche", _("Recherches, par code postal")
        NEED = "besoin", _("Besoins consultés")
        ORIENTATION = "orientation", _("Orientations, par besoin")
        FILTER = "filtre", _("Filtres utilisés")

    # No surrogate id: the day, kind and key are the row's identity, and the upsert's conflict
    # target (guide/statistics/store.py).
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

    def __str__(self):
        return f"{self.day} {self.kind} {self.key}: {self.count}"
