"""The home page: what the site is for, and the way to the help residents need."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..routing import SinglePassRoutingMixin
from ..visibility import ResidentPageManager

# What feature apps show on the home page (the guide: the needs and the venue list), added in
# their AppConfig.ready(): functions of (home page, request) that return context entries.
_home_context_providers = []


def add_to_home_page(provider):
    _home_context_providers.append(provider)


class HomePage(SinglePassRoutingMixin, Page):
    """Says what the site is for and sends residents to the help they need."""

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("intertitre"), form_classname="title")),
            (
                "paragraph",
                blocks.RichTextBlock(
                    label=_("paragraphe"), features=["bold", "italic", "link", "ul"]
                ),
            ),
        ],
        blank=True,
        verbose_name=_("contenu"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        for provider in _home_context_providers:
            context.update(provider(self, request))
        return context
