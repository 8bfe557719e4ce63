"""Opening hours: from OpenStreetMap ``opening_hours`` text to "open now" and a week table.

Pure code (no Django) so it is fast to test with frozen times. Parsing and evaluation are done
by the opening-hours-py library; this module only builds the effective expression (the venue's
regular hours, then French public holidays, then exceptional closures, later rules overriding
earlier ones) and shapes the answers the pages need.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays
import opening_hours

PARIS = ZoneInfo("Europe/Paris")

# Alsace-Moselle keeps two extra public holidays (Good Friday, 26 December) that the national
# calendar used by opening-hours-py does not know.
LOCAL_LAW_DEPARTMENTS = ("57", "67", "68")
FRENCH_HOLIDAYS = holidays.France()
MAX_LOOKAHEAD_DAYS = 366
# May has public holidays in up to three weeks in a row; a fourth always comes clear.
MAX_WEEKS_TO_A_REGULAR_ONE = 8
# Parsed timetables a web process keeps: a city's places share a few hundred at most.
SHARED_SCHEDULES = 4096


@dataclass(frozen=True)
class Closure:
    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class DaySchedule:
    day: date
    intervals: tuple  # of Interval, open periods only
    # Reason of a closure or holiday, or the rule's word on open hours ("sur rendez-vous").
    comment: str

    @property
    def is_closed(self):
        return not self.intervals


@dataclass(frozen=True)
class OpenState:
    is_open: bool
    is_known: bool
    next_change: datetime | None
    comment: str


def _osm_date(day):
    return f"{day.year} {day.strftime('%b')} {day.day:02d}"


def _comment(text):
    return text.replace('"', "'").strip()


def _closure_rule(closure):
    span = _osm_date(closure.start)
    if closure.end > closure.start:
        span += "-" + _osm_date(closure.end)
    reason = _comment(closure.reason)
    return f'{span} off "{reason}"' if reason else f"{span} off"


def holiday_zone(postcode):
    """The department whose local public holidays apply at ``postcode`` (Alsace-Moselle), or
    None where only the national ones do."""
    if postcode and postcode[:2] in LOCAL_LAW_DEPARTMENTS:
        return postcode[:2]
    return None


def _local_holiday_rules(postcode, around):
    zone = holiday_zone(postcode)
    if zone is None:
        return []
    return list(_local_holiday_rules_for(zone, around.year))


@cache
def _local_holiday_rules_for(department, year):
    years = range(year - 1, year + 2)
    national = holidays.France(years=years)
    local = holidays.France(subdiv=department, years=years)
    return tuple(
        f'{_osm_date(day)} off "{_comment(name)}"'
        for day, name in sorted(local.items())
        if day not in national
    )


class Schedule:
    """The effective opening hours of one venue."""

    def __init__(self, expression, closures=(), postcode="", around=None):
        self.expression = (expression or "").strip()
        rules = [self.expression] if self.expression else []
        if rules and "PH" not in self.expression:
            rules.append("PH off")
            rules.extend(_local_holiday_rules(postcode, around or datetime.now(PARIS)))
        rules.extend(_closure_rule(closure) for closure in closures)
        self._hours = (
            opening_hours.OpeningHours("; ".join(rules), timezone=PARIS, country="FR")
            if self.expression
            else None
        )

    def state(self, moment):
        if not self._hours:
            return OpenState(is_open=False, is_known=False, next_change=None, comment="")
        moment = moment.astimezone(PARIS)
        state, comment = self._hours.state(moment)
        is_open = state == opening_hours.State.OPEN
        return OpenState(
            is_open=is_open,
            is_known=state != opening_hours.State.UNKNOWN,
            next_change=self._next_switch(moment, is_open),
            comment=comment or "",
        )

    def _next_switch(self, moment, is_open):
        """When the venue next opens (or closes), skipping changes of rule that keep the state.

        The library's own ``next_change`` also stops where only a comment changes, e.g. at the
        end of a closure that is followed by a week-end.
        """
        horizon = moment + timedelta(days=MAX_LOOKAHEAD_DAYS)
        for begin, _end, state, _comment in self._hours.intervals(moment, horizon):
            if (state == opening_hours.State.OPEN) != is_open:
                return begin
        return None

    def day(self, day):
        start = datetime.combine(day, time.min, tzinfo=PARIS)
        end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=PARIS)
        intervals, comments = [], []
        for begin, finish, state, comment in self._hours.intervals(start, end):
            if state == opening_hours.State.OPEN:
                intervals.append(Interval(begin, finish))
            if comment and comment not in comments:
                comments.append(comment)
        if not intervals and not comments and day in FRENCH_HOLIDAYS:
            comments.append(FRENCH_HOLIDAYS.get(day))
        return DaySchedule(day=day, intervals=tuple(intervals), comment=" ; ".join(comments))

    def week(self, any_day):
        """The seven days, Monday first, of the week containing ``any_day``."""
        if not self._hours:
            return []
        monday = any_day - timedelta(days=any_day.weekday())
        return [self.day(monday + timedelta(days=offset)) for offset in range(7)]


def shared_schedule(expression, closures=(), postcode="", around=None):
    """The same as ``Schedule(...)``, parsed once per process and timetable.

    Parsing is most of the cost of an open state, and lists read the states of hundreds of
    places that share few timetables. A schedule depends on its hours, closures, holiday zone
    and year only, and is never changed once built.
    """
    year = (around or datetime.now(PARIS)).year
    return _parsed_schedule(
        (expression or "").strip(), tuple(closures), holiday_zone(postcode), year
    )


@lru_cache(maxsize=SHARED_SCHEDULES)
def _parsed_schedule(expression, closures, zone, year):
    return Schedule(expression, closures, zone or "", datetime(year, 7, 1, tzinfo=PARIS))


def state_in_minute(schedule, moment):
    """``schedule.state(moment)``, shared by every moment of the same minute: hours change on
    the minute, and a list asks for the same timetables' states request after request."""
    return _state_in_minute(schedule, moment.replace(second=0, microsecond=0))


@lru_cache(maxsize=SHARED_SCHEDULES)
def _state_in_minute(schedule, minute):
    return schedule.state(minute)


@lru_cache(maxsize=SHARED_SCHEDULES)
def day_of(schedule, day):
    """``schedule.day(day)``, shared like ``state_in_minute``: a list shows today's hours of
    places that keep a few common timetables."""
    return schedule.day(day)


def regular_week(expression, any_day):
    """The seven days, Monday first, of the first week from ``any_day``'s without a national
    public holiday, and without exceptional closures: the venue's usual hours, as directories
    such as schema.org's ``openingHoursSpecification`` describe them.

    Seasonal rules (``Jul-Aug``…) give the hours of that week's season.
    """
    schedule = Schedule(expression)
    monday = any_day - timedelta(days=any_day.weekday())
    for _attempt in range(MAX_WEEKS_TO_A_REGULAR_ONE):
        if not any(monday + timedelta(days=offset) in FRENCH_HOLIDAYS for offset in range(7)):
            break
        monday += timedelta(weeks=1)
    return schedule.week(monday)
