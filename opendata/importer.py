"""Import venues from a file in the national schema (CSV or JSON).

What an import does, in order:

- reads the file: CSV in UTF-8, separated by commas or semicolons (sniffed from the header), or
  JSON (a list of objects whose keys are the column names);
- validates every row with ``schema.validate_row``, then the venue it would write as the admin
  form does (``venue_errors``: every field's validators and ``VenuePage.clean``); each bad row
  is reported with its line number (its position for JSON) and its reasons in French, and
  skipped, and the good rows are imported;
- imports the good rows **in one transaction**: a problem in the database leaves it untouched;
- matches each row to a venue by the source's ``id``, then by pivot + address + postcode; an
  unmatched row becomes a new venue page under the venue list, a **draft** for editors to
  review and publish unless ``publish=True``, which puts it live unreviewed (the report says
  so, and how many), in the territory given, else the first one (a territory "Lieux importés"
  is created when there is none: a venue needs one);
- is idempotent: for each column it remembers what the file said and what the venue then showed
  (``VenuePage.import_snapshot``); a row identical to the last import changes nothing, and no
  revision is made for an unchanged venue;
- never overwrites an editor: a column whose value differs from what the last import left
  (or, on a venue never imported, a column an editor filled differently) is kept and reported
  « champ modifié par un éditeur depuis le dernier import : conservé »;
- updates a venue through a new revision, published at once if the venue was live with no
  pending changes (counted in the report's warning too), else left as a draft on top of the
  editors' pending changes;
- writes the national services through the editable mapping (``mapping.py``): a listed
  service rates its detailed service at the mapping's level (★ by default) unless the venue
  has it higher, a service no longer listed removes the detailed services it maps to, and the
  others are kept; the standard says nothing of levels, so the report counts the services rated
  for editors to adjust (``ImportReport.services_notes``);
- with ``dry_run=True`` does all of this then rolls the transaction back: the report says what
  would be created, updated and left unchanged, and nothing is written.
"""

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale

from guide.models import Territory, VenueIndexPage, VenuePage, VenueServiceLevel
from guide.vocab import LEVEL_CHOICES
from portal.content_cache import content_changed

from . import schema
from .bulk import bulk_add_children
from .mapping import ServiceCatalogue
from .venues import (
    CARRIED_COLUMNS,
    READERS,
    TYPOLOGIES,
    WRITERS,
    as_cell,
    service_state,
)

EDITOR_KEPT = "champ modifié par un éditeur depuis le dernier import : conservé"
PENDING_CHANGES = "des modifications attendent publication"
IMPORTED_TERRITORY = "Lieux importés"
# Columns always taken from the file: they describe the record, not the place.
UNPROTECTED = {"source"}


class ImportFileError(Exception):
    """The file cannot be read at all; the message is in French."""


@dataclass
class RowReport:
    label: str  # "ligne 12" (CSV) or "objet 3" (JSON)
    name: str
    reasons: list = field(default_factory=list)

    def __str__(self):
        head = f"{self.label} ({self.name})" if self.name else self.label
        return f"{head} : " + " ; ".join(self.reasons) if self.reasons else head


