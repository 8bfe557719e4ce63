"""A declaration's proposed values, readable, compared with a venue, and applied as a draft.

Applying never publishes: a new venue is created as a page that is not live, a change becomes a
new revision of the venue. Publication stays with Wagtail and its moderation workflow, so what
residents see has always been reviewed.
"""

from dataclasses import dataclass
from itertools import chain, count

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from guide.fields import MultipleChoiceField
from guide.models import VenueIndexPage, VenuePage, VenueServiceLevel
from guide.models.catalogue import service_catalogue
from guide.rich_text import html_to_text, text_to_html
from guide.validators import format_phone
from guide.vocab import LEVEL_CHOICES

from .forms import VENUE_SECTIONS
from .models import DECLARABLE_FIELDS

SERVICES = "services"
HOURS_FIELDS = ("opening_hours", "hours_note")
LEVEL_LABELS = dict(LEVEL_CHOICES)


class CannotApply(Exception):
    """The declaration lacks what a venue needs (a territory, a title, an existing venue)."""


@dataclass
class Row:
    """One line of a readable declaration or of a difference.

    A family of services changes item by item: ``changes`` says so in full ("Permis et carte
    grise : ★ basique → ★★★ expert"), ``current`` and ``proposed`` hold the items changed.
    """

    label: str
    current: str
    proposed: str
    changes: tuple = ()  # of Change


@dataclass(frozen=True)
class Change:
    """A service whose level changes; "non proposé" stands for a service added or removed."""

    label: str
    current: str
    proposed: str

    def __str__(self):
        return f"{self.label} : {self.current} → {self.proposed}"


# Proposed values → model values.


def model_value(name, value):
    field = VenuePage._meta.get_field(name)
    if isinstance(field, MultipleChoiceField):
        return list(value or [])
    if name == "presentation":
        return text_to_html(value)
    if name == "phone":
        return format_phone(value or "")
    if name == "step_free":
        return value
    if field.get_internal_type() == "BooleanField":
        return bool(value)
    return (value or "").strip() if isinstance(value, str) or value is None else value


def proposed_fields(declaration):
    """(field name, model value) of the proposed fields, in the form's order."""
    data = declaration.venue_data or {}
    return [(name, model_value(name, data[name])) for name in DECLARABLE_FIELDS if name in data]


# Values → text for people.


def display(name, value):
    field = VenuePage._meta.get_field(name)
    if isinstance(field, MultipleChoiceField):
        labels = dict(field.vocabulary)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool) or value is None and name == "step_free":
        return {True: _("Oui"), False: _("Non"), None: _("Inconnu")}[value]
    if name == "presentation":
        return html_to_text(value)
    return str(value or "")


def label_of(name):
    """A field's label; the page title is Wagtail's generic "title", named here for a venue."""
    if name == "title":
        return str(_("Nom du lieu"))
    return str(capfirst(VenuePage._meta.get_field(name).verbose_name))


def is_given(name, value):
    """Whether the declarant said something: an empty text or list, an unticked box or an
    unknown step-free access says nothing."""
    if name == "step_free":
        return value is not None
    return value not in ("", None, False, [])


# Services: {French item id: level}, read through the catalogue in the moderator's language.


def proposed_levels(declaration, catalogue):
    """{French item id: level} the declaration proposes, without unknown services or levels."""
    pk_of = {
        (service.family_slug, service.slug): service.pk
        for family in catalogue
        for service in family.services
    }
    levels = {}
    for entry in (declaration.venue_data or {}).get(SERVICES) or []:
        if not isinstance(entry, dict):
            continue
        pk, level = pk_of.get((entry.get("family"), entry.get("item"))), entry.get("level")
        if pk is not None and level in LEVEL_LABELS:
            levels[pk] = max(int(level), levels.get(pk, 0))
    return levels


def level_text(level):
    return str(LEVEL_LABELS[level]) if level else _("non proposé")


def service_label(family):
    return _("Services — %(family)s") % {"family": family.name}


def service_lines(family, levels):
    """Lines such as "Permis et carte grise : ★★★ expert", one per service offered."""
    return [
        f"{service.label} : {level_text(levels[service.pk])}"
        for service in family.services
        if service.pk in levels
    ]


def service_changes(family, current, proposed):
    """Row of the family's services whose level would change, or None when none does."""
    changes = tuple(
        Change(
            service.label, level_text(current.get(service.pk)), level_text(proposed.get(service.pk))
        )
        for service in family.services
        if current.get(service.pk) != proposed.get(service.pk)
    )
    if not changes:
        return None
    return Row(
        service_label(family),
        "\n".join(f"{change.label} : {change.current}" for change in changes),
        "\n".join(f"{change.label} : {change.proposed}" for change in changes),
        changes=changes,
    )


