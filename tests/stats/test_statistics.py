"""Statistics without tracking: searches, needs, filters and searches without result, per day."""

import csv
import io
import logging
import threading
from datetime import date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from guide import usage
from guide.finder import find
from guide.hours import PARIS
from guide.models import NeedPage, NeedTreePage, ThemePage
from stats import middleware, store
from stats.models import UsageCount
from stats.retention import purge_usage_counts
from stats.store import add_counts
from tests.guide.tree_helpers import publish

Kind = UsageCount.Kind
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
TODAY = date(2026, 11, 23)
REPORT_URL = "/admin/reports/statistiques-de-frequentation/"
M57070 = "57070 Metz, Saint-Julien-lès-Metz, Vantoux…"
M57050 = "57050 Metz, Le Ban-Saint-Martin, Longeville-lès-Metz…"


def counts():
    """{(kind, key): count} of every row, whatever the day."""
    return {(row.kind, row.key): row.count for row in UsageCount.objects.all()}


@pytest.fixture
def tree(home_page):
    return publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))


@pytest.fixture
def need(tree, families, make_venue):
    make_venue(
        title="Centre social Pioche",
        services={"demarches": (2, [])},
        fee="gratuit",
        publics=["seniors"],
    )
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches"))
    return publish(
        theme,
        NeedPage(
            title="Faire mes démarches en ligne",
            slug="demarches-en-ligne",
            family=families["demarches"],
        ),
    )


def need_key(need):
    return f"besoin={need.translation_key}"


# What is counted


@time_machine.travel(MONDAY, tick=False)
def test_search_counts_its_postcode_each_valid_filter_and_that_it_found_nothing(
    client, need, venue_index
):
    response = client.get(venue_index.url + "?cp=57070&public=seniors&gratuit=1&q=impots")
    assert "Aucun lieu ne correspond" in response.content.decode()
    assert UsageCount.objects.get(kind=Kind.SEARCH, key="57070").day == TODAY
    assert counts() == {
        (Kind.SEARCH, "57070"): 1,
        (Kind.NO_RESULT, "57070"): 1,
        (Kind.FILTER, "cp"): 1,
        (Kind.FILTER, "public=seniors"): 1,
        (Kind.FILTER, "gratuit"): 1,
        (Kind.FILTER, "q"): 1,  # that words were typed, never the words
    }
    client.get(venue_index.url + f"?besoin={need.slug}&gratuit=1")
    assert counts()[(Kind.SEARCH, "")] == 1  # found a place: no "no result"
    assert counts()[(Kind.FILTER, need_key(need))] == 1
    assert counts()[(Kind.FILTER, "gratuit")] == 2
    assert (Kind.NO_RESULT, "") not in counts()
    client.get(venue_index.url + "?service=caf-rsa&niveau=3")
    assert counts()[(Kind.FILTER, "service=caf-rsa")] == 1
    assert counts()[(Kind.FILTER, "niveau=3")] == 1


def test_page_served_from_the_cache_is_counted_in_one_query(
    client, make_venue, venue_index, django_assert_max_num_queries
):
    make_venue()
    url = venue_index.url + "?cp=57050&sans_rdv=1"
    client.get(url)
    with django_assert_max_num_queries(1):
        cached = client.get(url)
    assert cached.status_code == 200
    assert counts()[(Kind.SEARCH, "57050")] == 2
    assert counts()[(Kind.FILTER, "sans_rdv")] == 2
    assert counts()[(Kind.NO_RESULT, "57050")] == 2


def test_counting_a_rendered_page_costs_one_query(
    client, make_venue, venue_index, no_page_cache, monkeypatch
):
    make_venue()
    url = venue_index.url + "?cp=57050&public=seniors&langue=ar&accessible=1&ouvert=1"
    monkeypatch.setattr(middleware, "record", lambda pairs: None)
    client.get(url)
    client.get(url)  # the per-process caches (site, menus, filter choices) are warm
    with CaptureQueriesContext(connection) as uncounted:
        client.get(url)
    monkeypatch.undo()
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    assert len(counted) - len(uncounted) == 1
    assert counted[-1]["sql"].startswith('INSERT INTO "guide_usagecount"')
    assert counts()[(Kind.NO_RESULT, "57050")] == 1


def test_browsing_is_not_searching_and_costs_nothing(
    client, make_venue, venue_index, django_assert_num_queries
):
    venue = make_venue()
    client.get(venue_index.url)
    client.get(venue.url)
    with django_assert_num_queries(0):
        client.get(venue.url)
        client.get(venue_index.url)
    assert counts() == {}


