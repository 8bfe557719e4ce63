"""The agenda: lists, filters, French dates, calendar files, JSON-LD, venue pages, admin."""

import json
import re
from datetime import date, datetime

import pytest
import time_machine
from icalendar import Calendar

from actualites.models import EventPage
from actualites.when import describe_when
from guide.hours import PARIS

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=PARIS)


def at(day, hour=0, minute=0):
    return datetime(*day, hour, minute, tzinfo=PARIS)


def text(response):
    return response.content.decode().replace("&#x27;", "'").replace("&#39;", "'")


def titles(response):
    return re.findall(r'class="event-card-title"><a href="[^"]+">([^<]+)</a>', text(response))


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        (
            at((2027, 1, 12), 14),
            at((2027, 1, 12), 16, 30),
            False,
            "mardi 12 janvier 2027, 14\u00a0h – 16\u00a0h\u00a030",
        ),
        (at((2027, 1, 12), 9, 5), None, False, "mardi 12 janvier 2027, 9\u00a0h\u00a005"),
        (at((2027, 3, 3)), at((2027, 3, 5)), True, "du 3 au 5 mars 2027"),
        (at((2027, 2, 27)), at((2027, 3, 2)), True, "du 27 février au 2 mars 2027"),
        (at((2026, 12, 30)), at((2027, 1, 2)), True, "du 30 décembre 2026 au 2 janvier 2027"),
        (at((2027, 1, 14)), None, True, "jeudi 14 janvier 2027, toute la journée"),
        (
            at((2027, 3, 3), 9),
            at((2027, 3, 4), 17),
            False,
            "du mercredi 3 mars 2027, 9\u00a0h au jeudi 4 mars 2027, 17\u00a0h",
        ),
    ],
)
def test_dates_are_written_in_french(start, end, all_day, expected):
    assert describe_when(start, end, all_day) == expected


@time_machine.travel(NOW, tick=False)
def test_agenda_lists_upcoming_soonest_first_and_past_newest_first(client, make_event):
    make_event(title="Fini hier", start=at((2027, 1, 9), 14), end=at((2027, 1, 9), 16))
    make_event(title="Dans un mois", start=at((2027, 2, 10), 14))
    make_event(title="En cours", start=at((2027, 1, 10), 10), end=at((2027, 1, 10), 17))
    make_event(title="Ce matin sans fin", start=at((2027, 1, 10), 9))
    make_event(title="Il y a un mois", start=at((2026, 12, 10), 14))
    make_event(title="Demain", start=at((2027, 1, 11), 14))
    assert titles(client.get("/agenda/")) == [
        "Ce matin sans fin",
        "En cours",
        "Demain",
        "Dans un mois",
    ]
    assert titles(client.get("/agenda/passes/")) == ["Fini hier", "Il y a un mois"]


@time_machine.travel(NOW, tick=False)
def test_event_card_says_when_where_price_and_registration(client, make_event, make_venue):
    venue = make_venue(title="Médiathèque du Sablon")
    make_event(
        title="Atelier smartphone",
        start=at((2027, 1, 12), 14),
        end=at((2027, 1, 12), 16, 30),
        venue=venue,
        place_name="",
        address="",
        registration=EventPage.Registration.REQUIRED,
        registration_phone="03 87 55 55 55",
    )
    html = text(client.get("/agenda/"))
    assert "Mardi 12 janvier 2027, 14\u00a0h – 16\u00a0h\u00a030" in html
    assert f'<a href="{venue.url}">Médiathèque du Sablon</a>' in html
    assert "Gratuit · Sur inscription" in html


@time_machine.travel(NOW, tick=False)
def test_filter_by_month_and_theme_and_notes_for_bad_values(client, make_event, topics):
    make_event(title="Janvier", start=at((2027, 1, 20), 10), topics=[topics["ateliers"]])
    make_event(title="Février", start=at((2027, 2, 3), 10), topics=[topics["ateliers"]])
    make_event(title="Autre thème", start=at((2027, 2, 4), 10), topics=[topics["demarches"]])
    make_event(
        title="Fin janvier à début février",
        start=at((2027, 1, 30)),
        end=at((2027, 2, 2)),
        all_day=True,
    )
    february = client.get("/agenda/?mois=2027-02")
    assert titles(february) == ["Fin janvier à début février", "Février", "Autre thème"]
    assert '<option value="2027-02" selected>Février 2027</option>' in text(february)
    assert titles(client.get("/agenda/?mois=2027-02&theme=ateliers")) == ["Février"]
    wrong = client.get("/agenda/?mois=2027-13&theme=nulle-part")
    assert len(titles(wrong)) == 4
    assert "«\u00a02027-13\u00a0» n'est pas un mois reconnu" in text(wrong)
    assert "Le thème «\u00a0nulle-part\u00a0» n'existe pas" in text(wrong)
    last_month_of_python = client.get("/agenda/?mois=9999-12")
    assert last_month_of_python.status_code == 200
    assert "«\u00a09999-12\u00a0» n'est pas un mois reconnu" in text(last_month_of_python)


