"""A week of opening hours as a grid (one row per weekday) and its OpenStreetMap syntax.

Editors and declarants rarely know the ``opening_hours`` syntax: the admin's widget and the
public declaration form show one row per weekday with its time ranges, and this module writes
the rules for them. Reading goes the other way only for the rules a grid can show (days, time
ranges, "sur rendez-vous"); anything else (public holidays, weeks, months…) stays as text.

A day by appointment only is written ``Tu off "sur rendez-vous"``: ``guide.hours`` then counts
it as closed to walk-in visitors and the pages show "Fermé — sur rendez-vous". Hours by
appointment are ``Tu 14:00-17:00 "sur rendez-vous"``. Pure code, no Django.
"""

import re
from dataclasses import dataclass
from datetime import time

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
PERIODS = ("am", "pm")
RANGES_PER_DAY = 3  # the admin's grid: morning, afternoon and one more
APPOINTMENT = "sur rendez-vous"

_TIME = r"[0-9]{2}:[0-9]{2}"
_SPAN = rf"{_TIME}-{_TIME}"
_DAY_RANGE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
_RULE = re.compile(
    rf"^(?P<days>{_DAY_RANGE}(?:,{_DAY_RANGE})*) "
    rf"(?:(?P<off>off)|(?P<spans>{_SPAN}(?:,{_SPAN})*))"
    rf'(?: "(?P<comment>{APPOINTMENT})")?$'
)


@dataclass(frozen=True)
class DayHours:
    """One day of the grid: its time ranges, in order, and whether one comes by appointment."""

    spans: tuple = ()  # of (time, time)
    by_appointment: bool = False

    @property
    def is_closed(self):
        return not self.spans and not self.by_appointment


def _clock(moment):
    return moment.strftime("%H:%M")


def _day_spec(days):
    """'Mo-We,Fr' for Monday, Tuesday, Wednesday and Friday: runs of consecutive days."""
    indexes = sorted(DAYS.index(day) for day in days)
    runs = []
    for index in indexes:
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return ",".join(
        DAYS[first] if first == last else f"{DAYS[first]}-{DAYS[last]}" for first, last in runs
    )


def _rule(days, hours):
    spec = _day_spec(days)
    if not hours.spans:
        return f'{spec} off "{APPOINTMENT}"'
    times = ",".join(f"{_clock(start)}-{_clock(end)}" for start, end in hours.spans)
    return f'{spec} {times} "{APPOINTMENT}"' if hours.by_appointment else f"{spec} {times}"


def write_week(week):
    """``{"Mo": DayHours(…), …}`` → "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00".

    Days with the same hours share one rule, in the order of their first day; closed days are
    left out (a day without a rule is closed).
    """
    days_by_hours = {}
    for day in DAYS:
        hours = week.get(day, DayHours())
        if not hours.is_closed:
            days_by_hours.setdefault(hours, []).append(day)
    return "; ".join(_rule(days, hours) for hours, days in days_by_hours.items())


def _days_in(spec):
    days = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        start, end = DAYS.index(first), DAYS.index(last or first)
        if end < start:
            return None
        days.extend(DAYS[start : end + 1])
    return days


def _spans_in(text):
    """The time ranges of a rule, in order and apart; None if the grid cannot show them."""
    spans = []
    if text.count(",") >= RANGES_PER_DAY:
        return None
    for part in text.split(","):
        start_hour, start_minute, end_hour, end_minute = (int(n) for n in re.findall(r"\d+", part))
        if max(start_hour, end_hour) > 23 or max(start_minute, end_minute) > 59:
            return None
        start, end = time(start_hour, start_minute), time(end_hour, end_minute)
        if start >= end or (spans and start < spans[-1][1]):
            return None
        spans.append((start, end))
    return tuple(spans)


def _read_rule(rule):
    """(days, DayHours) of one rule, None if the grid cannot show it."""
    match = _RULE.match(rule)
    days = match and _days_in(match.group("days"))
    if not days:
        return None
    by_appointment = bool(match.group("comment"))
    if match.group("off"):
        return days, DayHours(by_appointment=by_appointment)
    spans = _spans_in(match.group("spans"))
    return (days, DayHours(spans, by_appointment)) if spans else None


def rules_of(text):
    return [rule for rule in (part.strip() for part in (text or "").split(";")) if rule]


def first_rule_off_grid(text):
    """The first rule of ``text`` that the grid cannot show, None if it shows them all."""
    return next((rule for rule in rules_of(text) if _read_rule(rule) is None), None)


def read_week(text):
    """The grid of ``text``, ``{"Mo": DayHours(…), …}`` (closed days left out), or None."""
    week = {}
    for rule in rules_of(text):
        read = _read_rule(rule)
        if read is None:
            return None
        days, hours = read
        for day in days:
            week[day] = hours
    return {day: hours for day, hours in week.items() if not hours.is_closed}


def week_to_osm(week):
    """``{"Mo": [(time, time), …], …}`` → the rules: the declaration form's two periods a day."""
    return write_week({day: DayHours(tuple(spans)) for day, spans in week.items()})


def osm_to_week(text):
    """The declaration form's grid (at most two periods a day, no appointment), or None."""
    week = read_week(text)
    if week is None or any(h.by_appointment or len(h.spans) > 2 for h in week.values()):
        return None
    return {day: list(hours.spans) for day, hours in week.items()}


def grid_periods(spans):
    """Which grid periods a day's spans fill: {"am": span, "pm": span}."""
    if len(spans) == 2:
        return dict(zip(PERIODS, spans, strict=True))
    start, _end = spans[0]
    return {"pm" if start >= time(12, 0) else "am": spans[0]}