def test_turning_pages_is_the_same_search(make_venue, venue_index):
    make_venue()
    make_venue()
    filters = {"gratuit": True}
    first, second = (
        find(venue_index.venues(), filters, MONDAY, page_number=number, per_page=1)
        for number in (1, 2)
    )
    assert usage.venue_list_counts(first) == [(Kind.SEARCH, ""), (Kind.FILTER, "gratuit")]
    assert usage.venue_list_counts(second) == []


def test_only_validated_filters_are_counted(client, make_venue, venue_index):
    make_venue()
    client.get(venue_index.url + "?cp=99999&public=inconnu&langue=<script>&famille=nope")
    assert counts() == {}  # nothing valid: nothing is a search
    client.get(venue_index.url + "?cp=12&public=inconnu&gratuit=1&niveau=9")
    assert counts() == {(Kind.SEARCH, ""): 1, (Kind.FILTER, "gratuit"): 1}


def test_position_from_the_browser_counts_without_its_coordinates(client, make_venue, venue_index):
    make_venue()
    client.get(venue_index.url + "?lat=49.1&lon=6.17")
    assert counts() == {(Kind.SEARCH, ""): 1, (Kind.FILTER, "position"): 1}


@time_machine.travel(MONDAY, tick=False)
def test_need_page_counts_the_need_and_a_search_when_asked_near_a_postcode(client, need):
    client.get(need.url)
    assert counts() == {(Kind.NEED, need_key(need)): 1}
    client.get(need.url + "?cp=57070&ouvert=1")
    assert counts() == {
        (Kind.NEED, need_key(need)): 2,
        (Kind.SEARCH, "57070"): 1,
        (Kind.FILTER, "cp"): 1,
        (Kind.FILTER, "ouvert"): 1,
    }


@time_machine.travel(MONDAY, tick=False)
def test_need_without_any_place_near_a_postcode_is_a_search_without_result(client, tree, families):
    theme = publish(tree, ThemePage(title="Créer", slug="creer"))
    empty = publish(theme, NeedPage(title="Imprimer en 3D", slug="3d", family=families["creer"]))
    client.get(empty.url + "?cp=57070")
    assert counts()[(Kind.NO_RESULT, "57070")] == 1


@time_machine.travel(MONDAY, tick=False)
def test_orientation_counts_valid_requests_only(client, tree, need):
    url = tree.url + "orienter/"
    client.get(url)
    client.get(url + "?cp=57070&public=seniors")  # no need: the form is invalid
    assert counts() == {}
    client.get(url + f"?besoin={need.slug}&cp=57070&public=seniors")
    assert counts() == {
        (Kind.ORIENTATION, need_key(need)): 1,
        (Kind.SEARCH, "57070"): 1,
        (Kind.FILTER, "cp"): 1,
        (Kind.FILTER, "public=seniors"): 1,
    }


def test_counted_pages_set_no_cookie(client, make_venue, venue_index):
    make_venue()
    for _visit in range(2):  # rendered, then from the cache
        response = client.get(venue_index.url + "?cp=57050")
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
    assert counts()[(Kind.SEARCH, "57050")] == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
        {"User-Agent": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"},
        {"User-Agent": "python-requests/2.32.3"},
        {"User-Agent": "curl/8.5.0"},
        {"Sec-Purpose": "prefetch;prerender"},
    ],
)
def test_robots_scripts_and_prefetches_are_not_counted(client, make_venue, venue_index, headers):
    make_venue()
    client.get(venue_index.url + "?cp=57050", headers=headers)
    assert counts() == {}


def test_browsers_are_counted(client, make_venue, venue_index):
    make_venue()
    phone = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/120.0 Mobile"
    client.get(venue_index.url + "?cp=57050", headers={"User-Agent": phone})
    assert counts()[(Kind.SEARCH, "57050")] == 1


def test_editors_are_not_counted(editor_client, make_venue, venue_index):
    make_venue()
    editor_client.get(venue_index.url + "?cp=57050")
    assert counts() == {}