# What a moderator reads.


def proposal_sections(declaration):
    """(heading, rows) of what the declaration proposes, in the public form's groups; fields
    left empty and groups with nothing are left out."""
    proposed = {
        name: value for name, value in proposed_fields(declaration) if is_given(name, value)
    }
    groups = [*VENUE_SECTIONS, (_("Horaires"), HOURS_FIELDS)]
    sections = [
        (
            heading,
            [
                Row(label_of(name), "", display(name, proposed[name]))
                for name in names
                if name in proposed
            ],
        )
        for heading, names in groups
    ]
    sections.append((_("Services proposés"), proposed_service_rows(declaration)))
    return [(heading, rows) for heading, rows in sections if rows]


def proposed_service_rows(declaration):
    if SERVICES not in (declaration.venue_data or {}):
        return []
    catalogue = service_catalogue()
    proposed = proposed_levels(declaration, catalogue)
    return [
        Row(service_label(family), "", "\n".join(lines))
        for family in catalogue
        if (lines := service_lines(family, proposed))
    ]


def readable_proposal(declaration):
    """Rows (label, proposed value) of everything the declaration proposes."""
    return [row for _heading, rows in proposal_sections(declaration) for row in rows]


def differences(declaration, venue):
    """Rows for the fields and the families of services the declaration would change."""
    rows = []
    for name, value in proposed_fields(declaration):
        current = getattr(venue, name)
        if display(name, current).strip() != display(name, value).strip():
            rows.append(Row(label_of(name), display(name, current), display(name, value)))
    if SERVICES in (declaration.venue_data or {}):
        catalogue = service_catalogue()
        proposed = proposed_levels(declaration, catalogue)
        rows += [
            row
            for family in catalogue
            if (row := service_changes(family, venue.levels_by_item, proposed))
        ]
    return rows


# Applying.


def set_services(venue, levels, catalogue):
    """The venue's levels become these, a row per service offered, in the catalogue's order."""
    existing = {row.item_id: row for row in venue.service_levels.all()}
    offered = [service.pk for family in catalogue for service in family.services]
    rows = []
    for order, item_id in enumerate(pk for pk in offered if pk in levels):
        row = existing.get(item_id) or VenueServiceLevel(item_id=item_id)
        row.level = levels[item_id]
        row.sort_order = order
        rows.append(row)
    venue.service_levels = rows
    venue.__dict__.pop("levels_by_item", None)


def fill(venue, declaration):
    for name, value in proposed_fields(declaration):
        if name == "presentation" and display(name, value) == display(name, venue.presentation):
            continue  # same words: keep the editor's formatting
        setattr(venue, name, value)
    if SERVICES in (declaration.venue_data or {}):
        catalogue = service_catalogue()
        set_services(venue, proposed_levels(declaration, catalogue), catalogue)


def problems(venue):
    """What the editor must fix before publishing, as "label : message" lines, each field named
    by its French label (the venue code too, which no declaration gives)."""
    try:
        venue.full_clean(exclude=["path", "depth", "url_path"])
    except ValidationError as error:
        return [
            " ".join(messages)
            if name == NON_FIELD_ERRORS
            else f"{label_of(name)} : {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
    return []


def unique_slug(index, title):
    """An ASCII slug like the other venues' ("espace-numerique"), numbered if already taken."""
    base = slugify(title)[:200] or "lieu"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return next(
        slug for slug in chain([base], (f"{base}-{n}" for n in count(2))) if slug not in taken
    )


def create_venue(declaration, user):
    """A new venue page, not live, filled from the declaration; returns (venue, problems)."""
    if declaration.territory is None:
        raise CannotApply(_("Indiquez d'abord le territoire de la déclaration."))
    if not (declaration.venue_data or {}).get("title", "").strip():
        raise CannotApply(_("La déclaration ne donne pas le nom du lieu."))
    index = VenueIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        raise CannotApply(_("Créez d'abord la page « liste des lieux »."))
    venue = VenuePage(territory=declaration.territory, live=False, locale=index.locale)
    fill(venue, declaration)
    venue.slug = unique_slug(index, venue.title)
    index.add_child(instance=venue)
    venue.save_revision(user=user, clean=False)
    log(instance=venue, action="wagtail.create", user=user)
    return venue, problems(venue)


def update_venue(declaration, user):
    """A new draft revision of the declaration's venue; the live page is untouched."""
    if declaration.venue_id is None:
        raise CannotApply(_("Cette déclaration ne concerne aucun lieu existant."))
    venue = declaration.venue.get_latest_revision_as_object()
    fill(venue, declaration)
    venue.save_revision(user=user, log_action=True, clean=False)
    return venue, problems(venue)
