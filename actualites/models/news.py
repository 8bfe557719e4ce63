"""News: dated articles with a summary, an image, themes and the venues they concern."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import body_blocks


class NewsIndexPage(Page):
    """``/actualites/``: the news, newest first, paginated and filtered by theme."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des actualités")


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(
        _("résumé"),
        max_length=300,
        help_text=_("Deux ou trois phrases, reprises dans les listes, les flux et la lettre."),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("summary"), FieldPanel("image")],
            heading=_("En bref"),
        ),
        FieldPanel("body"),
        InlinePanel("topics", label=_("Thèmes")),
        InlinePanel("venues", label=_("Lieux concernés")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["actualites.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")


class NewsTopic(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(
        "actualites.Topic", verbose_name=_("thème"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]


class NewsVenue(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="venues")
    venue = models.ForeignKey(
        "guide.VenuePage", verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("venue")]
