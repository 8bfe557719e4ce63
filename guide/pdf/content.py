"""What the printable guide prints: the venues in scope and their data shaped for the template.

Contents of the guide, in order: cover; editorial; "Comment lire ce guide" (star legend,
pictograms); table of contents by territory; each territory opened by a page of its own (its
places with their codes and pages, and the needs they cover: ``TerritoryOpener``), then one page
per venue in the Bordeaux layout, which states each fact once (``printed_summary`` and the
functions after it); indexes (alphabetical, by service family and level, by public, by commune);
back cover with the city's contact and the site's address. ``guide.pdf.guide`` lays it out.

One venue, one page. A venue whose texts are long is printed in a tighter layout (``LEVELS``):
in A4 the likely one is guessed from the length of its texts and the number of its service
lines (``Entry.weight``), and the layout checks the guess; in A5, where no text goes under 8 pt,
a venue is set tighter only once its page is found to overflow, and runs over two pages when
the tightest layout still does not hold it.

Services as in the Bordeaux guide: under "Ce lieu propose un accompagnement pour", one table per
family, a line per service offered with its stars (filled and empty, so that a photocopy still
reads them) and the level's name in words, which is what a screen reader says of the tagged
PDF. Services not offered are left out: the Bordeaux guide's three empty stars would print
twenty-two lines for a venue offering four services. A family with no service offered keeps one
line, "non proposé", so that the four families stand in the same order on every page and a
professional sees at a glance that the venue does not help there rather than wondering whether
it was forgotten.
"""

import base64
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.models import PortalSettings
from portal.public_address import public_root_url

from .. import vocab
from ..hours import Schedule
from ..hours_text import day_hours
from ..models import ServiceFamily, StarLegend, VenuePage
from ..models.catalogue import service_catalogue
from ..models.guide_scope import need_in_scope, territories_in_scope
from ..orientation_sheet import display_url, qr_svg, sheet_text
from ..printed_levels import PrintedLevel, printed_levels, printed_services

TEMPLATE = "guide/pdf/guide.html"
# Layouts of a venue page, from the roomiest to the tightest (CSS classes of the template).
LEVELS = ("", "compact", "dense")
# Layouts of a territory's opening page, from the roomiest to the tightest: places' names on as
# many lines as they need; names cut to one line; names cut, lines at 8 pt set closer, and a
# count of places for each level of the needs covered rather than their codes.
# Places above which each tighter layout is the likely one; characters of a name in a tighter
# layout (its column, less the code and the page number, in DejaVu Sans at the body's size).
# WeasyPrint's own ellipsis (text-overflow) is not used: its glyph reads as other text.
OPENER_LEVELS = ("", "compact", "dense")
OPENER_LIMITS = {"a4": (50, 80), "a5": (20, 36)}
OPENER_NAME_CHARS = {"a4": (None, 40, 44), "a5": (None, 25, 27)}
# Characters of text (see ``_text_weight``) above which a venue starts in a tighter layout. A5
# has no guess: its layouts differ by less than a point (none under 8 pt), so every venue starts
# in the roomiest one and is set tighter only when its laid-out page overflows.
WEIGHT_LIMITS = {"a4": (1800, 3050)}
# What a line break in a text weighs, in characters of text.
LINE_WEIGHT = 80
# What a service offered weighs: its table row (a line, two for a long label in A5, with its
# rule) and its share of its family's heading row. Measured with the calibration described in
# ``_text_weight``.
SERVICE_WEIGHT = 120
NO_BUDGET = 10**6  # sheet_text() without cutting anything
# The guide's colours: black and greys on screen; for the print shop the same greys as shades
# of black alone (K), so that text and rules are not printed in four colours on press.
SCREEN_COLORS = {"ink": "#000", "grey": "#444", "rule": "#999", "paper": "#f0f0f0", "white": "#fff"}
PRESS_COLORS = {
    "ink": "device-cmyk(0 0 0 1)",
    "grey": "device-cmyk(0 0 0 0.73)",
    "rule": "device-cmyk(0 0 0 0.4)",
    "paper": "device-cmyk(0 0 0 0.06)",
    "white": "device-cmyk(0 0 0 0)",
}


