"""An issue's blocks resolved into plain objects that every channel reads.

The web page, the e-mail, the magazine page and the social posts all show the same content; they
differ in shape only. Resolving the blocks here, once, keeps the channels to templates and makes
the database work independent of the number of blocks: the chosen pages of each kind are fetched
in one query (``raw_data`` gives their ids without Wagtail's per-block chooser lookups), the news
images' renditions in one more. Chosen pages that are not published (any more) are left out.

Every link is absolute (the site's root URL, or ``WAGTAILADMIN_BASE_URL`` for a page not yet in
the tree), so that the e-mail and the exports work outside the site.

Each item has a stable anchor on the issue's web page and a short link to it (``short_url``, the
issue's address and the anchor), which the printed and plain-text editions give for "lire la
suite": the chosen page's id for news, events and the venue in the spotlight, the block's own id
(kept by Wagtail across revisions) for tips and free texts. There is no other short address of
an item: its own page (a news page…) says less than the issue does about a tip or a free text.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from portal.images import rendition_or_none
from portal.public_address import public_root_url
from portal.typography import clock

from .text import html_to_text

NEWS_IMAGE_SPEC = "fill-560x280"
DATE_WRITTEN_OUT = "l j F Y"  # "jeudi 14 janvier 2027"
RELATIVE_LINK = re.compile(r'(\b(?:href|src)=")/(?!/)')
EDITORIAL_ANCHOR = "edito"  # the id of the web page's editorial (newsletter_issue_page.html)
BLOCK_ID_LENGTH = 8  # of a block's UUID in its anchor: short, and unique within an issue


@dataclass
class RichText:
    """A rich text as HTML with absolute links, and as plain text."""

    html: str
    text: str


@dataclass
class NewsItem:
    title: str
    url: str
    date: date
    summary: str
    image_url: str = ""
    image_alt: str = ""
    anchor: str = ""
    short_url: str = ""


@dataclass
class EventItem:
    title: str
    url: str
    start: datetime
    when: str
    place: str
    summary: str
    registration: str
    anchor: str = ""
    short_url: str = ""


@dataclass
class Section:
    """One block of the issue; ``kind`` is the block's name (news, events, spotlight, tip, text)."""

    kind: str
    heading: str = ""
    items: list = field(default_factory=list)
    body: RichText | None = None
    # spotlight
    address: str = ""
    url: str = ""
    # tip
    link: str = ""
    link_label: str = ""
    anchor: str = ""
    short_url: str = ""


@dataclass
class PreparedIssue:
    issue: object
    title: str
    number_label: str
    period_label: str
    url: str
    base_url: str
    editorial: RichText
    sections: list

    @property
    def editorial_url(self):
        return short_url(self.url, EDITORIAL_ANCHOR)

    @property
    def news(self):
        return [
            item for section in self.sections if section.kind == "news" for item in section.items
        ]

    @property
    def events(self):
        return [
            item for section in self.sections if section.kind == "events" for item in section.items
        ]

    def first_editorial_sentence(self):
        text = " ".join(self.editorial.text.split())
        end = text.find(". ")
        return text[: end + 1] if end > 0 else text


def absolutize(html, base_url):
    """``html`` with its site-relative links and images made absolute."""
    return RELATIVE_LINK.sub(lambda match: f"{match.group(1)}{base_url}/", html)


def rich_text(source, base_url):
    """An editor's rich text: Wagtail keeps only the whitelisted tags of its features on save,
    and the links are expanded and made absolute here, hence safe to show as HTML."""
    html = absolutize(expand_db_html(source or ""), base_url)
    html = mark_safe(html)  # nosec B308, B703 # Wagtail's cleaned rich text, see above
    return RichText(html=html, text=html_to_text(html))


def plain_text(text):
    """A plain text block: escaped, one paragraph per blank-line-separated part."""
    paragraphs = [part.strip() for part in (text or "").split("\n\n") if part.strip()]
    html = format_html_join("\n", "<p>{}</p>", ((part,) for part in paragraphs))
    return RichText(html=html, text="\n\n".join(paragraphs))


def event_when(event):
    """The event's dates and times written out: "jeudi 14 janvier 2027, de 14 h à 16 h"."""
    start = localtime(event.start)
    end = localtime(event.end) if event.end else None
    day = date_format(start, DATE_WRITTEN_OUT)
    if end and end.date() != start.date():
        return _("du %(start)s au %(end)s") % {
            "start": day,
            "end": date_format(end, DATE_WRITTEN_OUT),
        }
    if event.all_day:
        return day
    if end:
        return _("%(day)s, de %(start)s à %(end)s") % {
            "day": day,
            "start": clock(start),
            "end": clock(end),
        }
    return _("%(day)s à %(start)s") % {"day": day, "start": clock(start)}


def venue_address(venue):
    return ", ".join(
        part for part in (venue.address, f"{venue.postcode} {venue.commune}".strip()) if part
    )


def event_place(event):
    """Where the event is, written out: the guide's venue or the free address, and/or online."""
    if event.venue:
        parts = [event.venue.title, venue_address(event.venue)]
    else:
        parts = [
            event.place_name,
            event.address,
            f"{event.postcode} {event.commune}".strip(),
        ]
    if event.online_url:
        parts.append(_("en ligne"))
    return ", ".join(part for part in parts if part)


