"""Small presentation helpers shared by venue cards, venue pages and later the printed guide."""

from django import template

from guide import hours_text
from guide import orientation_sheet as sheet
from guide.models import StarLegend
from portal.localized import localized as in_visitor_language
from portal.typography import clock

register = template.Library()
register.filter("clock", clock)
register.filter("day_hours", hours_text.day_hours)
register.simple_tag(hours_text.next_change, name="next_change")


@register.filter
def localized(snippet, field):
    """A territory's or service family's field in the visitor's language, else in French."""
    return getattr(in_visitor_language(snippet), field)


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
