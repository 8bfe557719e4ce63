"""“Préparer le prochain numéro”: the next issue's draft, pre-filled from the site's content.

The next issue is numbered after the newest issue of the archive and covers the two months after
its period (the current two months when there is none yet). Its draft holds an editorial to
write, a tip to write (``actualites/placeholders.py``: they cannot be published) and,
pre-selected:

- the news dated from the start of the two months before the issue's period (the period the
  previous issue covered: news come out while it is read), up to today, except those the
  previous issue already chose;
- the events of the issue's period: starting in it, or started before and still running.

Only one issue is prepared at a time: while the newest issue has never been published, it *is*
the next one, and preparing again returns it instead of making a second draft.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from .. import placeholders
from ..channels.prepared import chosen_ids
from ..models import EventPage, NewsletterIssuePage, NewsPage
from ..periods import period_end, period_start_of, shift_period

MAX_NEWS = 8


@dataclass
class NextIssue:
    number: int
    period_start: date
    previous: object  # the newest issue, or None


def next_issue_of(index, today=None):
    previous = NewsletterIssuePage.objects.child_of(index).order_by("-number").first()
    if previous is None:
        return NextIssue(1, period_start_of(today or timezone.localdate()), None)
    return NextIssue(previous.number + 1, shift_period(previous.period_start, 1), previous)


def unpublished_draft(index):
    """The newest issue if it was never published: the next issue, already in preparation."""
    newest = NewsletterIssuePage.objects.child_of(index).order_by("-number").first()
    if newest and not newest.live and newest.first_published_at is None:
        return newest
    return None


def chosen_in(issue, kind):
    """Ids of the pages an issue chose in its blocks of ``kind`` (news or events)."""
    if issue is None:
        return []
    content = issue.get_latest_revision_as_object().content
    return [
        page_id
        for block in content.raw_data
        if block["type"] == kind
        for page_id in chosen_ids(block["value"].get("pages"))
    ]


def news_for(index, next_issue, today):
    since = shift_period(next_issue.period_start, -1)
    return list(
        NewsPage.objects.visible()
        .filter(locale_id=index.locale_id, date__gte=since, date__lte=today)
        .exclude(pk__in=chosen_in(next_issue.previous, "news"))
        .order_by("-date", "-pk")
        .values_list("pk", flat=True)[:MAX_NEWS]
    )


def events_for(index, next_issue):
    start, end = next_issue.period_start, period_end(next_issue.period_start)
    return list(
        EventPage.objects.visible()
        .filter(locale_id=index.locale_id, start__date__lte=end)
        .filter(Q(start__date__gte=start) | Q(end__date__gte=start))
        .order_by("start", "pk")
        .values_list("pk", flat=True)
    )


def draft_content(news_ids, event_ids):
    """The draft's blocks, in StreamField's raw form: the pre-selected pages, then a tip to
    write."""
    content = []
    if news_ids:
        content.append(chooser_block("news", _("Actualités"), news_ids))
    if event_ids:
        content.append(chooser_block("events", _("Agenda"), event_ids))
    tip = {
        "title": str(placeholders.TIP_TITLE),
        "text": f"<p>{placeholders.TIP_TEXT}</p>",
        "link": "",
        "link_label": "",
    }
    content.append({"type": "tip", "value": tip, "id": str(uuid.uuid4())})
    return content


def chooser_block(kind, heading, page_ids):
    pages = [{"type": "item", "value": pk, "id": str(uuid.uuid4())} for pk in page_ids]
    return {"type": kind, "value": {"heading": heading, "pages": pages}, "id": str(uuid.uuid4())}


def prepare_next_issue(index, user=None, today=None):
    """``(issue, created)``: the next issue's draft, made now or found already made."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Two editors clicking at once: the second waits here, then finds the first one's draft.
        Page.objects.select_for_update().filter(pk=index.pk).first()
        if draft := unpublished_draft(index):
            return draft, False
        next_issue = next_issue_of(index, today)
        issue = NewsletterIssuePage(
            number=next_issue.number,
            period_start=next_issue.period_start,
            live=False,
            has_unpublished_changes=True,
            owner=user,
            locale_id=index.locale_id,
        )
        issue.title = _("Lettre %(label)s") % {"label": issue.number_label}
        issue.slug = slugify(f"numero-{issue.number}")
        issue.editorial = f"<p>{placeholders.EDITORIAL}</p>"
        news_ids = news_for(index, next_issue, today)
        event_ids = events_for(index, next_issue)
        issue.content = draft_content(news_ids, event_ids)
        index.add_child(instance=issue)
        issue.save_revision(user=user, log_action=True)
    return issue, True