class EmptyGuideError(Exception):
    """No published venue in the chosen scope: no guide rather than an empty PDF."""


def _scope_description(options, locale):
    """The chosen scope in words, for the empty-guide message and the extract's cover."""
    parts = []
    if options.territory_slugs:
        names = {t.slug: t.name for t in territories_in_scope(options, locale)}
        labels = ", ".join(f"« {names.get(slug, slug)} »" for slug in options.territory_slugs)
        parts.append(_("territoire %(names)s") % {"names": labels})
    if options.need_slug:
        need = need_in_scope(options, locale)
        parts.append(_("besoin « %(need)s »") % {"need": need.title if need else options.need_slug})
    return ", ".join(parts)


def empty_error(options, locale):
    scope = _scope_description(options, locale)
    if scope:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (%(scope)s) : le guide n'a pas été "
            "produit. Vérifiez l'identifiant ou publiez les lieux concernés."
        ) % {"scope": scope}
    else:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (tous les territoires) : le guide n'a "
            "pas été produit. Publiez au moins un lieu."
        )
    return EmptyGuideError(message)


# Data shaped for the template.


def sort_key(text):
    """Alphabetical order as in a printed index: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def guide_order(venue):
    """Territory, then code with its number read as a number (A2 before A10), then name."""
    code = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, sort_key(part))
        for part in re.split(r"(\d+)", venue.code)
        if part
    )
    territory = venue.territory
    return (territory.sort_order, sort_key(territory.name), code, sort_key(venue.title))


def reference_monday(year):
    """A week of ``year`` without any public holiday: the one of the second Monday of February."""
    first = date(year, 2, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7)


def hours_lines(venue, monday):
    """The usual week in a few lines: ("Lundi – vendredi", "9 h – 12 h, 13 h 30 – 17 h")."""
    groups = []
    for day in Schedule(venue.opening_hours, (), venue.postcode, monday).week(monday):
        text = day_hours(day)
        if groups and groups[-1][2] == text:
            groups[-1][1] = day.day
        else:
            groups.append([day.day, day.day, text])
    lines = []
    for first, last, text in groups:
        label = capfirst(date_format(first, "l"))
        if last != first:
            separator = " – " if (last - first).days > 1 else _(" et ")
            label += separator + date_format(last, "l")
        lines.append((label, capfirst(text)))
    return lines


def _lines(text):
    return list(sheet_text(text, NO_BUDGET).lines)


def _text_weight(venue, families):
    """Roughly how much room the venue's page needs, in characters of body text.

    A service offered is a table row of its own (``SERVICE_WEIGHT``); the families' heading rows
    or "non proposé" lines are four lines on every page, part of what ``WEIGHT_LIMITS`` leave
    room for. ``SERVICE_WEIGHT`` and the limits were set by laying out generated venues (those of
    ``benchmarks/guide.py``, with their texts cut short and 1 to 22 services at random) in each
    layout and keeping the values under which the guess most often named the roomiest layout
    that holds the page, a guess too tight counting twice as much as one too roomy: a guess too
    roomy costs a second layout of the batch, a guess too tight prints smaller type for nothing.
    """
    texts = (
        strip_tags(venue.presentation),
        printed_summary(venue),
        venue.access_conditions,
        venue.steps,
        venue.documents_to_bring,
        venue.transport,
        venue.hours_note,
        venue.mediators_note,
        venue.fee_details,
    )
    lines = sum(text.count("\n") for text in texts if text)
    services = sum(len(family.services) for family in families)
    return (
        sum(len(text) for text in texts if text) + LINE_WEIGHT * lines + SERVICE_WEIGHT * services
    )


def start_level(weight, page_size):
    if page_size not in WEIGHT_LIMITS:
        return 0
    roomy, compact = WEIGHT_LIMITS[page_size]
    return 0 if weight <= roomy else 1 if weight <= compact else 2


# No fact stated twice on a venue's page: what a field would print again, already said by another
# field, is left out.


def _words(text):
    """``text`` compared as a reader would: case, accents and punctuation aside."""
    return " ".join(re.findall(r"\w+", sort_key(text or "")))


def _said_in(fact, text):
    fact = _words(fact)
    return bool(fact) and fact in _words(text)


def printed_summary(venue):
    """The summary only for a venue without a presentation: it sums up the presentation, whose
    facts it would print a second time a few lines above them."""
    return "" if strip_tags(venue.presentation).strip() else venue.summary


def contact_modes(venue):
    """The ways to get in touch that the steps to follow do not already give (« Se présenter sur
    place » under both headings)."""
    said = f"{venue.steps}\n{venue.access_conditions}"
    labels = venue.get_access_modes_display()
    return tuple(label for label in labels if not _said_in(label, said))


def fee_details(venue):
    """The fee's details without their first words when these repeat the fee (« Gratuit sous
    condition — Gratuit, réservé aux habitants » prints « … — réservé aux habitants »)."""
    details = (venue.fee_details or "").strip()
    if not venue.fee:
        return details
    first, _separator, rest = _first_clause(details)
    if _said_in(first, venue.get_fee_display()):
        return rest
    return details


def _first_clause(text):
    """(first clause, separator, the rest) of ``text``; the rest empty for one clause."""
    parts = re.split(r"([,;:.]\s+|\s+[—–-]\s+)", text, maxsplit=1)
    return (parts + ["", ""])[:3]


def mediators_count(venue):
    """The number of mediators, unless their description counts them already (« 2 » before
    « 1 bénévole et 1 conseiller numérique »)."""
    counted = sum(int(number) for number in re.findall(r"\d+", venue.mediators_note or ""))
    return None if counted and counted == venue.mediators_count else venue.mediators_count


def parent_structure(venue):
    """The structure the venue belongs to, unless the venue's name gives it already."""
    return "" if _said_in(venue.parent_structure, venue.title) else venue.parent_structure


