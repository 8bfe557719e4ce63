"""A timetable's usual week in figures: hours open, after 18 h, on Saturday, and which hours.

The diagnosis counts a place's *regular* week (``guide.hours.regular_week``: the first week
without a public holiday, closures left out): the offer a resident can count on. Places share
few timetables, so each one is read once per process and week. Pure code, no Django.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import lru_cache

from guide.hours import regular_week

EVENING = time(18, 0)
SATURDAY = 5
# The hours the "nothing open" grid looks at: a working day from 8 h to 20 h, Monday to Saturday.
GRID_HOURS = range(8, 20)
GRID_DAYS = range(6)
TIMETABLES_KEPT = 4096


@dataclass(frozen=True)
class WeekFigures:
    hours: float = 0.0
    evening_hours: float = 0.0  # after 18 h
    saturday_hours: float = 0.0
    outside_office_hours: float = 0.0  # after 18 h or on Saturday, each hour counted once
    open_slots: frozenset = frozenset()  # (weekday, hour) open at least part of that hour


NO_HOURS = WeekFigures()


def _hours(start, end):
    return max(0.0, (end - start).total_seconds() / 3600)


@lru_cache(maxsize=TIMETABLES_KEPT)
def week_figures(expression, any_day):
    """The figures of ``expression``'s regular week from ``any_day``'s."""
    if not expression:
        return NO_HOURS
    hours = evening = saturday = outside = 0.0
    slots = set()
    for day in regular_week(expression, any_day):
        for interval in day.intervals:
            length = _hours(interval.start, interval.end)
            evening_start = datetime.combine(day.day, EVENING, tzinfo=interval.start.tzinfo)
            after_six = _hours(max(interval.start, evening_start), interval.end)
            hours += length
            evening += after_six
            if day.day.weekday() == SATURDAY:
                saturday += length
                outside += length
            else:
                outside += after_six
            slots.update(_slots(day.day.weekday(), interval))
    return WeekFigures(hours, evening, saturday, outside, frozenset(slots))


def _slots(weekday, interval):
    """The (weekday, hour) pairs ``interval`` covers, at least in part, on its own day."""
    hour = interval.start.replace(minute=0, second=0, microsecond=0)
    while hour < interval.end and hour.date() == interval.start.date():
        yield weekday, hour.hour
        hour += timedelta(hours=1)


def closed_slots(open_slots):
    """{weekday: [(first hour, end hour)…]} of the grid's hours when nothing is open."""
    closed = {}
    for weekday in GRID_DAYS:
        runs = []
        for hour in GRID_HOURS:
            if (weekday, hour) in open_slots:
                continue
            if runs and runs[-1][1] == hour:
                runs[-1][1] = hour + 1
            else:
                runs.append([hour, hour + 1])
        if runs:
            closed[weekday] = [tuple(run) for run in runs]
    return closed
