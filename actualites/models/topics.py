"""Themes shared by news and events ("Démarches en ligne", "Sécurité", "Ateliers"…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class Topic(TranslatableMixin, models.Model):
    """A theme residents filter news and events by; its slug is the ``theme`` URL parameter."""

    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("identifiant"), max_length=80, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("ordre"), default=0, editable=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name