def event_registration(event):
    label = str(event.get_registration_display())
    if event.registration == event.Registration.REQUIRED:
        how = event.registration_phone or event.registration_url
        return f"{label} : {how}"
    return label


def short_url(issue_url, anchor):
    """The item's place on the issue's web page."""
    return f"{issue_url}#{anchor}"


def block_anchor(kind, block, position):
    """A tip's or a free text's anchor: from the block's id, else (a block saved without one,
    by a script) from its position."""
    prefix = {"tip": "astuce", "text": "texte"}[kind]
    block_id = (block.get("id") or "").replace("-", "")[:BLOCK_ID_LENGTH]
    return f"{prefix}-{block_id or position}"


def chosen_ids(value):
    """Page ids of a ``ListBlock`` of choosers in raw form (old lists or lists of items)."""
    ids = []
    for item in value or ():
        page_id = item.get("value") if isinstance(item, dict) else item
        if page_id:
            ids.append(page_id)
    return ids


def news_items(pages, request, base_url, issue_url):
    """``pages``: {id: NewsPage}, their images joined."""
    images = (
        get_image_model()
        .objects.filter(pk__in={page.image_id for page in pages.values() if page.image_id})
        .prefetch_renditions(NEWS_IMAGE_SPEC)
    )
    renditions = {image.pk: rendition_or_none(image, NEWS_IMAGE_SPEC) for image in images}
    items = {}
    for pk, page in pages.items():
        rendition = renditions.get(page.image_id)
        items[pk] = NewsItem(
            title=page.title,
            url=page.get_full_url(request) or base_url,
            date=page.date,
            summary=page.summary,
            image_url=absolute_url(rendition.url, base_url) if rendition else "",
            image_alt=rendition.alt if rendition else "",
            anchor=f"actualite-{pk}",
            short_url=short_url(issue_url, f"actualite-{pk}"),
        )
    return items


def absolute_url(url, base_url):
    return url if "://" in url else f"{base_url}{url}"


def event_items(events, request, base_url, issue_url):
    """``events``: {id: EventPage}, their venues joined."""
    return {
        event.pk: EventItem(
            title=event.title,
            url=event.get_full_url(request) or base_url,
            start=event.start,
            when=event_when(event),
            place=event_place(event),
            summary=event.summary,
            registration=event_registration(event),
            anchor=f"evenement-{event.pk}",
            short_url=short_url(issue_url, f"evenement-{event.pk}"),
        )
        for event in events.values()
    }


def prepare_issue(issue, request=None):
    """The issue's content for every channel, in a fixed number of queries."""
    base_url = public_root_url()
    issue_url = (issue.get_full_url(request) if issue.url_path else "") or base_url
    blocks = list(issue.content.raw_data)
    wanted = {"news": [], "events": [], "spotlight": []}
    for block in blocks:
        value = block["value"]
        if block["type"] in ("news", "events"):
            wanted[block["type"]] += chosen_ids(value.get("pages"))
        elif block["type"] == "spotlight" and value.get("venue"):
            wanted["spotlight"].append(value["venue"])
    pages = issue.live_pages(wanted)
    news = news_items(pages["news"], request, base_url, issue_url)
    events = event_items(pages["events"], request, base_url, issue_url)
    venues = pages["spotlight"]

    sections = []
    for position, block in enumerate(blocks, start=1):
        kind, value = block["type"], block["value"]
        if kind == "news":
            items = [news[pk] for pk in chosen_ids(value.get("pages")) if pk in news]
            sections.append(Section(kind, heading=value.get("heading", ""), items=items))
        elif kind == "events":
            items = [events[pk] for pk in chosen_ids(value.get("pages")) if pk in events]
            items.sort(key=lambda event: event.start)
            sections.append(Section(kind, heading=value.get("heading", ""), items=items))
        elif kind == "spotlight" and (venue := venues.get(value.get("venue"))):
            sections.append(
                Section(
                    kind,
                    heading=venue.title,
                    body=plain_text(value.get("text")),
                    address=venue_address(venue),
                    url=venue.get_full_url(request) or base_url,
                    anchor=f"lieu-{venue.pk}",
                    short_url=short_url(issue_url, f"lieu-{venue.pk}"),
                )
            )
        elif kind == "tip":
            sections.append(
                Section(
                    kind,
                    heading=value.get("title", ""),
                    body=rich_text(value.get("text"), base_url),
                    link=value.get("link", ""),
                    link_label=value.get("link_label") or value.get("link", ""),
                    anchor=(anchor := block_anchor(kind, block, position)),
                    short_url=short_url(issue_url, anchor),
                )
            )
        elif kind == "text":
            sections.append(
                Section(
                    kind,
                    heading=value.get("heading", ""),
                    body=rich_text(value.get("text"), base_url),
                    anchor=(anchor := block_anchor(kind, block, position)),
                    short_url=short_url(issue_url, anchor),
                )
            )
    return PreparedIssue(
        issue=issue,
        title=issue.title,
        number_label=issue.number_label,
        period_label=issue.period_label,
        url=issue_url,
        base_url=base_url,
        editorial=rich_text(issue.editorial, base_url),
        sections=sections,
    )
