"""The admin's weekly hours grid: what editors fill in instead of OpenStreetMap syntax.

``OpeningHoursPanel`` is a ``FieldPanel`` whose form field reads the grid (one row per weekday,
up to three time ranges, "sur rendez-vous") and writes the same ``opening_hours`` text as
before (``guide.hours_grid``). The text itself stays available as an advanced entry, which
opens by itself when the venue's hours are more than the grid can show. The field, not only
the widget, is replaced (Django's ``Meta.field_classes``): a grid with a range half filled is
refused with a message naming the day, and the form is shown again as it was typed.
"""

import re
from dataclasses import dataclass, field
from datetime import time

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel

from .hours_grid import (
    DAYS,
    RANGES_PER_DAY,
    DayHours,
    first_rule_off_grid,
    read_week,
    write_week,
)
from .hours_text import WEEKDAY_NAMES, week_reading

TYPED_TIME = re.compile(r"^(\d{1,2})(?:\s*[:hH]\s*(\d{2})?)?$")
NO_HOURS = gettext_lazy("Aucun horaire : le site dira « horaires non renseignés ».")
MONTHS = r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
# Why a rule cannot be a grid row, from its first telling word.
OFF_GRID_KINDS = (
    (re.compile(r"\b(PH|SH)\b"), gettext_lazy("jours fériés ou vacances")),
    (re.compile(r"\bweek\b"), gettext_lazy("numéros de semaine")),
    (re.compile(rf"{MONTHS}|\b\d{{4}}\b"), gettext_lazy("mois ou dates")),
    (re.compile(r"\["), gettext_lazy("tel jour du mois")),
)


@dataclass(frozen=True)
class DayInput:
    """A grid row as typed: (start, end) texts of each range, and the appointment box."""

    ranges: tuple
    by_appointment: bool = False

    @property
    def is_closed(self):
        return not self.by_appointment and not any(start or end for start, end in self.ranges)


@dataclass(frozen=True)
class HoursInput:
    """What the widget sends: the grid as typed, the advanced text, and which one counts."""

    days: dict = field(default_factory=dict)
    text: str = ""
    advanced: bool = False


@dataclass(frozen=True)
class Problem:
    day: str
    index: int
    message: str


def _typed_time(text):
    match = TYPED_TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def _range_problem(day, index, start_text, end_text, previous_end):
    """What is wrong with one typed range, its day and number first ("Lundi, plage 2 : …")."""
    where = {"day": str(WEEKDAY_NAMES[day]).capitalize(), "number": index + 1}
    if not start_text or not end_text:
        return _("%(day)s, plage %(number)d : indiquez l'heure d'ouverture et de fermeture.") % (
            where
        )
    for text in (start_text, end_text):
        if _typed_time(text) is None:
            return _(
                "%(day)s, plage %(number)d : « %(value)s » n'est pas une heure "
                "(écrivez par exemple 09:30)."
            ) % {**where, "value": text}
    start, end = _typed_time(start_text), _typed_time(end_text)
    if end <= start:
        return _("%(day)s, plage %(number)d : l'heure de fermeture doit suivre l'ouverture.") % (
            where
        )
    if previous_end and start < previous_end:
        return _("%(day)s, plage %(number)d : elle commence avant la fin de la précédente.") % (
            where
        )
    return None


def read_grid(days):
    """The week a typed grid describes, and the problems of the ranges left out of it."""
    week, problems = {}, []
    for day in DAYS:
        typed = days.get(day, DayInput(()))
        spans = []
        for index, (start_text, end_text) in enumerate(typed.ranges):
            if not start_text and not end_text:
                continue
            previous_end = spans[-1][1] if spans else None
            problem = _range_problem(day, index, start_text, end_text, previous_end)
            if problem:
                problems.append(Problem(day, index, problem))
            else:
                spans.append((_typed_time(start_text), _typed_time(end_text)))
        week[day] = DayHours(tuple(spans), typed.by_appointment)
    return week, problems


def why_off_grid(text):
    """Why the widget opens on the advanced entry: the first rule the grid cannot show."""
    rule = first_rule_off_grid(text)
    kind = next((kind for pattern, kind in OFF_GRID_KINDS if pattern.search(rule)), None)
    if kind:
        return _(
            "La règle « %(rule)s » (%(kind)s) ne tient pas dans la grille : les horaires sont "
            "gardés tels quels en saisie avancée."
        ) % {"rule": rule, "kind": kind}
    return _(
        "La règle « %(rule)s » ne tient pas dans la grille : les horaires sont gardés tels "
        "quels en saisie avancée."
    ) % {"rule": rule}


