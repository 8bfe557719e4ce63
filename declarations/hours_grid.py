"""A week of opening hours as a grid (two periods a day) and its OpenStreetMap syntax.

Declarants rarely know the ``opening_hours`` syntax: the form shows one row per weekday with a
morning and an afternoon, and this module writes the rules for them. Reading goes the other way
only for the simple rules the grid can show, so a proposed change starts from the venue's hours.
"""

import re
from datetime import time

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
PERIODS = ("am", "pm")

_SPAN = r"([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})"
_DAY_RANGE = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?"
_RULE = re.compile(rf"^({_DAY_RANGE}(?:,{_DAY_RANGE})*) ({_SPAN}(?:,{_SPAN})?)$")


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


def week_to_osm(week):
    """``{"Mo": [(time, time), …], …}`` → "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00".

    Days with the same periods share one rule, in the order of their first day.
    """
    days_by_spans = {}
    for day in DAYS:
        spans = tuple(week.get(day, ()))
        if spans:
            days_by_spans.setdefault(spans, []).append(day)
    rules = []
    for spans, days in days_by_spans.items():
        times = ",".join(f"{_clock(start)}-{_clock(end)}" for start, end in spans)
        rules.append(f"{_day_spec(days)} {times}")
    return "; ".join(rules)


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
    spans = []
    for part in text.split(","):
        numbers = [int(number) for number in re.findall(r"[0-9]+", part)]
        start_hour, start_minute, end_hour, end_minute = numbers
        if max(start_hour, end_hour) > 23 or max(start_minute, end_minute) > 59:
            return None
        spans.append((time(start_hour, start_minute), time(end_hour, end_minute)))
    if any(start >= end for start, end in spans) or (len(spans) == 2 and spans[0][1] > spans[1][0]):
        return None
    return spans


def osm_to_week(text):
    """The grid for simple rules (days and at most two periods), None for anything else."""
    week = {}
    for rule in filter(None, (part.strip() for part in (text or "").split(";"))):
        match = _RULE.match(rule)
        days = match and _days_in(match.group(1))
        spans = days and _spans_in(match.group(2))
        if not spans:
            return None
        for day in days:
            week[day] = spans
    return week


def grid_periods(spans):
    """Which grid periods a day's spans fill: {"am": span, "pm": span}."""
    if len(spans) == 2:
        return dict(zip(PERIODS, spans, strict=True))
    start, _end = spans[0]
    return {"pm" if start >= time(12, 0) else "am": spans[0]}
