"""Site-wide settings editors change in the admin: the city's identity, its contact, the map.

The identity (name and article, logo, colours, publisher, e-mail sender, social links) is what
makes the portal a given city's: the header, the footer, the printed guide and orientation
sheets, the magazine page and every e-mail read it from here.
"""

import base64
import hashlib
import mimetypes
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from ..admin_menu import IDENTITY_SETTINGS
from ..contrast import validate_white_text_contrast
from ..grammar import Article, CityName
from ..print_fonts import validate_font_file

DEFAULT_COLOUR = "#00528a"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Printed logos are inlined at this height (a rendition, not the original upload, which may be
# a huge photograph of the logo).
PRINTED_LOGO_SPEC = "height-300|preserve-svg"
COLOUR_INPUT = forms.TextInput(attrs={"type": "color"})


class SocialNetwork(models.TextChoices):
    BLUESKY = "bluesky", "Bluesky"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    LINKEDIN = "linkedin", "LinkedIn"
    MASTODON = "mastodon", "Mastodon"
    PEERTUBE = "peertube", "PeerTube"
    THREADS = "threads", "Threads"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X (Twitter)"
    YOUTUBE = "youtube", "YouTube"


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SocialNetwork.choices, label=_("réseau"))
    url = blocks.URLBlock(
        label=_("adresse de la page"),
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Commence par https://"),
    )

    class Meta:
        icon = "link-external"
        label = _("lien")


def _css_colour(value):
    return value if HEX_COLOUR.fullmatch(value or "") else DEFAULT_COLOUR


def colour_field(verbose_name, help_text):
    return models.CharField(
        verbose_name,
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[validate_white_text_contrast],
        help_text=help_text,
    )


