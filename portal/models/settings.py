"""Site-wide settings editors change in the admin: the city, its contact, the map tiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