def test_a_database_error_keeps_the_counts_for_the_next_write_and_serves_the_page(
    client, make_venue, venue_index, monkeypatch, caplog
):
    make_venue()
    pending = store.PendingCounts()
    monkeypatch.setattr(middleware, "pending_counts", pending)

    def broken(counts):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(store, "write_counts", broken)
    with caplog.at_level(logging.ERROR, logger="stats.middleware"):
        response = client.get(venue_index.url + "?cp=57050")
    assert response.status_code == 200
    assert "Usage counts not written, kept for the next write" in caplog.text
    assert counts() == {}
    monkeypatch.undo()
    pending.write()
    assert counts()[(Kind.SEARCH, "57050")] == 1


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@time_machine.travel(MONDAY, tick=False)
def test_a_web_process_writes_its_counts_together_every_few_seconds(
    client, make_venue, venue_index, monkeypatch, settings, no_page_cache
):
    """A list view is not a write: the counts of the views of a few seconds are added up in
    the process and written in one statement."""
    settings.USAGE_COUNTS_WRITE_SECONDS = 10
    make_venue()
    clock = Clock()
    monkeypatch.setattr(middleware, "pending_counts", store.PendingCounts(clock))
    url = venue_index.url + "?cp=57050&sans_rdv=1"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [query for query in queries if "guide_usagecount" in query["sql"]]
    assert counts() == {}
    clock.now += 10
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len([query for query in queries if "guide_usagecount" in query["sql"]]) == 1
    assert counts()[(Kind.SEARCH, "57050")] == 3
    assert counts()[(Kind.FILTER, "sans_rdv")] == 3


def test_a_web_process_writes_what_it_counted_before_it_stops(db):
    pending = store.PendingCounts()
    with override_settings(USAGE_COUNTS_WRITE_SECONDS=60):
        pending.add(TODAY, [(Kind.SEARCH, "57000"), (Kind.SEARCH, "57000")])
        pending.add(TODAY, [(Kind.SEARCH, "57000"), (Kind.NEED, "x")])
    assert counts() == {}
    pending.write_before_exit()
    assert counts() == {(Kind.SEARCH, "57000"): 2, (Kind.NEED, "x"): 1}
    pending.write_before_exit()  # nothing left: nothing counted twice
    assert counts() == {(Kind.SEARCH, "57000"): 2, (Kind.NEED, "x"): 1}


