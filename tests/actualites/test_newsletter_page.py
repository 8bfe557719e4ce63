"""The issue's web page and the /lettre/ archive."""

from datetime import date

import pytest
from django.utils import translation

from actualites.models import NewsletterIssuePage
from actualites.periods import period_start_of, shift_period

from .letter_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def test_period_label_is_in_french():
    issue = NewsletterIssuePage(number=4, period_start=date(2027, 1, 1))
    with translation.override("fr"):
        assert issue.number_label == "n° 4 — janvier-février 2027"
        assert NewsletterIssuePage(number=9, period_start=date(2027, 11, 1)).period_label == (
            "novembre-décembre 2027"
        )


def test_periods_follow_each_other():
    assert period_start_of(date(2027, 2, 28)) == date(2027, 1, 1)
    assert period_start_of(date(2027, 12, 5)) == date(2027, 11, 1)
    assert shift_period(date(2027, 11, 1), 1) == date(2028, 1, 1)
    assert shift_period(date(2027, 1, 1), -1) == date(2026, 11, 1)


def test_issue_page_shows_every_block(client, full_issue, django_assert_max_num_queries):
    # Private sections are read once per content generation; the first request creates the
    # site's settings, which starts a new one.
    with django_assert_max_num_queries(29):
        response = client.get(full_issue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "n° 4 — janvier-février 2027" in html
    assert "Bienvenue dans ce numéro" in html
    assert "Le nouveau France Services ouvre" in html
    assert "Résumé : Le nouveau France Services ouvre." in html
    assert 'src="http://testserver/' in html  # the news image's rendition
    assert "Atelier smartphone" in html
    assert "Jeudi 14 janvier 2027, de 14\u00a0h à 16\u00a0h" in html
    assert "Médiathèque du Pontiffroy, 1 cours Saint-Vincent, 57000 Metz" in html
    assert "Sur inscription : 03 87 00 00 00" in html
    assert "Centre social Le Lierre" in html and "2 rue du Lierre, 57050 Metz" in html
    assert "Un accueil sans rendez-vous." in html
    assert "Partager la connexion de son téléphone" in html
    assert "<b>point d&#x27;accès</b>" in html or "<b>point d'accès</b>" in html
    assert "Aux bénévoles du réseau." in html


def test_queries_do_not_grow_with_chosen_pages(
    client, full_issue, make_news, django_assert_max_num_queries
):
    from .letter_fixtures import chooser

    more = [make_news(f"Brève {n}", date(2026, 12, n + 1)) for n in range(8)]
    issue = full_issue
    issue.content = [*issue.content.raw_data, chooser("news", "Brèves", more)]
    issue.save_revision().publish()
    # Private sections are read once per content generation; the first request creates the
    # site's settings, which starts a new one.
    with django_assert_max_num_queries(29):
        response = client.get(issue.url)
    assert "Brève 7" in response.content.decode()


def test_unpublished_choices_are_left_out(client, full_issue):
    from actualites.models import NewsPage

    NewsPage.objects.get(title="Un conseiller numérique à la mairie").unpublish()
    html = client.get(full_issue.url).content.decode()
    assert "Un conseiller numérique" not in html
    assert "Le nouveau France Services ouvre" in html


def test_archive_lists_issues_newest_first(
    client, newsletter_index, full_issue, django_assert_max_num_queries
):
    older = NewsletterIssuePage(
        title="Le tout premier numéro",
        slug="numero-3",
        number=3,
        period_start=date(2026, 11, 1),
        editorial="<p>Premier.</p>",
    )
    newsletter_index.add_child(instance=older)
    older.save_revision().publish()
    # Site, menus and settings included; private sections read twice, as above.
    with django_assert_max_num_queries(22):
        html = client.get(newsletter_index.url).content.decode()
    assert html.index("La lettre de janvier") < html.index("Le tout premier numéro")
    assert "novembre-décembre 2026" in html
