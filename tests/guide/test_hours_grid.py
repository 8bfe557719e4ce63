"""The hours grid: its OpenStreetMap rules both ways, its reading in French, and the messages
of a mistyped rule."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from guide.hours import Schedule
from guide.hours_admin import DayInput, read_grid, why_off_grid
from guide.hours_grid import (
    DayHours,
    first_rule_off_grid,
    osm_to_week,
    read_week,
    week_to_osm,
    write_week,
)
from guide.hours_text import week_reading
from guide.validators import validate_opening_hours

MORNING = (time(8, 30), time(12))
AFTERNOON = (time(13, 30), time(17))
EVENING = (time(18), time(20))


def test_days_with_the_same_hours_share_one_rule_in_the_order_of_their_first_day():
    week = {day: DayHours((MORNING,)) for day in ("Mo", "Tu", "Th", "Fr")}
    week["We"] = DayHours((MORNING, AFTERNOON, EVENING))
    week["Sa"] = DayHours(by_appointment=True)
    week["Su"] = DayHours()
    text = write_week(week)
    assert text == (
        'Mo-Tu,Th-Fr 08:30-12:00; We 08:30-12:00,13:30-17:00,18:00-20:00; Sa off "sur rendez-vous"'
    )
    assert read_week(text) == {day: hours for day, hours in week.items() if day != "Su"}


def test_hours_by_appointment_keep_their_comment():
    week = {"Tu": DayHours((AFTERNOON,), by_appointment=True)}
    assert write_week(week) == 'Tu 13:30-17:00 "sur rendez-vous"'
    assert read_week('Tu 13:30-17:00 "sur rendez-vous"') == week


def test_a_day_by_appointment_only_is_closed_to_walk_in_visitors_with_the_reason():
    schedule = Schedule(write_week({"Mo": DayHours((MORNING,)), "Tu": DayHours((), True)}))
    tuesday = schedule.week(date(2026, 12, 7))[1]
    assert tuesday.is_closed and tuesday.comment == "sur rendez-vous"


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 09:00-12:00; PH off",
        "Mo 09:00-12:00,11:00-13:00",
        "Mo 08:00-09:00,10:00-11:00,12:00-13:00,14:00-15:00",
        "Mo 12:00-09:00",
        "Fr 20:00-24:00",
        "Jul-Aug Mo-Fr 09:00-12:00",
        'Mo 09:00-12:00 "fermé l\'été"',
    ],
)
def test_rules_the_grid_cannot_show_are_left_as_text(text):
    assert read_week(text) is None
    assert first_rule_off_grid(text) is not None


def test_the_declaration_form_keeps_its_two_periods():
    nine, noon, two, six = time(9), time(12), time(14), time(18)
    week = {day: [(nine, noon), (two, six)] for day in ("Mo", "Tu", "We", "Fr")}
    week["Sa"] = [(nine, noon)]
    text = week_to_osm(week)
    assert text == "Mo-We,Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"
    assert osm_to_week(text) == week
    assert osm_to_week("Mo-Fr 09:00-12:00; PH off") is None
    assert osm_to_week("Mo 09:00-12:00,13:00-14:00,15:00-16:00") is None
    assert osm_to_week('Mo off "sur rendez-vous"') is None
    assert osm_to_week("") == {}


def test_the_reading_groups_days_with_the_same_hours():
    week = {day: DayHours((MORNING,)) for day in ("Mo", "Tu", "Th", "Fr")}
    week["Sa"] = DayHours(((time(9), time(12)),), by_appointment=True)
    assert week_reading(week) == [
        "Lundi, mardi, jeudi, vendredi\u00a0: 8\u00a0h\u00a030 – 12\u00a0h",
        "Mercredi, dimanche\u00a0: fermé",
        "Samedi\u00a0: 9\u00a0h – 12\u00a0h, sur rendez-vous",
    ]


def test_the_reading_of_a_day_by_appointment_only_and_of_no_hours():
    assert (
        week_reading({"We": DayHours(by_appointment=True)})[1] == "Mercredi\u00a0: sur rendez-vous"
    )
    assert week_reading({}) == []


def typed(**days):
    return {day: DayInput(tuple(ranges)) for day, ranges in days.items()}


def test_a_typed_grid_accepts_usual_ways_of_writing_an_hour():
    week, problems = read_grid(typed(Mo=[("8h30", "12h"), ("", ""), ("14", "17:00")]))
    assert problems == []
    assert week["Mo"].spans == (MORNING, (time(14), time(17)))


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ([("09:00", "")], "Lundi, plage 1\u00a0: indiquez l'heure d'ouverture et de fermeture."),
        (
            [("12:00", "08:30")],
            "Lundi, plage 1\u00a0: l'heure de fermeture doit suivre l'ouverture.",
        ),
        ([("25:00", "26:00")], "Lundi, plage 1\u00a0: «\u00a025:00\u00a0» n'est pas une heure"),
        (
            [("09:00", "12:00"), ("11:00", "14:00")],
            "Lundi, plage 2\u00a0: elle commence avant la fin de la précédente.",
        ),
    ],
)
def test_a_typed_grid_names_the_day_and_range_at_fault(ranges, message):
    week, problems = read_grid(typed(Mo=ranges))
    assert [problem.message for problem in problems][0].startswith(message)


def test_why_the_grid_cannot_show_a_rule_is_said():
    reason = why_off_grid("Mo-Fr 09:00-12:00; PH 10:00-12:00")
    assert "«\u00a0PH 10:00-12:00\u00a0»" in reason and "jours fériés" in reason


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "Lundi au vendredi 8h30-12h",
            "La règle «\u00a0Lundi au vendredi 8h30-12h\u00a0» n'est pas comprise\u00a0: "
            "«\u00a0Lundi\u00a0» n'est pas un jour (écrivez Mo, Tu, We, Th, Fr, Sa, Su).",
        ),
        (
            "Mo-Fr 08:30-25:00",
            "La règle «\u00a0Mo-Fr 08:30-25:00\u00a0» n'est pas comprise\u00a0: "
            "«\u00a025:00\u00a0» n'est pas une heure possible (de 00:00 à 24:00).",
        ),
        (
            "Mo-Fr 08:30-12:00; Sa 9h-12h",
            "La règle «\u00a0Sa 9h-12h\u00a0» n'est pas comprise\u00a0: "
            "«\u00a09h\u00a0» n'est pas une heure",
        ),
        ("Mo 09:00-12:00;", "Une règle est vide"),
        ("Mo-Fr 09:00-12:00 13:00-17:00", "La règle «\u00a0Mo-Fr 09:00-12:00 13:00-17:00\u00a0»"),
    ],
)
def test_an_invalid_rule_is_named_with_the_word_at_fault(value, message):
    with pytest.raises(ValidationError) as error:
        validate_opening_hours(value)
    assert error.value.messages[0].startswith(message)
    assert "OpenStreetMap" in error.value.messages[0]


@pytest.mark.parametrize("value", ["Mo-Fr 09:00-12:00", "Fr 20:00-24:00", "24/7", "PH off"])
def test_valid_rules_pass(value):
    validate_opening_hours(value)
