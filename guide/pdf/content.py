"""What the printable guide prints: the venues in scope and their data shaped for the template.

Contents of the guide, in order: cover; editorial; "Comment lire ce guide" (star legend,
pictograms); table of contents by territory; each territory opened by its heading page, then
one page per venue in the Bordeaux layout; indexes (alphabetical, by service family and level,
by public, by commune); back cover. ``guide.pdf.guide`` lays it out.

One venue, one page. A venue whose texts are long is printed in a tighter layout (``LEVELS``):
the likely one is guessed from the length of its texts (``Entry.weight``), and the layout
checks the guess.
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
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import Site

from portal.models import PortalSettings

from .. import vocab
from ..hours import Schedule
from ..hours_text import day_hours
from ..models import ServiceFamily, StarLegend, VenuePage
from ..models.guide_scope import need_in_scope, territories_in_scope
from ..orientation_sheet import display_url, sheet_text

TEMPLATE = "guide/pdf/guide.html"
# Layouts of a venue page, from the roomiest to the tightest (CSS classes of the template).
LEVELS = ("", "compact", "dense")
# Characters of text (see ``_text_weight``) above which a venue starts in a tighter layout.
WEIGHT_LIMITS = {"a4": (1800, 2600), "a5": (950, 1450)}
NO_BUDGET = 10**6  # sheet_text() without cutting anything


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
        parts.append(_("besoin « %(need)s »") % {"need": need.title if need else options.need_slug})
    return ", ".join(parts)


def empty_error(options, locale):
    scope = _scope_description(options, locale)
    if scope:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (%(scope)s) : le guide n'a pas été "
            "produit. Vérifiez l'identifiant ou publiez les lieux concernés."
        ) % {"scope": scope}
    else:
        message = _(
            "Aucun lieu publié ne correspond à ce choix (tous les territoires) : le guide n'a "
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
    """Roughly how much room the venue's page needs, in characters of body text."""
    texts = (
        strip_tags(venue.presentation),
        venue.summary,
        venue.access_conditions,
        venue.steps,
        venue.documents_to_bring,
        venue.transport,
        venue.hours_note,
        venue.mediators_note,
        venue.fee_details,
    )
    lines = sum(text.count("\n") for text in texts if text)
    items = sum(len(items) for _family, _level, _name, items in families)
    return sum(len(text) for text in texts if text) + 80 * lines + 45 * items


def start_level(weight, page_size):
    roomy, compact = WEIGHT_LIMITS[page_size]
    return 0 if weight <= roomy else 1 if weight <= compact else 2


@dataclass
class Entry:
    """One venue as printed: the page itself and the data shaped for the template."""

    venue: VenuePage
    anchor: str
    families: list  # (family, level, level name, [item labels]); level 0 when not offered
    stars: dict  # family slug -> level
    hours: list
    closures: list
    access_lines: list
    steps_lines: list
    documents_lines: list
    equipment: list
    website: str
    weight: int
    level: int = 0

    @property
    def layout(self):
        return LEVELS[self.level]


def make_entry(venue, families, legend, monday, year_end, today):
    printed = [
        (
            rated.family,
            rated.level or 0,
            legend.name_of(rated.level),
            [service.label for service, _level in rated.services],
        )
        for rated in venue.rated_families()
    ]
    closures = sorted(
        (c for c in venue._closures if c.end >= today and c.start <= year_end),
        key=lambda closure: closure.start,
    )
    return Entry(
        venue=venue,
        anchor=f"lieu-{venue.pk}",
        families=printed,
        stars={family.slug: level for family, level, _name, _items in printed},
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
    )


def _indexes(entries, families):
    alphabetical = sorted(entries, key=lambda entry: sort_key(entry.venue.title))
    by_family = []
    for family in families:
        levels = []
        for level in (3, 2, 1):
            found = [e for e in alphabetical if e.stars.get(family.slug) == level]
            if found:
                levels.append((level, "★" * level, found))
        by_family.append((family, levels))
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


def _city_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return PortalSettings.for_site(site) if site else None


def _image_data_uri(path):
    """A local image inlined: WeasyPrint fetches nothing (``portal.pdf.no_fetching``)."""
    if not path:
        return ""
    mime = mimetypes.guess_type(path)[0] or "image/png"
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f"data:{mime};base64,{data}"


def guide_context(options, entries, locale, now):
    families = list(ServiceFamily.objects.filter(locale=locale))
    groups = []
    for entry in entries:
        territory = entry.venue.territory
        if not groups or groups[-1][0] != territory:
            groups.append((territory, []))
        groups[-1][1].append(entry)
    portal_settings = _city_settings()
    city = options.city_name or (portal_settings.city_name if portal_settings else "")
    need = need_in_scope(options, locale)
    is_extract = bool(options.territory_slugs or options.need_slug)
    return {
        "options": options,
        "title": options.title,
        "year": options.year,
        "city": city,
        "portal_settings": portal_settings,
        "page_size": options.page_size,
        "is_extract": is_extract,
        "scope": _scope_description(options, locale) if is_extract else "",
        "need": need,
        "groups": groups,
        "entries": entries,
        "families": families,
        "legend": StarLegend.load(),
        "indexes": _indexes(entries, families),
        "cover_image": _image_data_uri(options.cover_image_path),
        "now": now,
        "reference_monday": reference_monday(options.year),
    }
