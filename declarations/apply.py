"""A declaration's proposed values, readable, compared with a venue, and applied as a draft.

Applying never publishes: a new venue is created as a page that is not live, a change becomes a
new revision of the venue. Publication stays with Wagtail and its moderation workflow, so what
residents see has always been reviewed.
"""

from dataclasses import dataclass
from itertools import chain, count

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from guide.fields import MultipleChoiceField
from guide.models import ServiceFamily, VenueIndexPage, VenuePage
from guide.models.catalogue import LEVEL_CHOICES
from guide.rich_text import html_to_text, text_to_html
from guide.validators import format_phone

from .models import DECLARABLE_FIELDS

SERVICES = "services"
LEVEL_LABELS = dict(LEVEL_CHOICES)


class CannotApply(Exception):
    """The declaration lacks what a venue needs (a territory, a title, an existing venue)."""


@dataclass
class Row:
    """One line of a readable declaration or of a difference."""

    label: str
    current: str
    proposed: str


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
    return str(VenuePage._meta.get_field(name).verbose_name).capitalize()


# Services: {family slug: (level, [item slugs])}.


def families_by_slug(locale_id):
    families = ServiceFamily.objects.filter(locale_id=locale_id).prefetch_related("items")
    return {family.slug: family for family in families}


def proposed_services(declaration, families):
    services = {}
    for service in (declaration.venue_data or {}).get(SERVICES) or []:
        family = families.get(service.get("family"))
        if family is None:
            continue
        known = [item.slug for item in family.items.all()]
        items = [slug for slug in known if slug in (service.get("items") or [])]
        level = service.get("level") if service.get("level") in LEVEL_LABELS else 1
        services[family.slug] = (level, items)
    return services


def current_services(venue, families):
    slug_of_family = {family.pk: family.slug for family in families.values()}
    slug_of_item = {
        item.pk: item.slug for family in families.values() for item in family.items.all()
    }
    services = {}
    for rating in venue.service_ratings.all():
        family_slug = slug_of_family.get(rating.family_id)
        if family_slug:
            item_ids = {item.pk for item in rating.items.all()}
            items = [slug for pk, slug in slug_of_item.items() if pk in item_ids]
            services[family_slug] = (rating.level, items)
    return services


def display_service(family, service):
    if service is None:
        return "—"
    level, items = service
    labels = [item.label for item in family.items.all() if item.slug in items]
    text = str(LEVEL_LABELS[level])
    return f"{text} : {', '.join(labels)}" if labels else text


def service_label(family):
    return _("Services — %(family)s") % {"family": family.name}


# What a moderator reads.


def readable_proposal(declaration):
    """Rows (label, proposed value) of everything the declaration proposes."""
    rows = [
        Row(label_of(name), "", display(name, value))
        for name, value in proposed_fields(declaration)
    ]
    if SERVICES in (declaration.venue_data or {}):
        locale_id = declaration.territory.locale_id if declaration.territory else None
        families = families_by_slug(locale_id or Locale.get_default().pk)
        proposed = proposed_services(declaration, families)
        rows += [
            Row(service_label(family), "", display_service(family, proposed[slug]))
            for slug, family in families.items()
            if slug in proposed
        ]
    return rows


def differences(declaration, venue):
    """Rows for the fields and services the declaration would change on this venue."""
    rows = []
    for name, value in proposed_fields(declaration):
        current = getattr(venue, name)
        if display(name, current).strip() != display(name, value).strip():
            rows.append(Row(label_of(name), display(name, current), display(name, value)))
    if SERVICES in (declaration.venue_data or {}):
        families = families_by_slug(venue.locale_id)
        current = current_services(venue, families)
        proposed = proposed_services(declaration, families)
        for slug, family in families.items():
            if current.get(slug) != proposed.get(slug):
                rows.append(
                    Row(
                        service_label(family),
                        display_service(family, current.get(slug)),
                        display_service(family, proposed.get(slug)),
                    )
                )
    return rows


# Applying.


def set_services(venue, services, families):
    """Replace the venue's ratings, keeping the rows of the families it already had."""
    existing = {rating.family_id: rating for rating in venue.service_ratings.all()}
    ratings = []
    for slug, family in families.items():
        if slug not in services:
            continue
        level, items = services[slug]
        rating = existing.get(family.pk) or VenueServiceRating(family=family)
        rating.level = level
        rating.items = [item for item in family.items.all() if item.slug in items]
        ratings.append(rating)
    venue.service_ratings = ratings


def fill(venue, declaration, families):
    for name, value in proposed_fields(declaration):
        if name == "presentation" and display(name, value) == display(name, venue.presentation):
            continue  # same words: keep the editor's formatting
        setattr(venue, name, value)
    if SERVICES in (declaration.venue_data or {}):
        set_services(venue, proposed_services(declaration, families), families)


def problems(venue):
    """What the editor must fix before publishing, as "label : message" lines."""
    try:
        venue.full_clean(exclude=["path", "depth", "url_path"])
    except ValidationError as error:
        return [
            f"{label_of(name) if name in DECLARABLE_FIELDS else name} : {' '.join(messages)}"
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
        raise CannotApply(_("Créez d'abord la page « liste des lieux »."))
    venue = VenuePage(territory=declaration.territory, live=False, locale=index.locale)
    fill(venue, declaration, families_by_slug(index.locale_id))
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
    fill(venue, declaration, families_by_slug(venue.locale_id))
    venue.save_revision(user=user, log_action=True, clean=False)
    return venue, problems(venue)
