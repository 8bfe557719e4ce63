"""schema.org data of venue pages, as search engines read it from the page's head."""

import json
import re
from datetime import date, datetime

import pytest
import time_machine

from guide.hours import PARIS, regular_week

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
ARMISTICE_WEEK = datetime(2026, 11, 10, 10, 0, tzinfo=PARIS)  # Wednesday 11 is a holiday
SCHEMA = "https://schema.org/"


def venue_data(client, venue):
    html = client.get(venue.url).content.decode()
    (data,) = [json.loads(found) for found in SCRIPT.findall(html)]
    return data


@pytest.fixture
def library(make_venue):
    return make_venue(
        title="Médiathèque Jean-Macé",
        code="S7",
        summary="Ateliers numériques et aide aux démarches en ligne.",
        typology=["BIB", "EPN"],
        address="2 rue de Cussy",
        address_complement="Bâtiment B",
        postcode="57000",
        commune="Metz",
        latitude=49.1087,
        longitude=6.2217,
        phone="03 87 55 53 33",
        emails="mediatheque@example.org, numerique@example.org",
        website="https://bm.example.org",
        other_websites="https://social.example/@mediatheque",
        parent_structure="Bibliothèques-Médiathèques de Metz",
        languages=["en", "lsf"],
        step_free=True,
        opening_hours="Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00",
        equipment=[("ordinateur", 6), ("wifi", None)],
        levels={"ordinateur": 3, "caf-rsa": 2, "permis": 1},
        closures=[(date(2026, 12, 24), date(2026, 12, 31), "Congés")],
    )


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_describes_the_place_its_contact_and_services(client, library):
    data = venue_data(client, library)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Library"
    assert data["name"] == "Médiathèque Jean-Macé"
    assert data["description"] == "Ateliers numériques et aide aux démarches en ligne."
    assert data["url"] == f"http://testserver{library.url}"
    assert data["branchCode"] == "S7"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "2 rue de Cussy, Bâtiment B",
        "postalCode": "57000",
        "addressLocality": "Metz",
        "addressCountry": "FR",
    }
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 49.1087, "longitude": 6.2217}
    assert data["telephone"] == "+33387555333"
    assert data["email"] == ["mediatheque@example.org", "numerique@example.org"]
    assert data["sameAs"] == ["https://bm.example.org", "https://social.example/@mediatheque"]
    assert data["knowsLanguage"] == ["fr", "en", "fsl"]
    assert data["isAccessibleForFree"] is True
    assert data["parentOrganization"] == {
        "@type": "Organization",
        "name": "Bibliothèques-Médiathèques de Metz",
    }
    assert [(feature["name"], feature["value"]) for feature in data["amenityFeature"]] == [
        ("Ordinateurs", 6),
        ("Wi-Fi", True),
        ("Accessible en fauteuil roulant", True),
    ]
    catalogues = data["hasOfferCatalog"]["itemListElement"]
    assert [catalogue["name"] for catalogue in catalogues] == [
        "Découvrir les usages de base du numérique",
        "Faire ses démarches en ligne",
    ]
    services = [
        (offer["itemOffered"]["name"], offer["itemOffered"]["description"])
        for offer in catalogues[1]["itemListElement"]
    ]
    assert services == [
        (
            "Accéder à ses droits sociaux et les gérer (RSA, CAF)",
            "Niveau d'expertise\u00a0: maîtrise",
        ),
        ("Permis et carte grise", "Niveau d'expertise\u00a0: basique"),
    ]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_opening_hours_are_one_specification_per_day_and_interval(client, library):
    specs = venue_data(client, library)["openingHoursSpecification"]
    hours = [
        (spec["dayOfWeek"].removeprefix(SCHEMA), spec["opens"], spec["closes"]) for spec in specs
    ]
    weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert hours == [
        *[
            (day, opens, closes)
            for day in weekdays
            for opens, closes in (("09:00", "12:00"), ("13:30", "17:00"))
        ],
        ("Saturday", "09:00", "12:00"),
    ]
    assert all(spec["@type"] == "OpeningHoursSpecification" for spec in specs)


@time_machine.travel(MONDAY_10AM, tick=False)
def test_upcoming_closures_are_special_opening_hours(client, library):
    (closure,) = venue_data(client, library)["specialOpeningHoursSpecification"]
    assert closure == {
        "@type": "OpeningHoursSpecification",
        "opens": "00:00",
        "closes": "00:00",
        "validFrom": "2026-12-24",
        "validThrough": "2026-12-31",
    }


@time_machine.travel(ARMISTICE_WEEK, tick=False)
def test_a_week_with_a_public_holiday_still_gives_the_regular_hours(client, make_venue):
    venue = make_venue(opening_hours="Mo-Fr 09:00-17:00")
    days = [spec["dayOfWeek"] for spec in venue_data(client, venue)["openingHoursSpecification"]]
    assert SCHEMA + "Wednesday" in days
    assert len(days) == 5


def test_regular_week_skips_weeks_with_a_public_holiday():
    week = regular_week("Mo-Fr 09:00-17:00", date(2026, 11, 11))
    assert [day.day for day in week][0] == date(2026, 11, 16)
    assert not any(day.is_closed for day in week[:5])


def test_regular_week_ignores_an_explicit_holiday_rule_on_ordinary_days():
    week = regular_week("Mo-Fr 10:00-12:00; PH off", date(2026, 5, 1))
    assert [len(day.intervals) for day in week] == [1, 1, 1, 1, 1, 0, 0]


@time_machine.travel(MONDAY_10AM, tick=False)
def test_evening_hours_to_midnight_close_at_23_59(client, make_venue):
    venue = make_venue(opening_hours="Fr 20:00-24:00")
    (spec,) = venue_data(client, venue)["openingHoursSpecification"]
    assert (spec["opens"], spec["closes"]) == ("20:00", "23:59")


@time_machine.travel(MONDAY_10AM, tick=False)
def test_public_offices_and_other_places_get_their_type(client, make_venue):
    france_services = make_venue(typology=["ASSO", "RFS"])
    social_centre = make_venue(typology=["CS"], fee="payant", opening_hours="")
    assert venue_data(client, france_services)["@type"] == "GovernmentOffice"
    data = venue_data(client, social_centre)
    assert data["@type"] == "LocalBusiness"
    assert "isAccessibleForFree" not in data
    assert "openingHoursSpecification" not in data


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_hostile_name_cannot_end_the_script_element(client, make_venue):
    hostile = '</script><script>alert("x")</script><!-- & Cie'
    venue = make_venue(title=hostile)
    html = client.get(venue.url).content.decode()
    assert "</script><script>alert" not in html
    assert "<!-- & Cie" not in html
    assert venue_data(client, venue)["name"] == hostile


@time_machine.travel(MONDAY_10AM, tick=False)
def test_json_ld_adds_no_query_to_the_venue_page(
    client, library, django_assert_max_num_queries, no_page_cache
):
    client.get(library.url)  # fills the menu cache
    with django_assert_max_num_queries(18):  # the count before the JSON-LD was added
        html = client.get(library.url).content.decode()
    assert "application/ld+json" in html