@time_machine.travel(NOW, tick=False)
def test_past_events_are_paginated_and_links_keep_filters(client, make_event):
    for day in range(1, 13):
        make_event(title=f"Passé {day}", start=at((2026, 12, day), 10))
    first = client.get("/agenda/passes/?mois=2026-12")
    assert len(titles(first)) == 10
    assert 'href="?mois=2026-12&amp;page=2"' in text(first)
    assert titles(client.get("/agenda/passes/?mois=2026-12&page=2")) == ["Passé 2", "Passé 1"]


@time_machine.travel(NOW, tick=False)
def test_agenda_queries_stay_bounded(
    client, make_event, make_venue, topics, django_assert_max_num_queries, no_page_cache
):
    venue = make_venue()
    for day in range(2):
        make_event(start=at((2027, 2, day + 1), 10), venue=venue, topics=[topics["ateliers"]])
    client.get("/agenda/")
    with django_assert_max_num_queries(16) as few:
        client.get("/agenda/")
    few_events_queries = len(few)
    for day in range(8):
        make_event(start=at((2027, 3, day + 1), 10), venue=venue, topics=list(topics.values()))
    client.get("/agenda/")  # publishing emptied the shared caches (menu, topics, footer)
    with django_assert_max_num_queries(few_events_queries):
        client.get("/agenda/")


@pytest.fixture
def workshop(make_event, make_venue, topics):
    venue = make_venue(title="Centre social Pioche", address="13 rue Pioche", postcode="57050")
    return make_event(
        title="Atelier « démarches » & CAF",
        slug="atelier-caf",
        summary="Créer son compte CAF </script> pas à pas.",
        start=at((2027, 1, 12), 14),
        end=at((2027, 1, 12), 16, 30),
        venue=venue,
        place_name="",
        address="",
        online_url="https://visio.example.org/caf",
        audience="Tout public",
        price="5 € la séance",
        registration=EventPage.Registration.REQUIRED,
        registration_url="https://example.org/inscription",
        capacity_note="12 places",
        topics=[topics["demarches"]],
    )


@time_machine.travel(NOW, tick=False)
def test_event_page_shows_every_practical_detail(
    client, workshop, django_assert_max_num_queries, no_page_cache
):
    client.get(workshop.url)
    with django_assert_max_num_queries(16):
        response = client.get(workshop.url)
    html = text(response)
    assert "Mardi 12 janvier 2027, 14\u00a0h – 16\u00a0h\u00a030" in html
    assert "Centre social Pioche</a><br>13 rue Pioche<br>57050 Metz" in html
    assert "Suivre en direct en ligne" in html
    assert "Tout public" in html and "5 € la séance" in html and "12 places" in html
    assert re.search(r'Sur inscription\u00a0:\s+<a href="https://example.org/inscription">', html)
    assert 'href="/agenda/atelier-caf/evenement.ics"' in html
    assert '<a href="/agenda/?theme=demarches">Démarches en ligne</a>' in html


