from .events import EventIndexPage, EventPage, EventTopic
from .news import NewsIndexPage, NewsPage, NewsTopic, NewsVenue
from .newsletter import NewsletterIndexPage, NewsletterIssuePage
from .sending import Delivery, NewsletterSend
from .subscribers import Subscriber
from .topics import Topic

__all__ = [
    "Delivery",
    "EventIndexPage",
    "EventPage",
    "EventTopic",
    "NewsIndexPage",
    "NewsPage",
    "NewsTopic",
    "NewsVenue",
    "NewsletterIndexPage",
    "NewsletterIssuePage",
    "NewsletterSend",
    "Subscriber",
    "Topic",
]
