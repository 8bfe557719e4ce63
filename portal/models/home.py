"""The home page: what the site is for, and the way to the help residents need."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..routing import SinglePassRoutingMixin


class HomePage(SinglePassRoutingMixin, Page):
    """Says what the site is for and sends residents to the help they need."""

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

    def get_context(self, request, *args, **kwargs):
        from guide.models import NeedTreePage, VenueIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["venue_index"] = VenueIndexPage.objects.live().descendant_of(self).first()
        tree = NeedTreePage.objects.live().descendant_of(self).first()
        context["need_tree"] = tree
        context["themes"] = tree.themes_with_needs() if tree else []
        return context
