"""Posts for the city's and the partners' social networks.

The short post is at most ``SHORT_LIMIT`` characters, link included, and the link is counted as
written, character by character. X and Mastodon count any link as 23 characters and Bluesky shows
it shortened, so a post that fits counted this way fits on each of them, whatever the length of
the site's address; the lead sentence is shortened to make room for it.

The long post (Facebook, LinkedIn, Mastodon) lists the contents and ends with the issue's
hashtags; it is kept within ``LONG_LIMIT`` characters, Mastodon's default, by dropping contents
from the end.
"""

from dataclasses import dataclass

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .prepared import prepare_issue

SHORT_LIMIT = 280
LONG_LIMIT = 500


@dataclass
class SocialPosts:
    short: str
    long: str


def fit(text, budget):
    """``text`` in ``budget`` characters at most, cut at a word with "…"."""
    return Truncator(text).chars(max(budget, 1)) if len(text) > budget else text


def short_post(prepared):
    headline = _("Lettre %(label)s") % {"label": prepared.number_label}
    titles = [item.title for item in prepared.news + prepared.events]
    lead = ", ".join(titles[:3]) or prepared.first_editorial_sentence()
    budget = SHORT_LIMIT - len(headline) - len(" : ") - len(" ") - len(prepared.url)
    return f"{headline} : {fit(lead, budget)} {prepared.url}"


def contents(prepared):
    """One line per item of the issue, in its order."""
    for section in prepared.sections:
        if section.kind == "news":
            yield from (f"• {item.title}" for item in section.items)
        elif section.kind == "events":
            yield from (f"• {item.title} ({item.when})" for item in section.items)
        elif section.kind == "spotlight":
            yield "• " + _("Le lieu à la une : %(name)s") % {"name": section.heading}
        elif section.kind == "tip":
            yield "• " + _("Astuce : %(title)s") % {"title": section.heading}


def long_post(prepared):
    head = [
        _("Lettre %(label)s") % {"label": prepared.number_label},
        fit(prepared.first_editorial_sentence(), 200),
        "",
        _("Au sommaire :"),
    ]
    tail = ["", _("À lire : %(url)s") % {"url": prepared.url}]
    if hashtags := prepared.issue.social_hashtags.strip():
        tail.append(hashtags)
    lines = [fit(line, 120) for line in contents(prepared)]
    while lines and len("\n".join(head + lines + tail)) > LONG_LIMIT:
        lines.pop()
    if not lines:
        head.pop()  # "Au sommaire :" over nothing
    return "\n".join(head + lines + tail)


def social_posts(issue, request=None, prepared=None):
    prepared = prepared or prepare_issue(issue, request)
    return SocialPosts(short=short_post(prepared), long=long_post(prepared))


def render_text(issue, request=None, prepared=None):
    """Both posts as one text file, each under its heading, for copying."""
    posts = social_posts(issue, request, prepared)
    return (
        _("Message court (%(count)s caractères, lien compris)") % {"count": len(posts.short)}
        + f"\n\n{posts.short}\n\n"
        + _("Message long (%(count)s caractères)") % {"count": len(posts.long)}
        + f"\n\n{posts.long}\n"
    )
