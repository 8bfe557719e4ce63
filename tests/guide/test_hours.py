"""Opening hours evaluated at frozen moments (Europe/Paris)."""

from datetime import date, datetime

import pytest

from guide.hours import PARIS, Closure, Schedule

WEEKDAYS_WITH_LUNCH = "Mo-Fr 09:00-12:00,13:30-17:00"


def at(*args):
    return datetime(*args, tzinfo=PARIS)


def test_open_in_the_morning_and_closes_at_noon():
    state = Schedule(WEEKDAYS_WITH_LUNCH).state(at(2026, 11, 23, 10, 0))
    assert state.is_open
    assert state.next_change == at(2026, 11, 23, 12, 0)


def test_lunch_break_is_closed_and_reopens_after():
    state = Schedule(WEEKDAYS_WITH_LUNCH).state(at(2026, 11, 23, 12, 30))
    assert not state.is_open
    assert state.next_change == at(2026, 11, 23, 13, 30)


def test_friday_evening_reopens_on_monday():
    state = Schedule(WEEKDAYS_WITH_LUNCH).state(at(2026, 11, 27, 18, 0))
    assert not state.is_open
    assert state.next_change == at(2026, 11, 30, 9, 0)


def test_public_holiday_is_closed_without_a_ph_rule():
    schedule = Schedule(WEEKDAYS_WITH_LUNCH)
    armistice = at(2026, 11, 11, 10, 0)  # a Wednesday
    assert not schedule.state(armistice).is_open
    assert schedule.state(armistice).next_change == at(2026, 11, 12, 9, 0)
    assert schedule.day(date(2026, 11, 11)).comment == "Armistice"


def test_explicit_ph_rule_is_respected():
    schedule = Schedule("Mo-Fr 09:00-17:00; PH 10:00-12:00")
    assert schedule.state(at(2026, 11, 11, 11, 0)).is_open
    assert not schedule.state(at(2026, 11, 11, 15, 0)).is_open


def test_alsace_moselle_good_friday_closes_metz_but_not_bordeaux():
    good_friday = at(2026, 4, 3, 10, 0)
    assert (
        not Schedule(WEEKDAYS_WITH_LUNCH, postcode="57000", around=good_friday)
        .state(good_friday)
        .is_open
    )
    assert (
        Schedule(WEEKDAYS_WITH_LUNCH, postcode="33300", around=good_friday)
        .state(good_friday)
        .is_open
    )


def test_closure_range_closes_with_its_reason_and_reopens_after_the_weekend():
    closure = Closure(date(2026, 12, 21), date(2026, 12, 31), "Congés de fin d'année")
    schedule = Schedule(WEEKDAYS_WITH_LUNCH, [closure])
    state = schedule.state(at(2026, 12, 22, 10, 0))
    assert not state.is_open
    assert state.comment == "Congés de fin d'année"
    # 1 January is a holiday, 2-3 January 2027 a week-end.
    assert state.next_change == at(2027, 1, 4, 9, 0)
    assert schedule.day(date(2026, 12, 22)).comment == "Congés de fin d'année"


def test_single_day_closure_with_quotes_in_reason():
    schedule = Schedule(
        WEEKDAYS_WITH_LUNCH, [Closure(date(2026, 11, 24), date(2026, 11, 24), 'Fête "interne"')]
    )
    assert not schedule.state(at(2026, 11, 24, 10, 0)).is_open
    assert schedule.state(at(2026, 11, 25, 10, 0)).is_open


def test_hours_after_midnight_belong_to_the_previous_evening():
    schedule = Schedule("Fr-Sa 20:00-02:00")
    state = schedule.state(at(2026, 11, 28, 1, 0))  # Saturday 1 am, Friday's evening
    assert state.is_open
    assert state.next_change == at(2026, 11, 28, 2, 0)
    assert not schedule.state(at(2026, 11, 26, 1, 0)).is_open  # Thursday 1 am


def test_dst_spring_forward_keeps_wall_clock_hours():
    schedule = Schedule("Mo-Su 01:00-04:00")
    # 29 March 2026: clocks jump from 02:00 to 03:00 in Paris.
    state = schedule.state(at(2026, 3, 29, 3, 30))
    assert state.is_open
    assert state.next_change.hour == 4
    assert not schedule.state(at(2026, 3, 29, 5, 0)).is_open


def test_dst_autumn_back_closes_at_local_time():
    schedule = Schedule("Mo-Fr 09:00-17:00")
    # 25 October 2026 (Sunday) clocks go back; on Monday 26 the opening is still 9 h local.
    state = schedule.state(at(2026, 10, 25, 12, 0))
    assert state.next_change == at(2026, 10, 26, 9, 0)
    assert state.next_change.utcoffset().total_seconds() == 3600


def test_week_table_starts_on_monday_with_lunch_break():
    week = Schedule(WEEKDAYS_WITH_LUNCH).week(date(2026, 11, 25))
    assert [day.day for day in week][0] == date(2026, 11, 23)
    assert len(week) == 7
    monday = week[0]
    assert [(i.start.hour, i.start.minute, i.end.hour) for i in monday.intervals] == [
        (9, 0, 12),
        (13, 30, 17),
    ]
    assert week[5].is_closed and week[6].is_closed


def test_missing_hours_are_unknown_not_closed():
    state = Schedule("").state(at(2026, 11, 23, 10, 0))
    assert not state.is_known
    assert Schedule("").week(date(2026, 11, 23)) == []


@pytest.mark.parametrize("expression", ["Lu 9h-12h", "Mo 25:00-26:00", "lundi matin"])
def test_invalid_expressions_are_rejected(expression):
    from django.core.exceptions import ValidationError

    from guide.validators import validate_opening_hours

    with pytest.raises(ValidationError) as error:
        validate_opening_hours(expression)
    assert "OpenStreetMap" in str(error.value)
