"""News: dated articles with a summary, an image, themes and the venues they concern."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guide.models import VenuePage
from portal.localized import localized, pages_in_locale
from portal.visibility import ResidentPageManager

from ..feeds import NewsAtomFeed, NewsRssFeed
from .blocks import body_blocks
from .topics import TopicFilter

NEWS_PER_PAGE = 10


def topics_with_names():
    """Prefetch a page's ``topics`` with their Topic in the same query."""
    return Prefetch("topics", NewsTopic.objects.select_related("topic"))


class NewsIndexPage(RoutablePageMixin, Page):
    """``/actualites/``: the news, newest first, paginated and filtered by theme.

    Its routes also serve the news as RSS (``rss/``) and Atom (``atom/``) feeds.
    """

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("index des actualités")
        verbose_name_plural = _("index des actualités")

    def news(self, topic=None):
        """Live news of this index, newest first, with what cards and feeds show."""
        news = (
            NewsPage.objects.visible()
            .child_of(self)
            .select_related("image")
            .prefetch_related("image__renditions", topics_with_names())
            .order_by("-date", "-first_published_at", "-pk")
        )
        if topic is not None:
            news = news.filter(topics__topic__translation_key=topic.translation_key)
        return news

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic_filter = self.topic_filter(request)
        paginator = Paginator(self.news(topic_filter.topic), NEWS_PER_PAGE)
        context.update(
            topic_filter=topic_filter,
            news_page=paginator.get_page(request.GET.get("page")),
        )
        return context

    @path("")
    def news_list(self, request):
        return self.render(request)

    def topic_filter(self, request):
        return TopicFilter(request, self.locale_id)

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed(self)(request)


class NewsPage(Page):
    objects = ResidentPageManager()
    in_site_map = False  # too many for the site map: the news page lists them

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
    # Shared links show it as an article, with its date (portal/open_graph.py).
    open_graph_type = "article"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")

    def related_venues(self):
        """The live venues this news concerns, in the editor's order.

        Read through the links' ids, not a join, so that a preview (unsaved links) works too.
        """
        venue_ids = [link.venue_id for link in self.venues.all()]
        visible = VenuePage.objects.visible().select_related("territory")
        venues = visible.in_bulk(venue_ids)
        # A news alias links to the French venues: shown, its venues in the news' language.
        shown = pages_in_locale(venues.values(), self.locale_id, visible)
        return [shown[venue_id] for venue_id in venue_ids if venue_id in venues]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            topics=[localized(link.topic) for link in self.topics.select_related("topic")],
            related_venues=self.related_venues(),
        )
        return context


class NewsTopic(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(
        "actualites.Topic", verbose_name=_("thème"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("thème de l'actualité")
        verbose_name_plural = _("thèmes de l'actualité")


class NewsVenue(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="venues")
    venue = models.ForeignKey(
        "guide.VenuePage", verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("venue")]

    class Meta(Orderable.Meta):
        verbose_name = _("lieu concerné")
        verbose_name_plural = _("lieux concernés")