def same_address(url, other):
    """Two web addresses that lead to the same page (scheme, « www. » and final slash aside)."""
    return bool(url) and bool(other) and display_url(url) == display_url(other)


@dataclass(frozen=True)
class PrintedFamily:
    """A family on a venue's page: its services offered, ``(label, PrintedLevel)`` each."""

    family: ServiceFamily
    services: tuple

    @property
    def level(self):
        """The family's level in the indexes: its best service's; 0 when not offered."""
        return max((printed.level for _label, printed in self.services), default=0)

    @property
    def offered(self):
        return bool(self.services)


def printed_families(venue, levels):
    """Every family in editor order with the venue's services and their levels in words."""
    return [
        PrintedFamily(family=rated.family, services=printed_services(rated.services, levels))
        for rated in venue.rated_families()
    ]


@dataclass
class Entry:
    """One venue as printed: the page itself and the data shaped for the template."""

    venue: VenuePage
    anchor: str
    families: list  # PrintedFamily, every family of the catalogue
    stars: dict  # family slug -> its best service's level, 0 when not offered
    hours: list
    closures: list
    access_lines: list
    steps_lines: list
    documents_lines: list
    equipment: list
    website: str
    weight: int
    summary: str = ""
    contact_modes: tuple = ()
    fee_details: str = ""
    mediators_count: int | None = None
    booking_url: str = ""
    parent_structure: str = ""
    level: int = 0

    @property
    def layout(self):
        return LEVELS[self.level]

    @property
    def tightest(self):
        return self.level == len(LEVELS) - 1

    @property
    def description(self):
        """The venue, as the build's log names it."""
        return f"Venue {self.venue.slug}"