@register_setting(icon="cog", order=IDENTITY_SETTINGS)
class PortalSettings(BaseSiteSetting):
    """What makes the portal a given city's: name, logo, colours, contact, sender, map tiles."""

    city_name = models.CharField(
        _("nom de la collectivité"),
        max_length=120,
        help_text=_(
            "Sans article : « Ville de Metz », « Eurométropole de Metz », « Département de la "
            "Meuse »."
        ),
    )
    city_article = models.CharField(
        _("le nom dans une phrase"),
        max_length=4,
        choices=Article.choices,
        default=Article.FEMININE,
        help_text=_("Choisissez la ligne qui se lit juste avec votre nom."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "SVG ou PNG, sur fond transparent ou blanc : il s'affiche sur un cartouche blanc "
            "dans l'en-tête, sur la couverture du guide et sur la page du magazine."
        ),
    )
    logo_alt = models.CharField(
        _("texte alternatif du logo"),
        max_length=200,
        blank=True,
        help_text=_(
            "Ce qu'écrit le logo, en général le nom de la collectivité : « Ville de Metz ». "
            "Obligatoire avec un logo."
        ),
    )
    primary_colour = colour_field(
        _("couleur principale"),
        _(
            "Le fond de l'en-tête, les liens et les boutons, avec du texte blanc : il faut un "
            "contraste d'au moins 4,5:1 avec le blanc."
        ),
    )
    secondary_colour = colour_field(
        _("couleur secondaire"),
        _(
            "Le filet sous l'en-tête, les encadrés mis en valeur et l'onglet en cours de "
            "l'agenda, avec du texte blanc : il faut un contraste d'au moins 4,5:1 avec le blanc."
        ),
    )
    print_font_regular = models.FileField(
        _("police des documents imprimés"),
        upload_to="polices/",
        blank=True,
        validators=[validate_font_file],
        help_text=_(
            "Le fichier de la police de votre charte, en graisse normale (.woff2, .ttf ou "
            ".otf) : la page du magazine est composée avec. Vide : DejaVu Sans."
        ),
    )
    print_font_bold = models.FileField(
        _("police des documents imprimés, en gras"),
        upload_to="polices/",
        blank=True,
        validators=[validate_font_file],
        help_text=_("La même police en gras, pour les titres."),
    )
    publisher_name = models.CharField(
        _("éditeur du site"),
        max_length=200,
        blank=True,
        help_text=_(
            "Le service qui publie le site, pour les mentions légales et la signature des "
            "e-mails : « Ville de Metz, direction de la cohésion sociale ». Vide : le nom de la "
            "collectivité."
        ),
    )
    postal_address = models.TextField(
        _("adresse postale"),
        blank=True,
        help_text=_("Une ligne par ligne de l'adresse : « Hôtel de ville », « 1 place d'Armes »…"),
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    opening_hours = models.CharField(
        _("horaires d'accueil"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « du lundi au vendredi, de 9 h à 17 h »."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name=_("réseaux sociaux"),
        blank=True,
        max_num=10,
    )
    sender_name = models.CharField(
        _("nom de l'expéditeur des e-mails"),
        max_length=100,
        blank=True,
        help_text=_(
            "Ce que les habitants lisent dans leur messagerie : « Ville de Metz — Le numérique "
            "pour tous ». Vide : le nom de la collectivité."
        ),
    )
    sender_email = models.EmailField(
        _("adresse de l'expéditeur des e-mails"),
        blank=True,
        help_text=_(
            "Vide : l'adresse DEFAULT_FROM_EMAIL du serveur. Le serveur d'envoi doit être "
            "autorisé à écrire au nom de ce domaine (SPF, DKIM), sinon les messages finissent "
            "en indésirables."
        ),
    )
    map_tile_url = models.CharField(
        _("adresse des tuiles de carte"),
        max_length=255,
        blank=True,
        help_text=_("Vide : la valeur du paramètre MAP_TILE_URL du serveur (OpenStreetMap)."),
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("city_name"),
                            FieldPanel("city_article", widget=forms.RadioSelect),
                        ],
                        heading=_("Nom"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("logo"), FieldPanel("logo_alt")], heading=_("Logo")
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("primary_colour", widget=COLOUR_INPUT),
                            FieldPanel("secondary_colour", widget=COLOUR_INPUT),
                        ],
                        heading=_("Couleurs"),
                    ),
                    MultiFieldPanel(
                        [FieldPanel("print_font_regular"), FieldPanel("print_font_bold")],
                        heading=_("Polices"),
                    ),
                ],
                heading=_("Identité"),
            ),
            ObjectList(
                [
                    FieldPanel("publisher_name"),
                    FieldPanel("postal_address"),
                    FieldPanel("contact_email"),
                    FieldPanel("contact_phone"),
                    FieldPanel("opening_hours"),
                    FieldPanel("social_links"),
                ],
                heading=_("Éditeur et contact"),
            ),
            ObjectList(
                [FieldPanel("sender_name"), FieldPanel("sender_email")], heading=_("E-mails")
            ),
            ObjectList([FieldPanel("map_tile_url")], heading=_("Carte")),
        ]
    )

    class Meta:
        verbose_name = _("réglages du portail")
        verbose_name_plural = _("réglages du portail")

    def clean(self):
        super().clean()
        if self.logo_id and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Donnez le texte alternatif du logo : ce qu'il écrit.")}
            )

    @classmethod
    def for_default_site(cls):
        """The settings of the site residents reach, for what is made outside a request
        (e-mails, printed guides); unsaved defaults when there is no site yet."""
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()

    @property
    def city(self):
        return CityName(self.city_name, self.city_article)

    @property
    def city_with_article(self):
        """« la Ville de Metz », « l'Eurométropole de Metz »: ``|capfirst`` to start a
        sentence."""
        return self.city.with_article

    @property
    def of_city(self):
        """« de la Ville de Metz », « du Département de la Meuse », « de l'Eurométropole… »."""
        return self.city.of

    @property
    def to_city(self):
        """« à la Ville de Metz », « au Département de la Meuse », « à l'Eurométropole… »."""
        return self.city.to

    @property
    def publisher(self):
        return self.publisher_name or self.city_name

    @property
    def postal_address_lines(self):
        return [line.strip() for line in self.postal_address.splitlines() if line.strip()]

    @property
    def social_link_list(self):
        """``(network name, url)`` pairs, in the editor's order."""
        labels = dict(SocialNetwork.choices)
        return [
            (labels.get(link.value["network"], link.value["network"]), link.value["url"])
            for link in self.social_links
        ]

    @property
    def primary_css(self):
        """The primary colour as a stylesheet may print it: a colour saved without the form's
        checks (a script, the shell) falls back to the default."""
        return _css_colour(self.primary_colour)

    @property
    def secondary_css(self):
        return _css_colour(self.secondary_colour)

    @property
    def theme_version(self):
        """Changes with the colours: the theme stylesheet's address, cached for a year."""
        colours = f"{self.primary_css}{self.secondary_css}".lower()
        return hashlib.sha256(colours.encode()).hexdigest()[:12]

    def logo_data_uri(self):
        """The logo inlined for PDFs, which fetch nothing (``portal.pdf.no_fetching``); ''
        without a logo."""
        if not self.logo_id:
            return ""
        rendition = self.logo.get_rendition(PRINTED_LOGO_SPEC)
        with rendition.file.open("rb") as logo_file:
            data = base64.b64encode(logo_file.read()).decode("ascii")
        mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
        return f"data:{mime};base64,{data}"
