"""Count what a page declared, whether it was rendered now or served from the page cache.

Placed just before ``FetchFromCacheMiddleware`` in ``MIDDLEWARE``, so every response of a page
passes through here, the cached ones too. The view, which knows the validated filters and how
many places it found, lists what its request counts in its context (``usage.CONTEXT_KEY``). That
list is copied onto the response itself, which the page cache stores whole: a cached copy
carries the same counts as the page it was rendered from, at no cost. The counts are added up
in the web process and written every few seconds (``store.PendingCounts``). Other requests cost
nothing here: no query, no cookie, no session.

Robots and scripts are left out by their User-Agent (read, never stored), as are editors (their
visits are not residents' needs) and Wagtail's previews. A database error never costs the page:
the counts wait for the next write.
"""

import logging
import re

from django.db import DatabaseError
from django.utils import timezone

from guide.usage import CONTEXT_KEY

from .store import pending_counts

logger = logging.getLogger(__name__)

# Crawlers name themselves and link to their page ("Googlebot/2.1; +http://www.google.com/
# bot.html", "facebookexternalhit/1.1 (+http://…)"); add monitors, headless browsers and HTTP
# libraries: no person behind. Browsers never put an address in their User-Agent.
ROBOT_USER_AGENT = re.compile(
    r"bot[/;]|crawl|spider|slurp|https?://|facebookexternalhit|preview|monitor|lighthouse"
    r"|headless|curl/|wget/|python|httpx|aiohttp|go-http-client|java/|libwww|okhttp|scrapy",
    re.IGNORECASE,
)


class UsageCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        counts = declared_counts(response)
        if counts and is_counted(request, response):
            record(counts)
        return response


def declared_counts(response):
    """The page's counts, kept on the response so that its cached copy carries them."""
    counts = getattr(response, CONTEXT_KEY, None)
    if counts is None:
        context = getattr(response, "context_data", None) or {}
        counts = context.get(CONTEXT_KEY)
        if counts:
            setattr(response, CONTEXT_KEY, tuple(counts))
    return counts


def is_counted(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not getattr(request, "is_dummy", False)  # Wagtail's previews
        and not is_prefetch(request)
        and not ROBOT_USER_AGENT.search(request.headers.get("User-Agent", ""))
        and not request.user.is_authenticated
    )


def is_prefetch(request):
    """Browsers fetch some links ahead of a click that may never come."""
    return "prefetch" in (request.headers.get("Sec-Purpose") or request.headers.get("Purpose", ""))


def record(counts):
    try:
        pending_counts.add(timezone.localdate(), counts)
    except DatabaseError:
        logger.exception("Usage counts not written, kept for the next write")
