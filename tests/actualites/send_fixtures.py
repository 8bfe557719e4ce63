"""Issues and subscribers for the sending tests (imported, not a conftest)."""

import datetime

from wagtail.models import Page

from actualites.models import NewsletterIndexPage, NewsletterIssuePage, Subscriber


def newsletter_index():
    index = NewsletterIndexPage.objects.first()
    if index is None:
        home = Page.objects.get(depth=2, slug="accueil-test")
        index = home.add_child(instance=NewsletterIndexPage(title="La lettre", slug="lettre"))
    return index


def make_issue(number=1, live=True):
    """A published (or draft) issue under /lettre/; needs the ``home_page`` fixture."""
    issue = NewsletterIssuePage(
        title=f"Lettre n° {number}",
        slug=f"numero-{number}",
        number=number,
        period_start=datetime.date(2027, 1, 1),
        editorial="<p>Bonjour à toutes et à tous.</p>",
        live=live,
    )
    newsletter_index().add_child(instance=issue)
    if live:
        issue.save_revision().publish()
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def make_subscribers(count, status=Subscriber.Status.CONFIRMED, start=0):
    return Subscriber.objects.bulk_create(
        Subscriber(email=f"abonne{number}@example.org", status=status, language="fr")
        for number in range(start, start + count)
    )