@time_machine.travel(NOW, tick=False)
def test_event_page_holds_schema_org_event_json_ld(client, workshop):
    html = client.get(workshop.url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "</script" not in script
    data = json.loads(script)
    assert data["@type"] == "Event"
    assert data["name"] == "Atelier « démarches » & CAF"
    assert data["startDate"] == "2027-01-12T14:00:00+01:00"
    assert data["endDate"] == "2027-01-12T16:30:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "57050"
    assert virtual == {"@type": "VirtualLocation", "url": "https://visio.example.org/caf"}
    assert data["offers"]["price"] == "5" and data["offers"]["priceCurrency"] == "EUR"
    assert data["url"] == "http://testserver/agenda/atelier-caf/"


def test_free_online_event_json_ld(client, make_event):
    event = make_event(
        start=at((2021, 8, 26), 12, 45),
        place_name="",
        address="",
        postcode="",
        commune="",
        online_url="https://example.org/direct",
    )
    html = client.get(event.url).content.decode()
    data = json.loads(re.search(r'"application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["offers"]["price"] == "0"


def read_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@time_machine.travel(NOW, tick=False)
def test_event_calendar_file_reads_back_in_paris_time(client, workshop):
    calendar = read_calendar(client.get("/agenda/atelier-caf/evenement.ics"))
    (event,) = calendar.events
    assert event.start == at((2027, 1, 12), 14)
    assert str(event.start.tzinfo) == "Europe/Paris"
    assert event.end == at((2027, 1, 12), 16, 30)
    assert event["SUMMARY"] == "Atelier « démarches » & CAF"
    assert event["LOCATION"] == "Centre social Pioche, 13 rue Pioche, 57050 Metz"
    assert event["URL"] == "http://testserver/agenda/atelier-caf/"
    assert "Sur inscription" in event["DESCRIPTION"]
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Paris"]
    again = read_calendar(client.get("/agenda/atelier-caf/evenement.ics")).events[0]
    assert again["UID"] == event["UID"]


@time_machine.travel(NOW, tick=False)
def test_all_day_event_uses_dates_with_exclusive_end(client, make_event):
    event = make_event(slug="forum", start=at((2027, 3, 3)), end=at((2027, 3, 5)), all_day=True)
    (component,) = read_calendar(client.get(f"{event.url}evenement.ics")).events
    assert component.start == date(2027, 3, 3)
    assert component.end == date(2027, 3, 6)


@time_machine.travel(NOW, tick=False)
def test_agenda_feed_holds_upcoming_events_only(client, make_event):
    make_event(title="Passé", start=at((2027, 1, 2), 10))
    make_event(title="Bientôt", start=at((2027, 1, 20), 10))
    calendar = read_calendar(client.get("/agenda/agenda.ics"))
    assert [str(event["SUMMARY"]) for event in calendar.events] == ["Bientôt"]
    assert "agenda.ics" in text(client.get("/agenda/"))


def test_agenda_links_its_calendar_at_the_address_that_serves_it(client, event_index):
    page = client.get("/agenda/").content.decode()
    assert 'href="/agenda/agenda.ics"' in page
    assert "agenda.ics/" not in page
    assert client.get("/agenda/agenda.ics").status_code == 200


def test_a_page_file_asked_with_a_final_slash_redirects_to_it(client, event_index):
    response = client.get("/agenda/agenda.ics/?theme=x")
    assert response.status_code == 301
    assert response["Location"] == "/agenda/agenda.ics?theme=x"


@time_machine.travel(NOW, tick=False)
def test_venue_page_lists_its_next_three_events(
    client, make_event, make_venue, django_assert_max_num_queries, no_page_cache
):
    venue = make_venue()
    make_event(title="Passé", venue=venue, start=at((2027, 1, 2), 10))
    for day in range(4):
        make_event(title=f"Le {day + 11}", venue=venue, start=at((2027, 1, day + 11), 10))
    make_event(title="Ailleurs", start=at((2027, 1, 11), 9))
    html = text(client.get(venue.url))
    assert "Prochains événements dans ce lieu" in html
    assert re.findall(r'event-card-title"><a href="[^"]+">([^<]+)<', html) == [
        "Le 11",
        "Le 12",
        "Le 13",
    ]


def test_an_event_leaves_its_venue_page_when_it_ends_the_same_day(
    client, make_event, make_venue, no_page_cache
):
    """The day's events are read once a day; the minutes after an end still leave it out."""
    venue = make_venue()
    make_event(
        title="Atelier du matin", venue=venue, start=at((2027, 1, 10), 9), end=at((2027, 1, 10), 11)
    )
    make_event(title="Le 12", venue=venue, start=at((2027, 1, 12), 10))
    titles = re.compile(r'event-card-title"><a href="[^"]+">([^<]+)<')
    with time_machine.travel(at((2027, 1, 10), 10, 59), tick=False):
        assert titles.findall(text(client.get(venue.url))) == ["Atelier du matin", "Le 12"]
    with time_machine.travel(at((2027, 1, 10), 11, 1), tick=False):
        assert titles.findall(text(client.get(venue.url))) == ["Le 12"]


def admin_form(**fields):
    form = {
        "title": "Atelier tablette",
        "slug": "atelier-tablette",
        "start": "2027-01-12 14:00",
        "end": "2027-01-12 12:00",
        "status": "prevu",
        "summary": "Découvrir sa tablette.",
        "registration": "inscription",
        "body-count": "0",
        "topics-TOTAL_FORMS": "0",
        "topics-INITIAL_FORMS": "0",
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    form.update(fields)
    return form


def test_editor_creates_an_event_with_french_validation_messages(editor_client, event_index):
    url = f"/admin/pages/add/actualites/eventpage/{event_index.pk}/"
    refused = editor_client.post(url, admin_form())
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert errors["end"] == ["La fin doit venir après le début."]
    assert errors["registration_url"] == [
        "Sur inscription\u00a0: indiquez un lien ou un téléphone pour s'inscrire."
    ]
    assert errors["venue"][0].startswith("Indiquez où a lieu l'événement")
    assert not EventPage.objects.exists()

    accepted = editor_client.post(
        url,
        admin_form(end="2027-01-12 16:30", registration_phone="0387000000", place_name="Mairie"),
    )
    assert accepted.status_code == 302
    event = EventPage.objects.get()
    assert event.live and event.start == at((2027, 1, 12), 14)
