"""Freshness of venue data: the score, the admin report, the monthly reminder, the confirmation."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from smtplib import SMTPException
from unittest import mock
from urllib.parse import unquote

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Revision

from demo.loader import DEMO_VERIFICATION_AGES, demo_verification_date
from freshness import score
from freshness.links import venue_id_from_token, verification_token
from freshness.models import VenueReminder
from freshness.reminders import REMIND_AGAIN_AFTER, ReminderEmail, remind_stale_venues
from freshness.status import Freshness
from guide.hours import PARIS
from guide.models import Territory, VenuePage
from opendata.importer import import_venues
from tests.opendata.opendata_helpers import valid_row

TODAY = date(2026, 3, 12)
NOW = datetime(2026, 3, 12, 10, 0, tzinfo=PARIS)


# The score, in plain Python


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 3, 12), -24, date(2024, 3, 12)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_cutoffs_keep_the_day_or_take_the_last_of_a_shorter_month(day, months, expected):
    assert score.cutoff(day, -months) == expected


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (TODAY, 1.0),
        (date(2026, 3, 13), 1.0),  # a date in the future: as fresh as can be
        (date(2025, 12, 1), 1.0),
        (date(2025, 9, 12), 1.0),  # exactly six months
        (date(2024, 3, 12), 0.0),  # exactly two years
        (date(2020, 1, 1), 0.0),
        (None, 0.0),
    ],
)
def test_score_is_one_under_six_months_and_zero_from_two_years(reference, expected):
    assert score.freshness_score(reference, TODAY) == expected


def test_score_falls_linearly_in_days_between_six_months_and_two_years():
    fresh_from, obsolete_until = date(2025, 9, 12), date(2024, 3, 12)
    span = (fresh_from - obsolete_until).days
    assert score.freshness_score(fresh_from - timedelta(days=1), TODAY) == (span - 1) / span
    assert score.freshness_score(obsolete_until + timedelta(days=1), TODAY) == 1 / span
    middle = obsolete_until + timedelta(days=span // 2)
    assert score.freshness_score(middle, TODAY) == pytest.approx(0.5, abs=1 / span)
    # Twelve months old, the reminders' default threshold: two thirds.
    assert score.freshness_score(date(2025, 3, 12), TODAY) == pytest.approx(2 / 3, abs=0.01)


@pytest.mark.parametrize(
    ("reference", "today", "months"),
    [
        (date(2026, 3, 12), date(2026, 3, 12), 0),
        (date(2026, 2, 13), date(2026, 3, 12), 0),
        (date(2026, 2, 12), date(2026, 3, 12), 1),
        # Counted back from today: 28 February minus six months is 28 August.
        (date(2025, 8, 31), date(2026, 2, 28), 5),
        (date(2025, 8, 31), date(2026, 3, 1), 6),
        (date(2024, 3, 12), date(2026, 3, 12), 24),
        (date(2027, 1, 1), date(2026, 3, 12), 0),
        (None, date(2026, 3, 12), None),
    ],
)
def test_age_in_whole_calendar_months(reference, today, months):
    assert score.age_in_months(reference, today) == months


@pytest.mark.parametrize(
    ("value", "state"),
    [
        (1.0, score.UP_TO_DATE),
        (0.99, score.TO_CHECK),
        (0.01, score.TO_CHECK),
        (0.0, score.OBSOLETE),
    ],
)
def test_states_follow_the_score(value, state):
    assert score.freshness_state(value) == state


def test_reference_is_the_verification_else_the_first_publication():
    assert score.reference_date(date(2025, 1, 1), date(2020, 1, 1)) == date(2025, 1, 1)
    assert score.reference_date(None, date(2020, 1, 1)) == date(2020, 1, 1)
    assert score.reference_date(None, None) is None


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(reference=days, today=days, extra=st.integers(min_value=0, max_value=2000))
def test_score_stays_between_zero_and_one_and_never_rises_with_age(reference, today, extra):
    value = score.freshness_score(reference, today)
    older = score.freshness_score(reference - timedelta(days=extra), today)
    assert 0.0 <= older <= value <= 1.0


@given(reference=days, today=days)
def test_score_and_age_agree(reference, today):
    months = score.age_in_months(reference, today)
    value = score.freshness_score(reference, today)
    assert (months < score.FRESH_MONTHS) <= (value == 1.0)
    assert (months >= score.OBSOLETE_MONTHS) == (value == 0.0)
    assert score.cutoff(today, months) >= reference or reference > today


def test_age_labels_in_french():
    published = datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)
    assert Freshness.of(date(2026, 3, 1), None, TODAY).age_label == "moins d'un mois"
    assert Freshness.of(date(2025, 1, 12), None, TODAY).age_label == "14 mois"
    assert Freshness.of(None, None, TODAY).age_label == "inconnu"
    assert Freshness.of(None, published, TODAY).reference == date(2026, 3, 1)


def test_demo_venues_spread_over_every_state():
    dates = [demo_verification_date(n, TODAY) for n in range(len(DEMO_VERIFICATION_AGES))]
    states = {score.freshness_state(score.freshness_score(d, TODAY)) for d in dates if d}
    assert states == set(score.STATES)
    assert None in dates


# The venue page and the open data import


@pytest.mark.django_db
def test_venue_page_shows_the_verification_date_only_when_known(client, make_venue):
    verified = make_venue(verified_on=date(2026, 3, 12))
    never = make_venue()
    html = client.get(verified.url).content.decode()
    assert "Informations vérifiées le 12 mars 2026" in html
    assert "Informations vérifiées" not in client.get(never.url).content.decode()


@pytest.mark.django_db
def test_an_imported_venue_is_verified_on_the_source_update_date(venue_index, territory):
    import_venues([("ligne 2", valid_row(1, date_maj="2025-11-03"))], publish=True)
    assert VenuePage.objects.get(national_id="lieu-1").verified_on == date(2025, 11, 3)


# The admin report


REPORT_URL = "/admin/reports/fraicheur-des-lieux/"


@pytest.fixture
def aged_venues(make_venue, territory):
    """A venue in each state (and one never verified, published today), in the Sablon."""
    with time_machine.travel(NOW, tick=False):
        return {
            "fresh": make_venue(title="Lieu frais", verified_on=date(2026, 1, 5)),
            "to_check": make_venue(title="Lieu à vérifier", verified_on=date(2025, 2, 1)),
            "obsolete": make_venue(title="Lieu périmé", verified_on=date(2023, 6, 1)),
            "never": make_venue(title="Lieu jamais vérifié"),
        }


def _report_titles(html):
    return re.findall(r"(Lieu [^<]+?)\s*</a>", html)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_report_lists_live_venues_oldest_first_with_age_and_score(editor_client, aged_venues):
    VenueReminder.objects.create(
        venue=aged_venues["obsolete"], sent_at=NOW - timedelta(days=3), email="a@example.org"
    )
    draft = aged_venues["fresh"]
    draft.unpublish()
    response = editor_client.get(REPORT_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert _report_titles(html) == ["Lieu périmé", "Lieu à vérifier", "Lieu jamais vérifié"]
    assert "Fraîcheur des lieux" in html
    assert "1 juin 2023" in html and "33 mois" in html and 'data-freshness-state="perime"' in html
    assert "1 février 2025" in html and "13 mois" in html
    assert "jamais (publié le 12 mars 2026)" in html and 'data-freshness-state="a-jour"' in html
    assert "100 %" in html and "0 %" in html
    assert f"/admin/pages/{aged_venues['obsolete'].pk}/edit/" in html
    assert "3\xa0jours" in html or "3 days" in html or "3 jours" in html  # last reminder


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_report_filters_by_state_and_by_territory(editor_client, aged_venues, make_venue):
    locale = aged_venues["fresh"].locale
    other = Territory.objects.create(name="Woippy", slug="woippy", locale=locale)
    make_venue(title="Lieu de Woippy", territory=other, verified_on=date(2020, 1, 1))

    def titles(query):
        return _report_titles(editor_client.get(REPORT_URL + query).content.decode())

    assert titles("?state=perime") == ["Lieu de Woippy", "Lieu périmé"]
    assert titles("?state=a-verifier") == ["Lieu à vérifier"]
    assert titles("?state=a-jour") == ["Lieu frais", "Lieu jamais vérifié"]
    assert titles(f"?territory={other.pk}") == ["Lieu de Woippy"]
    assert titles(f"?territory={other.pk}&state=a-jour") == []


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_report_costs_the_same_queries_for_more_venues(editor_client, aged_venues, make_venue):
    editor_client.get(REPORT_URL)  # warm the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(REPORT_URL)
    for number in range(8):
        venue = make_venue(title=f"Lieu ancien {number}", verified_on=date(2024, 1, number + 1))
        VenueReminder.objects.create(venue=venue, sent_at=NOW, email="a@example.org")
    editor_client.get(REPORT_URL)  # publishing emptied those caches
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(REPORT_URL)
    assert len(_report_titles(response.content.decode())) == 12
    assert len(many) == len(few)
    assert len(many) <= 25


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_report_exports_csv_with_french_headings(editor_client, aged_venues):
    response = editor_client.get(REPORT_URL + "?export=csv&state=perime")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Lieu"] for row in rows] == ["Lieu périmé"]
    assert rows[0]["Vérifié le"] == "2023-06-01"
    assert rows[0]["Âge (mois)"] == "33"
    assert rows[0]["État"] == "périmé"
    assert rows[0]["Modifier"].endswith(f"/admin/pages/{aged_venues['obsolete'].pk}/edit/")
    xlsx = editor_client.get(REPORT_URL + "?export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.django_db
def test_report_is_refused_to_visitors_and_listed_in_the_reports_menu(editor_client):
    assert Client().get(REPORT_URL).status_code == 302  # to the login page
    menu = editor_client.get("/admin/").content.decode()
    assert "Fra\\u00eecheur des lieux" in menu and REPORT_URL in menu


# The monthly reminder


@pytest.fixture
def stale_venue(make_venue):
    with time_machine.travel(NOW, tick=False):
        return make_venue(
            title="Maison de quartier",
            emails="accueil@mdq.example.org, direction@mdq.example.org",
            verified_on=date(2025, 1, 10),
        )


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_reminder_sends_both_secure_links_in_text_and_html(stale_venue, make_venue):
    make_venue(title="Lieu frais", emails="frais@example.org", verified_on=date(2026, 1, 1))
    run = remind_stale_venues()
    assert [venue.title for venue in run.sent] == ["Maison de quartier"]
    [message] = mail.outbox
    assert message.to == ["accueil@mdq.example.org", "direction@mdq.example.org"]
    assert message.subject == (
        "Les informations de «\u00a0Maison de quartier\u00a0» sont-elles toujours à jour\u00a0?"
    )
    confirm = re.search(r"http://testserver/verifier/([^/\s]+)/", message.body)
    change = re.search(
        rf"http://testserver/declarer/modifier/{stale_venue.pk}/\?verification=(\S+)", message.body
    )
    assert confirm and change
    assert venue_id_from_token(confirm[1]) == stale_venue.pk
    assert venue_id_from_token(unquote(change[1])) == stale_venue.pk
    assert "vérifiées pour la dernière fois le 10 janvier 2025" in message.body
    assert "guide «\u00a0Le numérique pour tous\u00a0» de la Ville de Metz présente" in message.body
    assert message.from_email == "Ville de Metz <ne-pas-repondre@example.org>"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"/verifier/{confirm[1]}/" in html and "Rien n'a changé</a>" in html
    assert f"/declarer/modifier/{stale_venue.pk}/?verification=" in html
    reminder = VenueReminder.objects.get()
    assert reminder.venue_id == stale_venue.pk and reminder.sent_at == NOW
    assert reminder.email == "accueil@mdq.example.org, direction@mdq.example.org"


@pytest.mark.django_db
def test_reminder_is_idempotent_within_the_month_and_sent_again_the_next(stale_venue):
    with time_machine.travel(NOW, tick=False):
        assert len(remind_stale_venues().sent) == 1
        run = remind_stale_venues()
    assert run.sent == [] and [v.pk for v in run.already_reminded] == [stale_venue.pk]
    assert len(mail.outbox) == 1
    # A monthly run on the same day of the month, even after February, sends again.
    with time_machine.travel(NOW + REMIND_AGAIN_AFTER + timedelta(hours=1), tick=False):
        assert len(remind_stale_venues().sent) == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_a_run_stopped_midway_then_started_again_writes_to_nobody_twice(make_venue):
    with time_machine.travel(NOW, tick=False):
        for number in range(3):
            make_venue(emails=f"lieu{number}@example.org", verified_on=date(2024, 1, number + 1))
        real_message = ReminderEmail.message
        calls = []

        def crash_on_second(self, venue):
            calls.append(venue.pk)
            if len(calls) == 2:
                raise KeyboardInterrupt  # the process is killed while sending
            return real_message(self, venue)

        with mock.patch.object(ReminderEmail, "message", crash_on_second):
            with pytest.raises(KeyboardInterrupt):
                remind_stale_venues()
        assert len(mail.outbox) == 1
        run = remind_stale_venues()
    addresses = [address for message in mail.outbox for address in message.to]
    assert len(addresses) == len(set(addresses)) == 2
    assert len(run.sent) == 1 and len(run.already_reminded) == 2


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_message_the_server_refuses_is_tried_again_next_run(stale_venue):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=SMTPException("refusé"),
    ):
        run = remind_stale_venues()
    assert [venue.pk for venue, _error in run.failed] == [stale_venue.pk]
    assert not VenueReminder.objects.exists()
    assert len(remind_stale_venues().sent) == 1


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_dry_run_sends_and_records_nothing(stale_venue):
    run = remind_stale_venues(dry_run=True)
    assert [venue.pk for venue in run.sent] == [stale_venue.pk]
    assert mail.outbox == [] and not VenueReminder.objects.exists()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_threshold_and_venues_without_email(make_venue):
    without_email = make_venue(title="Sans e-mail", verified_on=date(2024, 1, 1))
    seven_months = make_venue(emails="a@example.org", verified_on=date(2025, 8, 1))
    never_verified_old = make_venue(emails="b@example.org")
    VenuePage.objects.filter(pk=never_verified_old.pk).update(
        first_published_at=datetime(2023, 1, 1, tzinfo=PARIS)
    )
    run = remind_stale_venues()
    assert [venue.pk for venue in run.without_email] == [without_email.pk]
    assert [venue.pk for venue in run.sent] == [never_verified_old.pk]
    assert [venue.pk for venue in remind_stale_venues(older_than_months=6).sent] == [
        seven_months.pk
    ]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_command_prints_a_french_summary(stale_venue, make_venue):
    make_venue(title="Sans e-mail", verified_on=date(2024, 1, 1))
    out = io.StringIO()
    call_command("remind_stale_venues", "--dry-run", stdout=out)
    assert "À relancer : Maison de quartier" in out.getvalue()
    assert "Simulation : aucun e-mail envoyé" in out.getvalue()
    assert mail.outbox == []
    out = io.StringIO()
    call_command("remind_stale_venues", "--older-than-months", "12", stdout=out)
    assert "Relances envoyées\u00a0: 1. Sans adresse e-mail\u00a0: 1." in out.getvalue()
    out = io.StringIO()
    call_command("remind_stale_venues", stdout=out)
    assert "Relances envoyées\u00a0: 0." in out.getvalue()
    assert "Déjà relancés depuis moins de 27 jours\u00a0: 1." in out.getvalue()


# The confirmation page


def verify_url(venue):
    return f"/verifier/{verification_token(venue)}/"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_opening_the_link_shows_the_data_and_changes_nothing(client, stale_venue):
    VenueReminder.objects.create(venue=stale_venue, sent_at=NOW, email="a@example.org")
    response = client.get(verify_url(stale_venue))
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    for text in [
        "Maison de quartier",
        "13 rue Pioche",
        "57050 Metz",
        "9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h",
        "Je confirme que ces informations sont à jour",
        'name="csrfmiddlewaretoken"',
        f"/declarer/modifier/{stale_venue.pk}/?verification=",
    ]:
        assert text in html, text
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    stale_venue.refresh_from_db()
    assert stale_venue.verified_on == date(2025, 1, 10)
    assert VenueReminder.objects.get().confirmed_at is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_confirming_updates_the_live_page_without_a_new_revision(
    client, stale_venue, django_capture_on_commit_callbacks
):
    reminder = VenueReminder.objects.create(venue=stale_venue, sent_at=NOW, email="a@b.org")
    assert "vérifiées le 10 janvier 2025" in client.get(stale_venue.url).content.decode()
    revisions = Revision.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify_url(stale_venue))
    assert response.status_code == 200
    assert "vérifiées le 12 mars 2026" in response.content.decode()
    venue = VenuePage.objects.get(pk=stale_venue.pk)
    assert venue.verified_on == TODAY
    assert Revision.objects.count() == revisions
    assert venue.get_latest_revision_as_object().verified_on == TODAY
    reminder.refresh_from_db()
    assert reminder.confirmed_at == NOW
    # The cached venue page shows the new date at once.
    assert "Informations vérifiées le 12 mars 2026" in client.get(venue.url).content.decode()


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_confirming_needs_the_csrf_token(stale_venue):
    response = Client(enforce_csrf_checks=True).post(verify_url(stale_venue))
    assert response.status_code == 403
    stale_venue.refresh_from_db()
    assert stale_venue.verified_on == date(2025, 1, 10)


@pytest.mark.django_db
def test_expired_tampered_and_unpublished_links_are_refused_in_french(client, stale_venue):
    with time_machine.travel(NOW, tick=False):
        url = verify_url(stale_venue)
    with time_machine.travel(NOW + timedelta(days=61), tick=False):
        expired = client.post(url)
    assert expired.status_code == 400
    assert "Ce lien a expiré" in expired.content.decode()
    tampered = client.get(url[:-3] + "xy/")
    assert tampered.status_code == 400
    assert "Ce lien n&#x27;est pas valide" in tampered.content.decode()
    stale_venue.unpublish()
    gone = client.get(verify_url(stale_venue))
    assert gone.status_code == 400 and "plus publié" in gone.content.decode()
    stale_venue.refresh_from_db()
    assert stale_venue.verified_on == date(2025, 1, 10)


@pytest.mark.django_db
def test_verification_is_rate_limited(client, stale_venue):
    url = verify_url(stale_venue)
    statuses = [client.get(url).status_code for _attempt in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