def make_entry(venue, levels, monday, year_end, today):
    """``levels``: ``printed_levels`` of the legend."""
    printed = printed_families(venue, levels)
    closures = sorted(
        (c for c in venue._closures if c.end >= today and c.start <= year_end),
        key=lambda closure: closure.start,
    )
    return Entry(
        venue=venue,
        anchor=f"lieu-{venue.pk}",
        families=printed,
        stars={family.family.slug: family.level for family in printed},
        hours=hours_lines(venue, monday) if venue.opening_hours else [],
        closures=closures,
        access_lines=_lines(venue.access_conditions),
        steps_lines=_lines(venue.steps),
        documents_lines=_lines(venue.documents_to_bring),
        equipment=[
            f"{item} — {item.note}" if item.note else str(item) for item in venue.equipment.all()
        ],
        website=display_url(venue.website) if venue.website else "",
        weight=_text_weight(venue, printed),
        summary=printed_summary(venue),
        contact_modes=contact_modes(venue),
        fee_details=fee_details(venue),
        mediators_count=mediators_count(venue),
        booking_url="" if same_address(venue.booking_url, venue.website) else venue.booking_url,
        parent_structure=parent_structure(venue),
    )


def _by_family(entries, families, printed):
    """``(family, [(PrintedLevel, entries)])``: each venue at its best service's level in each
    family, best level first; no level for a family that no venue offers."""
    by_family = []
    for family in families:
        levels = []
        for level in sorted(printed, reverse=True):
            found = [e for e in entries if e.stars.get(family.slug) == level]
            if found:
                levels.append((printed[level], found))
        by_family.append((family, levels))
    return by_family


@dataclass(frozen=True)
class FamilyCoverage:
    """A family in a territory: its places by level (as ``_by_family``), and the services that
    none of them offers, which a professional then looks for elsewhere."""

    family: ServiceFamily
    levels: list
    missing: tuple


@dataclass
class TerritoryOpener:
    """What a territory's opening page prints: its places (code, name, page) and the needs they
    cover, each family with its places by level, so that the page is a map of the territory's
    help rather than a title."""

    territory: object  # Territory
    entries: list
    coverage: list  # FamilyCoverage, every family of the catalogue
    page_size: str = "a4"
    level: int = 0

    @property
    def anchor(self):
        return f"territoire-{self.territory.pk}"

    @property
    def layout(self):
        return OPENER_LEVELS[self.level]

    @property
    def tightest(self):
        return self.level == len(OPENER_LEVELS) - 1

    @property
    def description(self):
        """The opening page, as the build's log names it."""
        return f"Opening page of territory {self.territory.slug}"

    @property
    def in_columns(self):
        """A few places in one column, more in two: a long list reads down a column."""
        return len(self.entries) > 8

    @property
    def places(self):
        """``(entry, name as printed)``: cut after a word, with an ellipsis, in a tighter layout."""
        limits = OPENER_NAME_CHARS.get(self.page_size, OPENER_NAME_CHARS["a4"])
        return [(entry, cut_name(entry.venue.title, limits[self.level])) for entry in self.entries]


def cut_name(name, limit):
    """``name`` in at most ``limit`` characters, cut after a word and ended by an ellipsis."""
    if limit is None or len(name) <= limit:
        return name
    cut = name[: limit - 1]
    before_word = cut.rsplit(" ", 1)[0]
    if len(before_word) >= limit * 2 // 3:  # else a word too long: cut inside it
        cut = before_word
    return cut.rstrip(" –-,(") + "…"


def opener_start_level(places, page_size):
    roomy, compact = OPENER_LIMITS.get(page_size, OPENER_LIMITS["a4"])
    return 0 if places <= roomy else 1 if places <= compact else 2


def _coverage(entries, families, printed, catalogue):
    """``FamilyCoverage`` of each family for the places of ``entries``; ``catalogue``: every
    service label by family slug."""
    coverage = []
    for family, levels in _by_family(entries, families, printed):
        offered = {
            label
            for entry in entries
            for printed_family in entry.families
            if printed_family.family.slug == family.slug
            for label, _level in printed_family.services
        }
        missing = tuple(label for label in catalogue.get(family.slug, ()) if label not in offered)
        coverage.append(FamilyCoverage(family, levels, missing if levels else ()))
    return coverage