def test_increments_add_up_new_and_existing_rows_in_one_statement(db):
    add_counts(TODAY, [(Kind.SEARCH, "57000"), (Kind.FILTER, "gratuit")])
    with CaptureQueriesContext(connection) as queries:
        add_counts(TODAY, [(Kind.SEARCH, "57000"), (Kind.SEARCH, "57000"), (Kind.NEED, "x")])
    assert len(queries) == 1
    assert counts() == {
        (Kind.SEARCH, "57000"): 2,  # a request counts a key once
        (Kind.FILTER, "gratuit"): 1,
        (Kind.NEED, "x"): 1,
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_lose_no_increment():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race is PostgreSQL's")
    pairs = [(Kind.SEARCH, "57000"), (Kind.FILTER, "gratuit"), (Kind.NO_RESULT, "57000")]
    start = threading.Barrier(8)

    def request_many():
        start.wait()
        for number in range(25):
            add_counts(TODAY, pairs if number % 2 else list(reversed(pairs)))
        connection.close()

    threads = [threading.Thread(target=request_many) for _thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(counts().values()) == {200}


# The admin report


@pytest.fixture
def month_of_counts(need, territory):
    """A month of counts: 57070 often finds nothing, 57050 once, long ago."""
    rows = [
        (date(2026, 11, 23), Kind.NO_RESULT, "57070", 4),
        (date(2026, 11, 20), Kind.NO_RESULT, "57070", 3),
        (date(2026, 11, 1), Kind.NO_RESULT, "", 2),
        (date(2026, 6, 1), Kind.NO_RESULT, "57050", 9),
        (date(2026, 11, 22), Kind.SEARCH, "57070", 30),
        (date(2026, 11, 22), Kind.SEARCH, "", 20),
        (date(2026, 11, 22), Kind.NEED, need_key(need), 12),
        (date(2026, 11, 22), Kind.ORIENTATION, need_key(need), 5),
        (date(2026, 11, 22), Kind.FILTER, "public=seniors", 8),
        (date(2026, 11, 22), Kind.FILTER, f"territoire={territory.slug}", 6),
        (date(2026, 11, 22), Kind.FILTER, need_key(need), 3),
        (date(2026, 11, 22), Kind.FILTER, "gratuit", 2),
        (date(2026, 11, 22), Kind.FILTER, "niveau=2", 1),
        (date(2026, 11, 22), Kind.FILTER, "service=caf-rsa", 1),
    ]
    UsageCount.objects.bulk_create(
        UsageCount(day=day, kind=kind, key=key, count=count) for day, kind, key, count in rows
    )


def report_rows(client, query=""):
    response = client.get(REPORT_URL + query + ("&" if query else "?") + "export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    return [tuple(row.values()) for row in csv.DictReader(io.StringIO(content))]


@time_machine.travel(MONDAY, tick=False)
def test_report_lists_searches_without_result_first_with_readable_names(
    editor_client, month_of_counts
):
    response = editor_client.get(REPORT_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Statistiques de fréquentation" in html
    assert "9 recherches sans résultat sur 50 (18 %)" in html
    assert report_rows(editor_client) == [
        ("Recherches sans résultat, par code postal", M57070, "7"),
        ("Recherches sans résultat, par code postal", "Sans code postal", "2"),
        ("Recherches, par code postal", M57070, "30"),
        ("Recherches, par code postal", "Sans code postal", "20"),
        ("Besoins consultés", "Faire mes démarches en ligne", "12"),
        ("Orientations, par besoin", "Faire mes démarches en ligne", "5"),
        ("Filtres utilisés", "Public\u00a0: Seniors", "8"),
        ("Filtres utilisés", "Quartier ou commune\u00a0: Metz Sablon", "6"),
        ("Filtres utilisés", "Besoin\u00a0: Faire mes démarches en ligne", "3"),
        ("Filtres utilisés", "Gratuit", "2"),
        ("Filtres utilisés", "Niveau minimum\u00a0: ★★", "1"),
        (
            "Filtres utilisés",
            "Service précis\u00a0: Accéder à ses droits sociaux et les gérer (RSA, CAF)",
            "1",
        ),
    ]


@time_machine.travel(MONDAY, tick=False)
def test_report_filters_by_period_dates_and_kind(editor_client, month_of_counts):
    def no_results(query):
        return [
            row[1:]
            for row in report_rows(editor_client, query)
            if row[0].endswith("postal") and "sans résultat" in row[0]
        ]

    assert no_results("?period=7") == [(M57070, "7")]
    assert no_results("?period=365") == [(M57050, "9"), (M57070, "7"), ("Sans code postal", "2")]
    assert no_results("?dates_from=2026-11-21&dates_to=2026-11-23&period=7") == [(M57070, "4")]
    assert {row[0] for row in report_rows(editor_client, "?kind=besoin")} == {"Besoins consultés"}


@time_machine.travel(MONDAY, tick=False)
def test_report_exports_xlsx(editor_client, month_of_counts):
    response = editor_client.get(REPORT_URL + "?export=xlsx")
    assert response.status_code == 200
    assert "statistiques-frequentation-2026-11-23.xlsx" in response["Content-Disposition"]


def test_report_query_count_does_not_grow_with_rows(
    editor_client, month_of_counts, need, territory
):
    editor_client.get(REPORT_URL)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(REPORT_URL)
    add_counts(timezone.localdate(), [(Kind.FILTER, f"public={p}") for p in ("jeunes", "familles")])
    with CaptureQueriesContext(connection) as many:
        editor_client.get(REPORT_URL)
    assert len(many) == len(few) <= 20


@pytest.fixture
def editor_without_statistics(django_user_model, client):
    group = Group.objects.create(name="Éditeurs sans statistiques")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("redacteur", "r@example.org", "motdepasse")
    user.groups.add(group)
    client.force_login(user)
    return user


def test_report_is_for_administrators_and_those_given_the_permission(
    client, editor_without_statistics
):
    assert Client().get(REPORT_URL).status_code == 302  # to the login page
    denied = client.get(REPORT_URL)
    assert denied.status_code == 302 and denied["Location"] == "/admin/"
    assert REPORT_URL not in client.get("/admin/").content.decode()
    group = editor_without_statistics.groups.get()
    group.permissions.add(Permission.objects.get(codename="view_usagestatistics"))
    assert client.get(REPORT_URL).status_code == 200
    assert REPORT_URL in client.get("/admin/").content.decode()


def test_permission_can_be_given_in_the_group_editor(editor_client):
    group = Group.objects.create(name="Communication")
    html = editor_client.get(f"/admin/groups/edit/{group.pk}/").content.decode()
    assert "Peut voir les statistiques de fréquentation" in html


# Retention


def test_purge_keeps_25_months(db, capsys):
    for day in (date(2024, 10, 22), date(2024, 10, 23), date(2026, 11, 23)):
        UsageCount.objects.create(day=day, kind=Kind.SEARCH, key="", count=1)
    with time_machine.travel(MONDAY, tick=False):
        assert purge_usage_counts() == 1
        call_command("purge_usage_statistics")
    assert sorted(UsageCount.objects.values_list("day", flat=True)) == [
        date(2024, 10, 23),
        date(2026, 11, 23),
    ]
    assert "0 ligne supprimée" in capsys.readouterr().out
