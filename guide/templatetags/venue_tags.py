"""Small presentation helpers shared by venue cards, venue pages and later the printed guide."""

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guide import hours_text, vocab
from guide import orientation_sheet as sheet
from guide.models import StarLegend
from portal.localized import localized as in_visitor_language
from portal.markup import escaped, written
from portal.templatetags.content_language import content_lang
from portal.typography import clock, typo

register = template.Library()
register.filter("clock", clock)
register.filter("day_hours", hours_text.day_hours)
register.simple_tag(hours_text.next_change, name="next_change")


@register.simple_tag
def need_state(state, change=""):
    """A need page row's open state and next change: a tag rather than an included template,
    for every row of the list draws it."""
    if not state.is_known:
        return format_html(
            '<span class="need-state is-unknown">{}</span>', _("Horaires non renseignés")
        )
    html = format_html(
        '<strong class="need-state {}">{}</strong>',
        "is-open" if state.is_open else "is-closed",
        _("Ouvert") if state.is_open else _("Fermé"),
    )
    if state.comment and not state.is_open:
        html += format_html(" ({})", typo(state.comment))
    if change:
        html += format_html(" · {}", change)
    return html


@register.simple_tag
def need_rows(venues):
    """The compact rows of a need page's list, one ``<li>`` per venue (see ``describe_rows``
    and ``attach_row_details``). Written in Python rather than as a loop of template tags: the
    rows were half of the page's rendering time."""
    write = NeedRowWriter()
    return written("\n".join(write(venue) for venue in venues))


class DrawnOnce:
    """Draws each piece of a list once: the places of a city share a few timetables, levels and
    services, and a list repeats them on every row."""

    def __init__(self):
        self.drawn = {}

    def once(self, draw, *arguments):
        key = (draw, *arguments)
        if key not in self.drawn:
            self.drawn[key] = draw(*arguments)
        return self.drawn[key]


class NeedRowWriter(DrawnOnce):
    """Writes the rows of one list: its labels translated once, and each open state, day's
    hours and level drawn once."""

    def __init__(self):
        super().__init__()
        self.drop_in = escaped(_("sans rendez-vous"))
        self.appointment = escaped(_("sur rendez-vous"))
        self.details = escaped(_("Adresse, téléphone, coût"))

    def __call__(self, venue):
        line = [self.once(need_state, venue.open_state, venue.next_change)]
        if venue.today and not venue.today.is_closed:
            line.append(self.once(_hours_today, venue.today))
        if venue.distance is not None:
            line.append(f"<strong>{escaped(_distance(venue.distance))}</strong>")
        if venue.support_drop_in:
            line.append(self.drop_in)
        if venue.support_by_appointment:
            line.append(self.appointment)
        stars = self.once(self.stars, venue.level, venue.level_name) if venue.level else ""
        return (
            f'<li class="need-row"><h3 class="need-row-name"><span class="need-number">'
            f"{escaped(venue.number)}</span> "
            f'<a href="{escaped(venue.link)}"{content_lang(venue)}>{escaped(venue.title)}</a>'
            f'{stars}</h3><p class="need-row-line">{" · ".join(line)}</p>'
            f"<details><summary>{self.details}</summary>{escaped(venue.row_details)}</details>"
            "</li>"
        )

    @staticmethod
    def stars(level, name):
        return " " + star_rating(level, name)


def _hours_today(today):
    """ "Aujourd’hui : 9 h – 12 h", in a row or a card."""
    return format_html("{} {}", typo(_("Aujourd’hui :")), hours_text.day_hours(today))


TENTH = Decimal("0.1")


def _distance(km):
    """ "à 1,2 km", as the visitor's language writes decimals."""
    tenths = int(Decimal(repr(km)).quantize(TENTH, ROUND_HALF_UP) * 10)
    return _distance_text(tenths, get_language())


@lru_cache(maxsize=4096)
def _distance_text(tenths, _language):
    """Written once per distance and language: Django's ``floatformat`` is slow, and the places
    of a list are a few hundred metres apart."""
    return typo(_("à %(km)s km") % {"km": floatformat(Decimal(tenths) / 10, 1)})


@register.simple_tag(takes_context=True)
def venue_card(context, venue):
    """One card of the venue list and of the orientation tool: the cached head and tail
    (``guide.cards``) around what changes with the visitor's place and the hour. Written in
    Python rather than as an included template: a list draws twenty, and rendering them was
    a third of the list's time."""
    writer = context.render_context.get(CardWriter)
    if writer is None:
        writer = context.render_context[CardWriter] = CardWriter(context)
    return writer(venue)


class CardWriter(DrawnOnce):
    """Writes the cards of one list, each open state, day's hours and matched service drawn
    once."""

    def __init__(self, context):
        super().__init__()
        self.context = context

    def __call__(self, venue):
        parts = [escaped(venue.card_head)]
        if venue.distance is not None:
            parts.append(
                '<p class="venue-distance">'
                f"<strong>{escaped(_distance(venue.distance))}</strong></p>"
            )
        if matched := getattr(venue, "matched_service", None):
            service, level = matched
            parts.append(self.once(self.matched, service.pk, service.label, level))
        parts.append(self.once(self.badge, venue.open_state))
        if venue.today:
            parts.append(self.once(self.today, venue.today))
        parts.append(escaped(venue.card_tail))
        return written('<article class="venue-card">\n{}\n</article>'.format("\n".join(parts)))

    def matched(self, _service_pk, label, level):
        return format_html(
            '<p class="venue-matched">{}{} {}</p>', label, typo(" :"), stars(self.context, level)
        )

    def badge(self, state):
        return escaped(open_badge(self.context, state))

    @staticmethod
    def today(day):
        return f'<p class="venue-today">{escaped(_hours_today(day))}</p>'