def _grid_of_week(week):
    def clock(moment):
        return moment.strftime("%H:%M")

    days = {}
    for day in DAYS:
        hours = week.get(day, DayHours())
        ranges = [(clock(start), clock(end)) for start, end in hours.spans]
        ranges += [("", "")] * (RANGES_PER_DAY - len(ranges))
        days[day] = DayInput(tuple(ranges), hours.by_appointment)
    return days


def _shown(value):
    """(HoursInput to show, reason for the advanced entry) of a saved text or a typed grid."""
    if isinstance(value, HoursInput):
        off_grid = value.advanced and read_week(value.text) is None and value.text.strip()
        return value, why_off_grid(value.text) if off_grid else ""
    text = value or ""
    week = read_week(text)
    if week is None:
        return HoursInput(_grid_of_week({}), text, advanced=True), why_off_grid(text)
    return HoursInput(_grid_of_week(week), text), ""


class OpeningHoursWidget(forms.Widget):
    """One row per weekday (three ranges, "sur rendez-vous"), a reading of the week in words,
    and the OpenStreetMap text in a "Saisie avancée" disclosure.

    Rendered with the project's templates (``render_to_string``): Django's default form
    renderer only looks into the apps' folders, and this project keeps its templates in one.
    """

    template_name = "guide/admin/opening_hours_widget.html"

    class Media:
        css = {"all": ["css/admin/opening_hours.css"]}
        js = ["js/admin/opening_hours.js"]

    def value_from_datadict(self, data, files, name):
        if f"{name}-Mo-0-start" not in data:
            return data.get(name)  # the text alone, as imports and older forms send it
        days = {
            day: DayInput(
                tuple(
                    (
                        data.get(f"{name}-{day}-{index}-start", "").strip(),
                        data.get(f"{name}-{day}-{index}-end", "").strip(),
                    )
                    for index in range(RANGES_PER_DAY)
                ),
                f"{name}-{day}-appointment" in data,
            )
            for day in DAYS
        }
        return HoursInput(days, data.get(name, ""), f"{name}-advanced" in data)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}-Mo-0-start" not in data

    def format_value(self, value):
        return value

    def id_for_label(self, id_):
        """The panel's heading labels Monday's first hour, as Django's ``MultiWidget`` does."""
        return f"{id_}-Mo-0-start" if id_ else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown, reason = _shown(value)
        week, problems = read_grid(shown.days)
        wrong = {(problem.day, problem.index) for problem in problems}
        context["hours"] = {
            "rows": self._rows(name, shown.days, wrong),
            "text": shown.text,
            "advanced": shown.advanced,
            "reason": reason,
            "reading": week_reading(week) or [NO_HOURS],
            "words": self._words(),
        }
        return context

    def _rows(self, name, days, wrong):
        return [
            {
                "day": day,
                "name": str(WEEKDAY_NAMES[day]).capitalize(),
                "ranges": [
                    {
                        "number": index + 1,
                        "prefix": f"{name}-{day}-{index}",
                        "start": start,
                        "end": end,
                        "invalid": (day, index) in wrong,
                    }
                    for index, (start, end) in enumerate(days[day].ranges)
                ],
                "appointment": days[day].by_appointment,
                "closed": not days[day].by_appointment
                and not any(any(r) for r in days[day].ranges),
            }
            for day in DAYS
        ]

    @staticmethod
    def _words():
        """The reading's words and formats, for the script that updates it as the editor types."""
        return {
            "days": [str(WEEKDAY_NAMES[day]) for day in DAYS],
            "line": _("%(days)s : %(hours)s"),
            "hour": _("%(hour)d h"),
            "hourMinute": _("%(hour)d h %(minute)02d"),
            "closed": _("fermé"),
            "appointment": _("sur rendez-vous"),
            "withAppointment": _("%(hours)s, sur rendez-vous"),
            "empty": NO_HOURS,
            # Translators: legend of the days to copy a day's hours to; "du lundi".
            "copyLegend": _("Recopier les horaires du %(day)s sur :"),
        }

    def render(self, name, value, attrs=None, renderer=None):
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class OpeningHoursField(forms.CharField):
    """The ``opening_hours`` text, from the grid unless the advanced entry is chosen."""

    widget = OpeningHoursWidget

    def to_python(self, value):
        if isinstance(value, HoursInput):
            value = value.text if value.advanced else self._text_of_grid(value.days)
        return super().to_python(value)

    @staticmethod
    def _text_of_grid(days):
        week, problems = read_grid(days)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        return write_week(week)


class OpeningHoursPanel(FieldPanel):
    """``FieldPanel`` of an ``opening_hours`` field, edited with the weekly grid."""

    def get_form_options(self):
        options = super().get_form_options()
        options["field_classes"] = {self.field_name: OpeningHoursField}
        return options
