"""Small presentation helpers shared by venue cards, venue pages and later the printed guide."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guide.models import StarLegend
from guide.pdf import sheet
from portal.localized import localized as in_visitor_language

register = template.Library()


@register.filter
def clock(moment):
    """A time of day on the 24-hour clock: "9 h", "13 h 30" in French."""
    moment = timezone.localtime(moment)
    if moment.minute:
        # Translators: 24-hour clock as your language writes it, e.g. "%(hour)02d:%(minute)02d".
        return _("%(hour)d h %(minute)02d") % {"hour": moment.hour, "minute": moment.minute}
    # Translators: a time on the hour, 24-hour clock, e.g. "%(hour)02d:00".
    return _("%(hour)d h") % {"hour": moment.hour}


@register.filter
def localized(snippet, field):
    """A territory's or service family's field in the visitor's language, else in French."""
    return getattr(in_visitor_language(snippet), field)


def _when(moment, now):
    days_ahead = (timezone.localdate(moment) - timezone.localdate(now)).days
    if days_ahead == 0:
        return _("à %(time)s") % {"time": clock(moment)}
    if days_ahead == 1:
        return _("demain à %(time)s") % {"time": clock(moment)}
    if days_ahead < 7:
        return _("%(day)s à %(time)s") % {
            "day": date_format(timezone.localtime(moment), "l"),
            "time": clock(moment),
        }
    return _("le %(date)s à %(time)s") % {
        "date": date_format(timezone.localtime(moment), "j F"),
        "time": clock(moment),
    }


@register.simple_tag
def next_change(state, now):
    """ "Ouvre lundi à 9 h", "Ferme à 12 h"; empty when nothing is planned."""
    if not state.is_known or not state.next_change:
        return ""
    when = _when(state.next_change, now)
    if state.is_open:
        return _("Ferme %(when)s") % {"when": when}
    return _("Ouvre %(when)s") % {"when": when}


@register.filter
def day_hours(day):
    """One day's hours in a line: "9 h – 12 h, 13 h 30 – 17 h" or "fermé (Noël)"."""
    if day.is_closed:
        closed = _("fermé")
        return f"{closed} ({day.comment})" if day.comment else closed
    return ", ".join(f"{clock(i.start)} – {clock(i.end)}" for i in day.intervals)


@register.inclusion_tag("includes/stars.html", takes_context=True)
def stars(context, level):
    legend = context.get("star_legend") or StarLegend.load(request_or_site=context.get("request"))
    return {
        "level": level,
        "filled": "★" * level,
        "empty": "☆" * (3 - level),
        "name": legend.name_of(level),
    }


@register.simple_tag(takes_context=True)
def orientation_sheet_url(context, page):
    """Where the venue's orientation sheet (PDF) is."""
    return sheet.sheet_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def orientation_mailto(context, page):
    """A mailto: link with the venue's name, address and page, for the person sent there."""
    return sheet.mailto(page, context["request"])


@register.simple_tag(takes_context=True)
def orientation_qr(context, page):
    """The QR code of the venue's page printed on its orientation sheet, as inline SVG."""
    return sheet.qr_svg(sheet.page_url(page, context["request"]))
