"""RSS and Atom feeds of the news, served by the news index's routes, optionally by theme."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_LENGTH = 20


class NewsRssFeed(Feed):
    """The latest news of one index; ``?theme=<slug>`` keeps only one theme's news."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        # Item links are absolute and built from the request's site, which items don't get.
        self.request = request
        self.topic_filter = self.index.topic_filter(request)
        return self.topic_filter.topic

    def title(self, topic):
        if topic is None:
            return self.index.title
        return _("%(title)s — thème « %(topic)s »") % {"title": self.index.title, "topic": topic}

    def link(self, topic):
        url = self.index.get_full_url(self.request)
        return f"{url}?{self.topic_filter.parameter}={topic.slug}" if topic else url

    def description(self, topic):
        return _("Les actualités de l'inclusion numérique : ateliers, démarches, nouveaux lieux.")

    def subtitle(self, topic):
        return self.description(topic)

    def items(self, topic):
        return self.index.news(topic)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        """The news' own date, at midnight in Paris: the date editors choose is what counts."""
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [link.topic.name for link in item.topics.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