@dataclass
class ImportReport:
    dry_run: bool = False
    publish: bool = False
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    errors: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    # Detailed services the import rated (new, or raised to the mapping's level), by level;
    # the venues concerned; the detailed services it removed.
    rated: Counter = field(default_factory=Counter)
    rated_venues: int = 0
    removed: int = 0
    # Live venues whose update was published at once.
    republished: int = 0

    @property
    def changes(self):
        return len(self.created) + len(self.updated)

    def summary(self):
        if self.dry_run:
            created = ngettext(
                "%(count)d lieu serait créé", "%(count)d lieux seraient créés", len(self.created)
            )
        else:
            created = ngettext(
                "%(count)d lieu a été créé", "%(count)d lieux ont été créés", len(self.created)
            )
        unchanged = ngettext("%(count)d inchangé", "%(count)d inchangés", self.unchanged)
        errors = ngettext(
            "%(count)d ligne en erreur ignorée",
            "%(count)d lignes en erreur ignorées",
            len(self.errors),
        )
        return (
            f"{created % {'count': len(self.created)}}, {len(self.updated)} mis à jour, "
            f"{unchanged % {'count': self.unchanged}}, {errors % {'count': len(self.errors)}}."
        )

    def publication_warnings(self):
        """What went live without an editor reading it, in French: the new venues of
        ``--publish``, and the updates of live venues."""
        warnings = []
        created = len(self.created) if self.publish else 0
        if created:
            if self.dry_run:
                message = ngettext(
                    "Attention : %(count)d nouveau lieu serait publié sans relecture "
                    "(--publish) : il serait en ligne et dans les données ouvertes tel que le "
                    "fichier le décrit.",
                    "Attention : %(count)d nouveaux lieux seraient publiés sans relecture "
                    "(--publish) : ils seraient en ligne et dans les données ouvertes tels que "
                    "le fichier les décrit.",
                    created,
                )
            else:
                message = ngettext(
                    "Attention : %(count)d nouveau lieu a été publié sans relecture "
                    "(--publish) : il est en ligne et dans les données ouvertes tel que le "
                    "fichier le décrit. Relisez-le dans l'administration.",
                    "Attention : %(count)d nouveaux lieux ont été publiés sans relecture "
                    "(--publish) : ils sont en ligne et dans les données ouvertes tels que le "
                    "fichier les décrit. Relisez-les dans l'administration.",
                    created,
                )
            warnings.append(message % {"count": created})
        if self.republished:
            if self.dry_run:
                message = ngettext(
                    "Attention : %(count)d lieu en ligne serait mis à jour et republié sans "
                    "relecture.",
                    "Attention : %(count)d lieux en ligne seraient mis à jour et republiés sans "
                    "relecture.",
                    self.republished,
                )
            else:
                message = ngettext(
                    "Attention : %(count)d lieu en ligne a été mis à jour et republié sans "
                    "relecture.",
                    "Attention : %(count)d lieux en ligne ont été mis à jour et republiés sans "
                    "relecture.",
                    self.republished,
                )
            warnings.append(message % {"count": self.republished})
        return warnings

    def count_levels(self, before, after):
        """Note what writing a venue's services changed in its levels."""
        rated = [level for item, level in after.items() if before.get(item, 0) < level]
        self.rated.update(rated)
        self.rated_venues += bool(rated)
        self.removed += len(before.keys() - after.keys())

    def services_notes(self):
        """What the import did to the venues' detailed services, in French."""
        notes = []
        if self.rated:
            notes.append(self._rated_note())
        if self.removed:
            if self.dry_run:
                removed = ngettext(
                    "%(count)d service détaillé serait retiré : son service national n'est plus "
                    "dans le fichier.",
                    "%(count)d services détaillés seraient retirés : leur service national n'est "
                    "plus dans le fichier.",
                    self.removed,
                )
            else:
                removed = ngettext(
                    "%(count)d service détaillé retiré : son service national n'est plus dans "
                    "le fichier.",
                    "%(count)d services détaillés retirés : leur service national n'est plus "
                    "dans le fichier.",
                    self.removed,
                )
            kept = gettext("Les services qu'aucun service national ne désigne sont conservés.")
            notes.append(f"{removed % {'count': self.removed}} {kept}")
        return notes

    def _rated_note(self):
        names = dict(LEVEL_CHOICES)
        count = self.rated.total()
        by_level = ", ".join(
            f"{names[level]} : {number}" for level, number in sorted(self.rated.items())
        )
        if self.dry_run:
            rated = ngettext(
                "%(count)d service détaillé serait noté",
                "%(count)d services détaillés seraient notés",
                count,
            )
        else:
            rated = ngettext(
                "%(count)d service détaillé noté", "%(count)d services détaillés notés", count
            )
        venues = ngettext("dans %(venues)d lieu", "dans %(venues)d lieux", self.rated_venues)
        source = gettext(
            "d'après la correspondance des services nationaux (%(levels)s). Le fichier national "
            "ne donne pas de niveau : précisez-les dans l'administration."
        )
        return " ".join(
            [
                rated % {"count": count},
                venues % {"venues": self.rated_venues},
                source % {"levels": by_level},
            ]
        )