def add_openers(groups, families, legend, page_size):
    """Give each territory of ``groups`` its ``guide_opener``."""
    printed = printed_levels(legend)
    catalogue = {
        rated.family.slug: [service.label for service in rated.services]
        for rated in service_catalogue()
    }
    for territory, group in groups:
        territory.guide_opener = TerritoryOpener(
            territory=territory,
            entries=group,
            coverage=_coverage(group, families, printed, catalogue),
            page_size=page_size,
            level=opener_start_level(len(group), page_size),
        )


def _indexes(entries, families, legend):
    """The venues listed alphabetically, by family and level, by public and by commune.

    By family, a venue is listed once, at its best service's level in the family: a professional
    looking for an expert in online procedures finds every venue expert in at least one of them,
    and its page says in which. One line per service and level would be five times as long and
    would split a venue over the services of one family.
    """
    alphabetical = sorted(entries, key=lambda entry: sort_key(entry.venue.title))
    by_family = _by_family(alphabetical, families, printed_levels(legend))
    by_public = []
    for value, label in vocab.Public.choices:
        found = [e for e in entries if value in e.venue.publics]  # codes, in the guide's order
        if found:
            by_public.append((label, found))
    communes = {}
    for entry in alphabetical:
        communes.setdefault(entry.venue.commune.strip(), []).append(entry)
    by_commune = [(name, communes[name]) for name in sorted(communes, key=sort_key)]
    return {
        "alphabetical": alphabetical,
        "by_family": by_family,
        "by_public": by_public,
        "by_commune": by_commune,
    }


def _image_data_uri(path):
    """A local image inlined: WeasyPrint fetches nothing (``portal.pdf.no_fetching``)."""
    if not path:
        return ""
    mime = mimetypes.guess_type(path)[0] or "image/png"
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"


def _qr_code(url, title, colors):
    """The QR code in the guide's black (segno writes web colours only); its lines are
    stroked, so that filling them would only set a colour, in RGB."""
    svg = qr_svg(url, title)
    if colors["ink"] == SCREEN_COLORS["ink"]:
        return svg
    # segno's markup with one attribute value of ours: nothing from the user is added.
    return mark_safe(svg.replace('stroke="#000"', f'stroke="{colors["ink"]}" fill="none"'))  # nosec B308, B703


def guide_context(options, entries, locale, now):
    families = list(ServiceFamily.objects.filter(locale=locale))
    groups = []
    for entry in entries:
        territory = entry.venue.territory
        if not groups or groups[-1][0] != territory:
            groups.append((territory, []))
        groups[-1][1].append(entry)
    identity = PortalSettings.for_default_site()
    site_url = public_root_url() + "/"
    site_qr_title = _("QR code : adresse du site, %(url)s") % {"url": site_url}
    need = need_in_scope(options, locale)
    is_extract = bool(options.territory_slugs or options.need_slug)
    legend = StarLegend.load()
    add_openers(groups, families, legend, options.page_size)
    colors = PRESS_COLORS if options.for_press else SCREEN_COLORS
    return {
        "options": options,
        "title": options.title,
        "year": options.year,
        "city": identity.city_name,
        "identity": identity,
        "logo": identity.logo_data_uri(),
        "site_url_display": display_url(site_url),
        "site_qr_code": _qr_code(site_url, site_qr_title, colors),
        "for_press": options.for_press,
        "colors": colors,
        "page_size": options.page_size,
        "small_text": "8pt" if options.page_size == "a5" else "7.5pt",  # running heads
        "is_extract": is_extract,
        "scope": _scope_description(options, locale) if is_extract else "",
        "need": need,
        "groups": groups,
        "entries": entries,
        "families": families,
        "legend": legend,
        "levels": [(PrintedLevel(level, name), text) for level, name, text in legend.levels()],
        "indexes": _indexes(entries, families, legend),
        "cover_image": _image_data_uri(options.cover_image_path),
        "now": now,
        "reference_monday": reference_monday(options.year),
    }
