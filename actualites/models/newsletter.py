"""The bimonthly newsletter: numbered issues for two-month periods, published on every channel.

One issue is one Wagtail page. The same content gives the web page, the e-mail, the magazine
page and the social posts (``actualites/newsletter/``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES

# An issue covers two months starting in an odd month: January-February, March-April…
PERIOD_START_MONTHS = (1, 3, 5, 7, 9, 11)


class NewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), default=_("Actualités"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="actualites.NewsPage"), label=_("actualités")
    )

    class Meta:
        icon = "doc-full"
        label = _("actualités choisies")


class EventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), default=_("Agenda"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="actualites.EventPage"), label=_("événements")
    )

    class Meta:
        icon = "date"
        label = _("événements de la période")


class SpotlightBlock(blocks.StructBlock):
    venue = blocks.PageChooserBlock(page_type="guide.VenuePage", label=_("lieu"))
    text = blocks.TextBlock(
        label=_("texte"), help_text=_("Pourquoi ce lieu : ce qu'on y trouve, pour qui.")
    )

    class Meta:
        icon = "site"
        label = _("lieu à la une")


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)
    link = blocks.URLBlock(label=_("lien"), required=False)
    link_label = blocks.CharBlock(label=_("texte du lien"), required=False)

    class Meta:
        icon = "help"
        label = _("astuce pratique")


class TextBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), required=False)
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        label = _("texte libre")


class NewsletterIndexPage(Page):
    """``/lettre/``: the archive of issues, newest first, and the subscription form."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.NewsletterIssuePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("lettre d'information")


class NewsletterIssuePage(Page):
    number = models.PositiveIntegerField(_("numéro"))
    period_start = models.DateField(
        _("début de la période"),
        help_text=_("Le premier jour d'un mois impair : le numéro couvre ce mois et le suivant."),
    )
    editorial = RichTextField(_("éditorial"), features=RICH_TEXT_FEATURES)
    content = StreamField(
        [
            ("news", NewsBlock()),
            ("events", EventsBlock()),
            ("spotlight", SpotlightBlock()),
            ("tip", TipBlock()),
            ("text", TextBlock()),
        ],
        blank=True,
        verbose_name=_("contenu"),
    )
    social_hashtags = models.CharField(
        _("mots-dièse"),
        max_length=200,
        blank=True,
        default="#NumériquePourTous #InclusionNumérique",
        help_text=_("Ajoutés au message long des réseaux sociaux."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("period_start")]),
        FieldPanel("editorial"),
        FieldPanel("content"),
        MultiFieldPanel([FieldPanel("social_hashtags")], heading=_("Réseaux sociaux")),
    ]
    search_fields = Page.search_fields + [index.SearchField("editorial")]
    parent_page_types = ["actualites.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("numéro de la lettre")
        verbose_name_plural = _("numéros de la lettre")

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and (
            self.period_start.day != 1 or self.period_start.month not in PERIOD_START_MONTHS
        ):
            errors["period_start"] = _(
                "Choisissez le 1er d'un mois impair (janvier, mars, mai, juillet, septembre ou "
                "novembre) : un numéro couvre deux mois."
            )
        if self.number:
            twins = NewsletterIssuePage.objects.filter(number=self.number, locale=self.locale_id)
            if self.pk:
                twins = twins.exclude(translation_key=self.translation_key)
            if twins.exists():
                errors["number"] = _("Un autre numéro porte déjà ce numéro.")
        if errors:
            raise ValidationError(errors)
