"""Themes shared by news and events ("Démarches en ligne", "Sécurité", "Ateliers"…)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

from portal.localized import localized_source_objects


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


class TopicFilter:
    """The ``?theme=`` of a list: the chosen topic, or a note when the slug names none.

    An unknown theme (an old link, a typo) is ignored rather than answered with an empty list,
    and the page says so.
    """

    parameter = "theme"

    def __init__(self, request, locale_id=None):
        """``locale_id`` is unused: topics are the French ones, named in the visitor's language.

        Pages in other languages are mostly aliases, whose topics are the French ones; lists
        filter by ``topics__topic__translation_key`` so translated pages match too.
        """
        self.topics = localized_source_objects(Topic)
        self.value = request.GET.get(self.parameter, "").strip()
        self.topic = next((topic for topic in self.topics if topic.slug == self.value), None)
        self.is_unknown = bool(self.value) and self.topic is None
