"""“Préparer le prochain numéro”: the next draft, numbered, dated and pre-filled, made once."""

import re
from datetime import date, datetime

import pytest
import time_machine

from actualites.channels.prepared import chosen_ids
from actualites.models import NewsletterIssuePage

from .letter_fixtures import *  # noqa: F403
from .letter_fixtures import PARIS

pytestmark = pytest.mark.django_db


def chosen(issue, kind):
    return [
        pk
        for block in issue.content.raw_data
        if block["type"] == kind
        for pk in chosen_ids(block["value"]["pages"])
    ]


def log_in_again(client, django_user_model):
    """After travelling in time, the fixture's session has expired."""
    client.force_login(django_user_model.objects.get(username="editrice"))


@time_machine.travel(datetime(2027, 2, 20, 10, tzinfo=PARIS), tick=False)
def test_prepares_the_next_issue_with_its_news_and_events(
    editor_client, django_user_model, full_issue, newsletter_index, make_news, make_event
):
    log_in_again(editor_client, django_user_model)
    recent = make_news("Nouveaux horaires de la médiathèque", date(2027, 2, 3))
    too_old = make_news("Une vieille nouvelle", date(2026, 10, 30))
    in_period = make_event("Forum du numérique", datetime(2027, 3, 18, 9, tzinfo=PARIS))
    running = make_event(
        "Exposition", datetime(2027, 2, 20, 9, tzinfo=PARIS), datetime(2027, 3, 5, 18, tzinfo=PARIS)
    )
    after = make_event("Atelier de mai", datetime(2027, 5, 2, 14, tzinfo=PARIS))

    url = f"/admin/lettre/{newsletter_index.pk}/preparer/"
    assert (
        "Préparer le prochain numéro"
        in editor_client.get(f"/admin/pages/{newsletter_index.pk}/").content.decode()
    )
    assert "numéro 5" in editor_client.get(url).content.decode()
    response = editor_client.post(url)

    issue = NewsletterIssuePage.objects.get(number=5)
    assert response.status_code == 302
    assert response.url == f"/admin/pages/{issue.pk}/edit/"
    assert not issue.live and issue.has_unpublished_changes
    assert issue.period_start == date(2027, 3, 1)
    assert issue.number_label == "n° 5 — mars-avril 2027"
    assert issue.get_latest_revision() is not None
    news = chosen(issue, "news")
    assert recent.pk in news and too_old.pk not in news
    assert not set(news) & set(chosen(full_issue, "news"))  # chosen in n° 4 already
    assert chosen(issue, "events") == [running.pk, in_period.pk]
    assert after.pk not in chosen(issue, "events")
    assert [block["type"] for block in issue.content.raw_data] == ["news", "events", "tip"]
    page = editor_client.get(response.url).content.decode()
    assert "Le brouillon du numéro n° 5 — mars-avril 2027 est prêt" in page


def test_preparing_twice_makes_one_draft(editor_client, full_issue, newsletter_index):
    url = f"/admin/lettre/{newsletter_index.pk}/preparer/"
    first = editor_client.post(url)
    second = editor_client.post(url, follow=True)
    assert NewsletterIssuePage.objects.filter(number=5).count() == 1
    assert NewsletterIssuePage.objects.count() == 2
    assert second.redirect_chain[-1][0] == first.url
    assert "est déjà en préparation" in second.content.decode()
    assert "est déjà en préparation" in editor_client.get(url).content.decode()


@time_machine.travel(datetime(2027, 6, 10, 10, tzinfo=PARIS), tick=False)
def test_first_issue_covers_the_current_two_months(
    editor_client, django_user_model, newsletter_index
):
    log_in_again(editor_client, django_user_model)
    editor_client.post(f"/admin/lettre/{newsletter_index.pk}/preparer/")
    issue = NewsletterIssuePage.objects.get()
    assert (issue.number, issue.period_start) == (1, date(2027, 5, 1))
    assert issue.title == "Lettre n° 1 — mai-juin 2027"


def test_preparing_needs_the_right_to_add_pages(client, django_user_model, newsletter_index):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("stagiaire", "s@example.org", "motdepasse")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    url = f"/admin/lettre/{newsletter_index.pk}/preparer/"
    for response in (client.post(url), client.get(url)):
        # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
        assert (response.status_code, response.get("Location")) == (302, "/admin/")
    assert not NewsletterIssuePage.objects.exists()


def test_the_newsletter_listing_shows_the_prepare_button_in_its_header(
    editor_client, newsletter_index
):
    """A button of its own beside "add", not an entry of the "…" menu."""
    html = editor_client.get(f"/admin/pages/{newsletter_index.pk}/").content.decode()
    url = f"/admin/lettre/{newsletter_index.pk}/preparer/"
    links = re.findall(rf'<a [^>]*href="{url}"[^>]*>', html)
    assert len(links) == 1
    assert 'class="w-header-button button"' in links[0]
    edit_page = editor_client.get(f"/admin/pages/{newsletter_index.pk}/edit/").content.decode()
    assert url in edit_page  # still in the index's other screens' menu