@register.filter
def localized(snippet, field):
    """A territory's or service family's field in the visitor's language, else in French."""
    return getattr(in_visitor_language(snippet), field)


@register.simple_tag(takes_context=True)
def stars(context, level):
    """A level's stars and name; a page that shows many reads the names once (``level_names``)."""
    name = _level_names(context).get(level, "")
    return format_html('{} <span class="stars-name">{}</span>', star_rating(level, name), name)


def _level_names(context):
    """{level: name}, from the page's context or read once per rendering."""
    names = context.get("level_names")
    if names is None:
        names = context.render_context.get("level_names")
    if names is None:
        legend = context.get("star_legend") or StarLegend.cached()
        names = context.render_context["level_names"] = dict(legend.levels_by_number())
    return names


def star_rating(level, name):
    """The stars of a level, read out as "2 sur 3 — confirmé" (its ``name``).

    Written in Python rather than as an included template: the venue page draws one per service
    and the lists one per place."""
    return format_html(
        '<span class="stars stars-{}" role="img" aria-label="{}"><span aria-hidden="true">{}'
        '<span class="stars-empty">{}</span></span></span>',
        level,
        _("%(level)s sur 3 — %(name)s") % {"level": level, "name": name},
        "★" * level,
        "☆" * (3 - level),
    )


@register.simple_tag(takes_context=True)
def open_badge(context, state, today=None):
    """The open state and its next change; given ``today`` (a venue page, a card), today's
    hours too, in the same line, and "Fermé aujourd’hui" on a day without opening."""
    if not state.is_known:
        return format_html('<p class="open-badge is-unknown">{}</p>', _("Horaires non renseignés"))
    closed_today = bool(today) and today.is_closed
    if state.is_open:
        label = _("Ouvert actuellement")
    else:
        label = _("Fermé aujourd’hui") if closed_today else _("Fermé à cet instant")
    parts = [format_html("<strong>{}</strong>", label)]
    if state.comment and not state.is_open:
        parts.append(format_html(' <span class="open-reason">({})</span>', typo(state.comment)))
    change = hours_text.next_change(state, context.get("now"))
    if change:
        parts.append(format_html(' <span class="open-next">· {}</span>', change))
    if today and not closed_today:
        parts.append(
            format_html(
                ' <span class="open-today">— {} {}</span>',
                typo(_("Aujourd’hui :")),
                typo(hours_text.day_hours(today)),
            )
        )
    return format_html(
        '<p class="open-badge {}">{}</p>',
        "is-open" if state.is_open else "is-closed",
        format_html_join("", "{}", ((part,) for part in parts)),
    )


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
    return _qr_code(sheet.page_url(page, context["request"]), get_language())


@lru_cache(maxsize=4096)
def _qr_code(url, _language):
    """A page's QR code, its title in the visitor's language: drawing it took a tenth of the
    venue page's rendering, and an address always gives the same code."""
    return sheet.qr_svg(url)


# What someone who goes to the venue reads first (the top of its page), each fact said once.

INDIVIDUAL_MODES = ("support_by_appointment", "support_drop_in")


@register.filter
def appointment(page):
    """ "Sans rendez-vous", "Sur rendez-vous" or both: the first question before going there;
    empty when the page does not say."""
    if page.support_drop_in and page.support_by_appointment:
        return _("Avec ou sans rendez-vous")
    if page.support_drop_in:
        return _("Sans rendez-vous")
    if page.support_by_appointment or page.booking_url:
        return _("Sur rendez-vous")
    return ""


@register.filter
def support_formats(page):
    """How the help is given, without the appointment the top of the page already states:
    "en individuel" stands for both individual modes."""
    formats = []
    for name in vocab.SUPPORT_MODE_NATIONAL:
        if not getattr(page, name):
            continue
        label = (
            _("en individuel")
            if name in INDIVIDUAL_MODES
            else page._meta.get_field(name).verbose_name
        )
        if label not in formats:
            formats.append(label)
    return formats


@register.filter
def details_name_the_fee(page):
    """Whether the editor's details already start with the fee ("Gratuit sans condition" for a
    free venue): they are then shown alone, not after "Gratuit —"."""
    details = page.fee_details.strip().casefold()
    names = (str(page.get_fee_display()), vocab.FEE_NATIONAL.get(page.fee, ""))
    return any(name and details.startswith(name.casefold()) for name in names)


@register.filter
def note_counts_mediators(page):
    """Whether the note on mediators starts with their number ("2 salariés, partenaires" for
    2): it is then shown alone, not after "2 —"."""
    return page.mediators_count is not None and bool(
        re.match(rf"{page.mediators_count}\b", page.mediators_note.strip())
    )


@register.filter
def map_link(page):
    """The venue on OpenStreetMap's site: a plain link, nothing is loaded from elsewhere."""
    if page.latitude is not None and page.longitude is not None:
        lat, lon = f"{page.latitude:.5f}", f"{page.longitude:.5f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}"
    address = f"{page.address}, {page.postcode} {page.commune}"
    return f"https://www.openstreetmap.org/search?{urlencode({'query': address})}"


@register.simple_tag
def star_levels():
    """(level, name, sentence) of the legend, from the content cache: every list shows it."""
    return StarLegend.cached().levels()