@dataclass
class ImportContext:
    source: str
    services: ServiceCatalogue
    report: ImportReport
    now: object


# Reading files


def read_rows(path):
    """[(label, row dict)] of a CSV or JSON file in the national schema."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("le fichier n'est pas encodé en UTF-8") from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return parse_json(text)
    return parse_csv(text)


def parse_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(f"JSON illisible (ligne {error.lineno}) : {error.msg}") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFileError("le fichier JSON doit contenir une liste d'objets")
    return [(f"objet {number}", row) for number, row in enumerate(data, start=1)]


def parse_csv(text):
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    names = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in schema.REQUIRED_COLUMNS if name not in names]
    if missing:
        raise ImportFileError(f"colonnes obligatoires absentes : {', '.join(missing)}")
    reader.fieldnames = names
    rows, previous_end = [], reader.line_num
    for row in reader:
        if any((value or "").strip() for key, value in row.items() if key):
            rows.append((f"ligne {previous_end + 1}", row))
        previous_end = reader.line_num
    return rows


# Matching rows to venues


def _address_key(pivot, address, postcode):
    return (pivot, " ".join(slugify(address).split("-")), postcode)


class VenueMatcher:
    """Existing French venues by source id and by pivot + address, loaded in three queries."""

    def __init__(self):
        venues = (
            VenuePage.objects.filter(locale=Locale.get_default())
            .prefetch_related("service_levels")
            .order_by("path")
        )
        self.by_id, self.by_address = {}, {}
        for venue in venues:
            if venue.national_id:
                self.by_id.setdefault(venue.national_id, venue)
            if venue.pivot:
                key = _address_key(venue.pivot, venue.address, venue.postcode)
                self.by_address.setdefault(key, venue)

    def find(self, clean):
        venue = self.by_id.get(clean["id"])
        if venue is None and clean["pivot"] != schema.UNKNOWN_PIVOT:
            key = _address_key(clean["pivot"], clean["adresse"], clean["code_postal"])
            venue = self.by_address.get(key)
        return venue


# Writing venues


def _snapshot(venue, clean, ctx, columns):
    """What the file said and what the venue then showed, per column; plus the source's
    date_maj, published while nobody changes the venue."""
    snapshot = {
        name: [as_cell(clean[name]), as_cell(READERS[name](venue, ctx))] for name in columns
    }
    snapshot["date_maj"] = [as_cell(clean["date_maj"])] * 2
    return snapshot


# The column of the file that writes each venue field, to name it in the reasons of a bad row.
FIELD_COLUMNS = {
    "national_id": "id",
    "pivot": "pivot",
    "title": "nom",
    "commune": "commune",
    "postcode": "code_postal",
    "insee_code": "code_insee",
    "address": "adresse",
    "address_complement": "complement_adresse",
    "latitude": "latitude",
    "longitude": "longitude",
    "phone": "telephone",
    "emails": "courriels",
    "website": "site_web",
    "other_websites": "site_web",
    "opening_hours": "horaires",
    "summary": "presentation_resume",
    "presentation": "presentation_detail",
    "import_source": "source",
    "parent_structure": "structure_parente",
    "other_labels": "autres_formations_labels",
    "accessibility_url": "fiche_acces_libre",
    "booking_url": "prise_rdv",
}
# Fields the import writes that no admin form shows.
IMPORT_ONLY_FIELDS = {"national_id", "import_source"}


@cache
def unvalidated_fields():
    """The venue's fields left out of ``venue_errors``: those neither the admin form nor the
    import writes (Wagtail's tree and revisions); the territory, which the import chose itself
    (checking it would cost a query per venue); and the slug, which the import makes unique
    when it adds the pages."""
    form_fields = set(VenuePage.get_edit_handler().get_form_class()._meta.fields)
    validated = (form_fields | IMPORT_ONLY_FIELDS) - {"territory", "slug"}
    return [
        model_field.name
        for model_field in VenuePage._meta.concrete_fields
        if model_field.name not in validated
    ]


def _reason(name, message):
    if name == NON_FIELD_ERRORS:
        return message
    column = FIELD_COLUMNS.get(name) or VenuePage._meta.get_field(name).verbose_name
    return f"{column} : {message}"


def venue_errors(venue):
    """What the admin form would say of the venue as the import is about to save it: its
    fields' validators and ``VenuePage.clean``, each reason named by its column."""
    try:
        venue.full_clean(
            exclude=unvalidated_fields(), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return [
            _reason(name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def _forget_changes(venue):
    """Back to the saved venue after a refused row: a later row may match it again."""
    venue.refresh_from_db()
    venue.__dict__.pop("_service_state", None)


def new_venue(clean, ctx, territory, locale, publish):
    venue = VenuePage(
        territory=territory,
        locale=locale,
        national_id=clean["id"],
        imported_at=ctx.now,
        # The source's date of its last update is the last day the data is known true.
        verified_on=clean["date_maj"],
        live=publish,
        has_unpublished_changes=not publish,
        first_published_at=ctx.now if publish else None,
        last_published_at=ctx.now if publish else None,
    )
    for name in CARRIED_COLUMNS:
        WRITERS[name](venue, clean[name], clean, ctx)
    venue.import_snapshot = _snapshot(venue, clean, ctx, CARRIED_COLUMNS)
    return venue


def _editor_changed(snapshot, name, current):
    """True when the column's value is not what the last import left (or, never imported,
    an editor filled it)."""
    if name in UNPROTECTED:
        return False
    if name in snapshot:
        return current != snapshot[name][1]
    return bool(current) and current != schema.UNKNOWN_PIVOT


def merge_row(venue, clean, ctx):
    """Write the row's new values onto ``venue``; return (changed columns, kept columns)."""
    snapshot, changed, kept = venue.import_snapshot or {}, [], []
    new_snapshot = dict(snapshot)
    for name in CARRIED_COLUMNS:
        incoming = as_cell(clean[name])
        current = as_cell(READERS[name](venue, ctx))
        if _editor_changed(snapshot, name, current):
            if incoming != current:
                kept.append(name)
            continue
        if name in snapshot and incoming == snapshot[name][0]:
            continue
        WRITERS[name](venue, clean[name], clean, ctx)
        new_snapshot[name] = [incoming, as_cell(READERS[name](venue, ctx))]
        if new_snapshot[name][1] != current:
            changed.append(name)
    if new_snapshot != snapshot or venue.national_id != clean["id"]:
        new_snapshot["date_maj"] = [as_cell(clean["date_maj"])] * 2
        venue.import_snapshot, venue.national_id = new_snapshot, clean["id"]
        changed = changed or ["id"]
    return changed, kept


def _current_version(venue):
    """What editors see: the latest revision when changes wait for publication."""
    if venue.has_unpublished_changes and venue.latest_revision_id:
        return venue.get_latest_revision_as_object(), True
    return venue, False


def _set_levels(venue, ctx):
    """The venue's rows once its services are written, keeping the rows that stay."""
    levels = service_state(venue)
    ctx.report.count_levels(venue.levels_by_item, levels)
    existing = {row.item_id: row for row in venue.service_levels.all()}
    rows = []
    for order, item_id in enumerate(ctx.services.in_order(levels)):
        row = existing.get(item_id) or VenueServiceLevel(item_id=item_id)
        row.level, row.sort_order = levels[item_id], order
        rows.append(row)
    venue.service_levels = rows


def save_update(venue, changed, ctx, pending):
    if service_state(venue) != venue.levels_by_item:
        _set_levels(venue, ctx)
    venue.imported_at = ctx.now
    revision = venue.save_revision(clean=False, changed=True)
    if venue.live and not pending:
        revision.publish()
        ctx.report.republished += 1


def default_territory(locale):
    territory = Territory.objects.filter(locale=locale).order_by("sort_order", "name").first()
    return territory or Territory.objects.create(
        name=IMPORTED_TERRITORY, slug=slugify(IMPORTED_TERRITORY), locale=locale
    )


def _unique_slugs(venues, parent):
    taken = set(parent.get_children().values_list("slug", flat=True))
    for venue in venues:
        base = slugify(venue.title)[:240] or "lieu"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        venue.slug = slug


def create_venues(venues, parent, ctx):
    _unique_slugs(venues, parent)
    bulk_add_children(parent, venues)
    rows = []
    for venue in venues:
        levels = service_state(venue)
        ctx.report.count_levels({}, levels)
        rows += [
            VenueServiceLevel(
                page_id=venue.pk, item_id=item_id, level=levels[item_id], sort_order=order
            )
            for order, item_id in enumerate(ctx.services.in_order(levels))
        ]
    VenueServiceLevel.objects.bulk_create(rows)


def _check(raw, seen):
    clean, errors = schema.validate_row(raw)
    if not errors and clean["id"] in seen:
        errors.append(f'id : "{clean["id"]}" figure déjà en {seen[clean["id"]]}')
    return clean, errors


def _create(venue, clean, label, report):
    """Keep a new venue for creation unless the admin form would refuse it; True if kept."""
    errors = venue_errors(venue)
    if errors:
        report.errors.append(RowReport(label, clean["nom"], errors))
        return False
    report.created.append(RowReport(label, clean["nom"]))
    return True


def _merge_into(venue, clean, ctx, label, report):
    """Update a matched venue with a row, sparing what editors changed, unless the admin form
    would refuse the result; True if the row is taken."""
    current, pending = _current_version(venue)
    changed, kept = merge_row(current, clean, ctx)
    name = clean["nom"]
    if changed:
        errors = venue_errors(current)
        if errors:
            if current is venue:
                _forget_changes(venue)
            report.errors.append(RowReport(label, name, errors))
            return False
    if kept:
        report.kept.append(RowReport(label, name, [f"{column} : {EDITOR_KEPT}" for column in kept]))
    if changed:
        save_update(current, changed, ctx, pending)
        report.updated.append(RowReport(label, name, [", ".join(changed)]))
    else:
        report.unchanged += 1
    return True


def _note_unknown_typologies(clean, label, report):
    unknown = [code for code in clean["typologie"] if code not in TYPOLOGIES]
    if unknown:
        ignored = ngettext("valeur ignorée", "valeurs ignorées", len(unknown))
        reason = f"typologie : {ignored} : {', '.join(unknown)}"
        report.notes.append(RowReport(label, clean["nom"], [reason]))


def import_venues(rows, *, source="", dry_run=False, publish=False, territory=None):
    """Import rows [(label, dict)]; return an ``ImportReport`` (see the module docstring)."""
    report = ImportReport(dry_run=dry_run, publish=publish)
    with transaction.atomic():
        locale = Locale.get_default()
        parent = VenueIndexPage.objects.filter(locale=locale).first()
        if parent is None:
            raise ImportFileError("aucune liste des lieux en français où créer les lieux")
        ctx = ImportContext(
            source=source,
            services=ServiceCatalogue.load(),
            report=report,
            now=timezone.now(),
        )
        territory = territory or default_territory(locale)
        matcher, seen, created = VenueMatcher(), {}, []
        for label, raw in rows:
            clean, errors = _check(raw, seen)
            if errors:
                report.errors.append(RowReport(label, clean.get("nom") or "", errors))
                continue
            seen[clean["id"]] = label
            venue = matcher.find(clean)
            if venue is None:
                venue = new_venue(clean, ctx, territory, locale, publish)
                taken = _create(venue, clean, label, report)
                if taken:
                    created.append(venue)
            else:
                taken = _merge_into(venue, clean, ctx, label, report)
            if taken:
                _note_unknown_typologies(clean, label, report)
        create_venues(created, parent, ctx)
        if dry_run:
            transaction.set_rollback(True)
        elif created:
            # Bulk creation sends no page signals: renew the caches of lists and data files.
            transaction.on_commit(content_changed)
    return report


def import_file(path, **options):
    return import_venues(read_rows(path), **options)
