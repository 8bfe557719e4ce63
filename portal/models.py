from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .routing import SinglePassRoutingMixin


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


@register_setting(icon="cog")
class PortalSettings(BaseSiteSetting):
    """What makes the portal a given city's: name, contact, map tiles."""

    city_name = models.CharField(
        _("nom de la collectivité"), max_length=120, default="Ville de Metz"
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    map_tile_url = models.CharField(
        _("adresse des tuiles de carte"),
        max_length=255,
        blank=True,
        help_text=_("Vide : la valeur du paramètre MAP_TILE_URL du serveur (OpenStreetMap)."),
    )

    panels = [
        FieldPanel("city_name"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")
        ),
        FieldPanel("map_tile_url"),
    ]

    class Meta:
        verbose_name = _("réglages du portail")
