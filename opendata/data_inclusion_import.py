"""Import a data·inclusion file for moderation: its structures become declarations to review.

data·inclusion publishes two files, the structures and their services (JSON arrays or CSV, the
``data-inclusion-schema`` package's models ``Structure`` and ``Service``). Nothing here touches a
venue page: each structure becomes a declaration in the moderators' inbox (origin
« data·inclusion », the file's producer as its source), which a moderator applies with the
inbox's usual buttons (``declarations.apply``) and publishes through Wagtail.

What an import does, in order:

- reads both files and validates every record with the package's models; a bad record is
  reported with its file, its position (« objet 3 », « ligne 12 ») and its reasons in French, and
  left out; a service whose structure is bad or absent is reported too; the good ones are kept;
- matches each structure to a French venue: by SIRET and address (with the postcode) first,
  then by name and postcode; a matched structure proposes a **change** of that venue, the
  others a **new venue** (in the territory given, else the territory of the venues with the
  same postcode, else none: the moderator chooses it);
- turns the structure into the declaration's ``venue_data`` (declarations/models.py): only what
  the file says, so that applying a change leaves the rest of the venue as it is; the
  structure's services give the publics, costs, access modes and accompaniment, and their
  thématiques the detailed services through the editable mapping
  (``opendata.data_inclusion.thematiques.items_for_thematiques``): each service lands on the
  first item of its thématiques, or on the item it is named after, at ★ unless its description
  says « Niveau : maîtrise » or « Niveau : expert » (what the portal's own export writes). A
  change keeps the venue's other services and never lowers a level the file does not state, nor
  removes what data·inclusion cannot say (``as_change``): the portal's own export, imported
  back, proposes nothing;
- when a services file is given, leaves out the structures that offer no service the guide
  knows and match no venue: a whole department's extract lists every kind of social help;
- is idempotent: the declaration keeps the record's id and a fingerprint of what it proposes;
  a record already declared with the same fingerprint (whatever became of that declaration),
  or a change that would change nothing, creates nothing; a new version of a record whose
  declaration is still unread refreshes it; one whose declaration is being handled waits (the
  database allows one open declaration per record: see the model's constraint);
- writes in one transaction, with bulk inserts; ``dry_run`` rolls it back.
"""

import csv
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext, ngettext
from wagtail.models import Locale

from declarations import apply, decisions
from declarations.data import service_entries
from declarations.models import Declaration
from guide import vocab
from guide.models import ServiceItem, VenuePage
from guide.models.catalogue import french_items
from guide.validators import format_phone, split_emails, validate_opening_hours

from .data_inclusion.thematiques import items_for_thematiques
from .importer import ImportFileError, RowReport

Kind = Declaration.Kind
Status = Declaration.Status

# Fields holding several values: a CSV cell lists them as JSON, {a,b} or "a, b".
STRUCTURE_LIST_FIELDS = {"reseaux_porteurs"}
SERVICE_LIST_FIELDS = {
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
}

PUBLICS = {
    "jeunes": vocab.Public.YOUTH,
    "etudiants": vocab.Public.STUDENTS,
    "familles": vocab.Public.FAMILIES,
    "seniors": vocab.Public.SENIORS,
    "femmes": vocab.Public.WOMEN,
    "demandeurs-emploi": vocab.Public.JOB_SEEKERS,
    "beneficiaires-des-minimas-sociaux": vocab.Public.RSA,
    "actifs": vocab.Public.EMPLOYEES,
    "personnes-exilees": vocab.Public.FOREIGNERS,
}
TYPOLOGIES = {
    "caf": vocab.Typology.CAF,
    "ccas-cias": vocab.Typology.CCAS,
    "communes": vocab.Typology.MUNI,
    "cpam": vocab.Typology.CPAM,
    "espaces-publics-numeriques": vocab.Typology.EPN,
    "france-service": vocab.Typology.RFS,
    "france-travail": vocab.Typology.FT,
    "maisons-des-solidarites": vocab.Typology.MDS,
    "mission-locale": vocab.Typology.ML,
    "mjc": vocab.Typology.MJC,
}
PROGRAMMES = {
    "aidants-connect": vocab.Programme.AIDANTS_CONNECT,
    "conseillers-numeriques": vocab.Programme.CONSEILLERS,
    "croix-rouge": vocab.Programme.CROIX_ROUGE,
    "france-service": vocab.Programme.FRANCE_SERVICES,
    "grandes-ecoles-du-numerique": vocab.Programme.GEN,
}
ACCESS_MODES = {
    "se-presenter": vocab.AccessMode.WALK_IN,
    "telephoner": vocab.AccessMode.PHONE,
    "envoyer-un-courriel": vocab.AccessMode.EMAIL,
    "utiliser-lien-mobilisation": vocab.AccessMode.ONLINE_BOOKING,
}
LEVEL_WORDS = {"basique": 1, "maitrise": 2, "maîtrise": 2, "expert": 3}
LEVEL_IN_DESCRIPTION = re.compile(r"niveau\s*:\s*(basique|ma[iî]trise|expert)", re.IGNORECASE)
SUMMARY_LENGTH = 280
DETAILS_LENGTH = 255


# Reading files


def locate_files(path, services=None):
    """(structures file, services file or None): ``path`` is the structures file, or a folder
    holding ``structures.json`` (or ``.csv``) and ``services.json`` (or ``.csv``)."""
    path = Path(path)
    if not path.is_dir():
        return path, Path(services) if services else None
    structures, found_services = (
        next(
            (
                path / f"{stem}{suffix}"
                for suffix in (".json", ".csv")
                if (path / f"{stem}{suffix}").exists()
            ),
            None,
        )
        for stem in ("structures", "services")
    )
    if structures is None:
        raise ImportFileError(
            gettext("le dossier ne contient ni structures.json ni structures.csv")
        )
    return structures, Path(services) if services else found_services


def read_records(path, list_fields):
    """[(label, record dict)] of a JSON array or a CSV file (comma or semicolon)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(gettext("le fichier n'est pas encodé en UTF-8")) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("["):
        return _json_records(path.name, text)
    return _csv_records(path.name, text, list_fields)


def _json_records(name, text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            gettext("JSON illisible (ligne %(line)d) : %(reason)s")
            % {"line": error.lineno, "reason": error.msg}
        ) from None
    if not isinstance(data, list):
        raise ImportFileError(gettext("le fichier JSON doit contenir une liste d'objets"))
    label = gettext("%(file)s, objet %(number)d")
    return [
        (label % {"file": name, "number": number}, record)
        for number, record in enumerate(data, start=1)
    ]


def _csv_records(name, text, list_fields):
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    reader.fieldnames = [column.strip() for column in reader.fieldnames or []]
    records, previous_end = [], reader.line_num
    label = gettext("%(file)s, ligne %(number)d")
    for row in reader:
        record = {
            column: _list_cell(value) if column in list_fields else value.strip()
            for column, value in row.items()
            if column and (value or "").strip()
        }
        if record:
            records.append((label % {"file": name, "number": previous_end + 1}, record))
        previous_end = reader.line_num
    return records


def _list_cell(value):
    value = value.strip()
    if value.startswith("["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            pass
    return [part.strip() for part in re.split(r"[,|]", value.strip("{}[]")) if part.strip()]


# Validating records, reasons in French


def _shown(value):
    return Truncator(str(value)).chars(60)


def _message(error):
    """A pydantic error in French."""
    kind, context, value = error["type"], error.get("ctx") or {}, error.get("input")
    field_name = next((str(part) for part in reversed(error["loc"]) if isinstance(part, str)), "")
    if kind == "missing":
        return gettext("obligatoire, absent")
    if kind == "string_too_short":
        return gettext("trop court (au moins %(count)d caractères)") % {
            "count": context.get("min_length", 0)
        }
    if kind == "string_too_long":
        return gettext("trop long (au plus %(count)d caractères)") % {
            "count": context.get("max_length", 0)
        }
    if kind == "too_short":
        return gettext("au moins une valeur attendue")
    if kind == "enum":
        return gettext("valeur inconnue : « %(value)s »") % {"value": _shown(value)}
    if kind.startswith("url"):
        return gettext("adresse web invalide : « %(value)s »") % {"value": _shown(value)}
    if kind.startswith("date"):
        return gettext("date invalide : « %(value)s » (AAAA-MM-JJ attendu)") % {
            "value": _shown(value)
        }
    if kind.startswith(("float", "int")):
        return gettext("nombre attendu : « %(value)s »") % {"value": _shown(value)}
    if kind in ("set_type", "list_type"):
        return gettext("liste de valeurs attendue")
    if kind == "value_error" and field_name == "courriel":
        return gettext("adresse e-mail invalide : « %(value)s »") % {"value": _shown(value)}
    if kind == "value_error":  # the package's own validators speak French
        return str(context.get("error", "")).rstrip(".")
    return gettext("valeur invalide : « %(value)s »") % {"value": _shown(value)}


def french_reasons(error):
    """« champ : raison » for each problem of a pydantic ``ValidationError``."""
    reasons = []
    for problem in error.errors(include_url=False):
        location = ".".join(str(part) for part in problem["loc"] if isinstance(part, str))
        message = _message(problem)
        reasons.append(f"{location} : {message}" if location else message)
    return reasons


def validate(model, raw):
    """(record or None, reasons)."""
    if not isinstance(raw, dict):
        return None, [gettext("un objet JSON est attendu")]
    try:
        return model.model_validate(raw), []
    except pydantic.ValidationError as error:
        return None, french_reasons(error)


# The report


@dataclass
class DeclarationImportReport:
    dry_run: bool = False
    new_venues: list = field(default_factory=list)  # RowReport of new venue declarations
    changes: list = field(default_factory=list)  # RowReport of change declarations
    refreshed: list = field(default_factory=list)  # unread declarations given the new version
    waiting: list = field(default_factory=list)  # new versions of declarations being handled
    already_declared: int = 0
    identical: int = 0  # matched a venue the record would not change
    not_digital: int = 0  # no service the guide knows, no venue matched
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def created(self):
        return len(self.new_venues) + len(self.changes)

    def summary(self):
        if self.dry_run:
            created = ngettext(
                "%(count)d déclaration serait créée (%(new)d nouveaux lieux, %(changes)d "
                "modifications)",
                "%(count)d déclarations seraient créées (%(new)d nouveaux lieux, %(changes)d "
                "modifications)",
                self.created,
            )
        else:
            created = ngettext(
                "%(count)d déclaration créée (%(new)d nouveaux lieux, %(changes)d modifications)",
                "%(count)d déclarations créées (%(new)d nouveaux lieux, %(changes)d modifications)",
                self.created,
            )
        parts = [
            created
            % {"count": self.created, "new": len(self.new_venues), "changes": len(self.changes)},
            ngettext(
                "%(count)d déclaration en attente mise à jour",
                "%(count)d déclarations en attente mises à jour",
                len(self.refreshed),
            )
            % {"count": len(self.refreshed)},
            ngettext(
                "%(count)d structure déjà déclarée ou sans changement",
                "%(count)d structures déjà déclarées ou sans changement",
                self.already_declared + self.identical,
            )
            % {"count": self.already_declared + self.identical},
            ngettext(
                "%(count)d structure sans service d'inclusion numérique ignorée",
                "%(count)d structures sans service d'inclusion numérique ignorées",
                self.not_digital,
            )
            % {"count": self.not_digital},
            ngettext(
                "%(count)d enregistrement en erreur ignoré",
                "%(count)d enregistrements en erreur ignorés",
                len(self.errors),
            )
            % {"count": len(self.errors)},
        ]
        return ", ".join(parts) + "."


# Services → detailed services


class ItemFinder:
    """The detailed service each data·inclusion service stands for, through the editable
    mapping; one look-up per distinct set of thématiques in a file."""

    def __init__(self):
        self._candidates = {}
        self.label_of = {
            pk: _normalized(label)
            for pk, label in ServiceItem.objects.filter(french_items()).values_list("pk", "label")
        }

    def item_for(self, service):
        codes = frozenset(str(code.value) for code in service.thematiques or ())
        if not codes:
            return None
        if codes not in self._candidates:
            self._candidates[codes] = [item.pk for item in items_for_thematiques(codes)]
        candidates = self._candidates[codes]
        name = _normalized(service.nom)
        named = [pk for pk in candidates if self.label_of.get(pk) == name]
        return (named or candidates or [None])[0]


def level_of(service):
    """The level the service's description states (« Niveau : expert »), else None."""
    found = LEVEL_IN_DESCRIPTION.search(service.description or "")
    return LEVEL_WORDS[found.group(1).lower()] if found else None


def file_levels(services, finder):
    """{item id: level or None (not stated)} of a structure's services."""
    levels = {}
    for service in services:
        item = finder.item_for(service)
        if item is None:
            continue
        stated = level_of(service)
        if item not in levels or (stated or 0) > (levels[item] or 0):
            levels[item] = stated
    return levels


# Structure + services → venue_data


def _normalized(text):
    return " ".join(slugify(text or "").split("-"))


def summary_and_presentation(structure, services):
    """The description's first paragraph is the summary when it fits, the rest the
    presentation (the portal's own export writes them so); a longer one is cut for the summary
    and kept whole as the presentation. Without a description, the services' names."""
    text = (structure.description or "").strip()
    if not text:
        names = " ; ".join(service.nom for service in services) or structure.nom
        return Truncator(names).chars(SUMMARY_LENGTH), ""
    first, _blank, rest = text.partition("\n\n")
    if len(first) <= SUMMARY_LENGTH:
        return first.strip(), rest.strip()
    return Truncator(" ".join(text.split())).chars(SUMMARY_LENGTH), text


def _joined(values, length=None):
    unique = list(dict.fromkeys(value.strip() for value in values if value and value.strip()))
    text = " ".join(unique)
    return Truncator(text).chars(length) if length else text


def _fee(services):
    fees = {service.frais.value for service in services if service.frais}
    if fees == {"gratuit"}:
        return vocab.Fee.FREE
    if fees == {"payant"}:
        return vocab.Fee.PAID
    return vocab.Fee.FREE_UNDER_CONDITION if fees else ""


def _values(services, name):
    return {str(value.value) for service in services for value in getattr(service, name) or ()}


def structure_fields(structure, notes):
    """``venue_data`` entries the structure itself gives."""
    networks = {str(network.value) for network in structure.reseaux_porteurs or ()}
    data = {
        "title": structure.nom.strip(),
        "pivot": structure.siret or "",
        "typology": sorted({TYPOLOGIES[n] for n in networks if n in TYPOLOGIES}),
        "programmes": sorted({PROGRAMMES[n] for n in networks if n in PROGRAMMES}),
        "address": structure.adresse or "",
        "address_complement": structure.complement_adresse or "",
        "postcode": structure.code_postal or "",
        "commune": structure.commune or "",
        "phone": format_phone(structure.telephone or ""),
        "emails": structure.courriel or "",
        "website": str(structure.site_web or ""),
        "accessibility_url": str(structure.accessibilite_lieu or ""),
    }
    hours = (structure.horaires_accueil or "").strip()
    if not hours:
        return data
    try:
        validate_opening_hours(hours)
        data["opening_hours"] = hours
    except ValidationError:
        data["hours_note"] = Truncator(hours).chars(DETAILS_LENGTH)
        notes.append(gettext("horaires_accueil : pas au format OpenStreetMap, repris en remarque"))
    return data


def service_fields(services):
    """``venue_data`` entries the structure's services give (publics, costs, access)."""
    modes = _values(services, "modes_mobilisation")
    types = {str(service.type.value) for service in services if service.type}
    publics = _values(services, "publics")
    return {
        "publics": sorted({PUBLICS[p] for p in publics if p in PUBLICS}),
        "fee": _fee(services),
        "fee_details": _joined((s.frais_precisions for s in services), DETAILS_LENGTH),
        "access_conditions": _joined(s.conditions_acces for s in services),
        "access_modes": sorted({ACCESS_MODES[m] for m in modes if m in ACCESS_MODES}),
        "booking_url": next(
            (str(s.lien_mobilisation) for s in services if s.lien_mobilisation), ""
        ),
        "support_drop_in": "se-presenter" in modes,
        "support_remote": "a-distance" in _values(services, "modes_accueil"),
        "support_workshops": "atelier" in types,
    }


def proposed_data(structure, services, notes, new_venue):
    """What the file says of the venue, in ``venue_data``'s format, without empty values: a
    change then leaves alone what the file does not speak of. A new venue needs a summary:
    without a description, its services' names stand for it."""
    data = {**structure_fields(structure, notes), **service_fields(services)}
    if new_venue or structure.description:
        data["summary"], data["presentation"] = summary_and_presentation(structure, services)
    return {name: value for name, value in data.items() if apply.is_given(name, value)}


# Vocabularies data·inclusion says less of than the guide (no "surdité" public, no "EPN" type).
COARSER_LISTS = ("typology", "programmes", "publics", "access_modes")


def as_change(data, venue):
    """What a change of ``venue`` proposes: the file's values, without removing what the file
    cannot say: the values of the guide's finer vocabularies stay, and the one e-mail a
    structure has does not replace the venue's list when it is in it."""
    change = dict(data)
    for name in COARSER_LISTS:
        if name in change:
            change[name] = list(dict.fromkeys([*getattr(venue, name), *change[name]]))
    if change.get("emails") in split_emails(venue.emails):
        del change["emails"]
    walk_in = vocab.AccessMode.WALK_IN
    if venue.support_drop_in and walk_in not in venue.access_modes and "access_modes" in change:
        # « se-presenter » is how drop-in help is published: it says nothing new.
        change["access_modes"] = [mode for mode in change["access_modes"] if mode != walk_in]
    return change


def fingerprint(kind, venue_id, data, levels):
    content = json.dumps(
        [kind, venue_id, data, sorted(levels.items())], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(content.encode()).hexdigest()


def merged_levels(levels, current):
    """{item id: level}: the file's items at their stated level (★ when not stated, never
    lowering the venue's), added to the venue's ``current`` ones."""
    merged = dict(current)
    for item, stated in levels.items():
        merged[item] = stated or max(merged.get(item, 0), 1)
    return merged


def would_change(venue, data, levels):
    """Whether applying ``data`` and ``levels`` changes the venue: what ``apply.differences``
    finds, without writing its rows (equal values are not displayed)."""
    for name, value in apply.proposed_fields(Declaration(venue_data=data)):
        current = getattr(venue, name)
        if current != value and apply.display(name, current).strip() != (
            apply.display(name, value).strip()
        ):
            return True
    return levels != venue.levels_by_item


# Matching structures to venues


def _address_key(siret, address, postcode):
    return (re.sub(r"\D", "", siret or ""), _normalized(address), postcode)


class VenueMatcher:
    """The French venues by SIRET + address and by name + postcode, read in one query; the
    matched ones are loaded whole afterwards (``load``)."""

    def __init__(self):
        self.by_address, self.by_name = {}, {}
        self.territories = defaultdict(Counter)  # postcode: territory ids of its venues
        rows = (
            VenuePage.objects.filter(locale=Locale.get_default())
            .order_by("path")
            .values_list("pk", "pivot", "address", "postcode", "title", "territory_id")
        )
        for pk, pivot, address, postcode, title, territory_id in rows:
            if pivot:
                self.by_address.setdefault(_address_key(pivot, address, postcode), pk)
            self.by_name.setdefault((_normalized(title), postcode), pk)
            self.territories[postcode][territory_id] += 1

    def find(self, structure):
        if structure.siret and structure.adresse and structure.code_postal:
            key = _address_key(structure.siret, structure.adresse, structure.code_postal)
            if key in self.by_address:
                return self.by_address[key]
        return self.by_name.get((_normalized(structure.nom), structure.code_postal or ""))

    def territory_for(self, postcode):
        counts = self.territories.get(postcode)
        return counts.most_common(1)[0][0] if counts else None

    @staticmethod
    def load(venue_ids):
        venues = VenuePage.objects.filter(pk__in=venue_ids).prefetch_related("service_levels")
        return {venue.pk: venue for venue in venues}


# The import


@dataclass
class Record:
    label: str
    structure: object
    services: list = field(default_factory=list)
    notes: list = field(default_factory=list)


def _checked(model, rows, report, check=None):
    """[(label, record)] of the good records of ``rows``; each bad one (by the schema, by an id
    met before, or by ``check``, which gives reasons) is reported and left out."""
    seen, good = {}, []
    for label, raw in rows:
        record, reasons = validate(model, raw)
        if record is not None and record.id in seen:
            reasons = [
                gettext("id : « %(id)s » figure déjà en %(label)s")
                % {"id": record.id, "label": seen[record.id]}
            ]
        elif record is not None and check is not None:
            reasons = check(record)
        if reasons:
            name = raw.get("nom", "") if isinstance(raw, dict) else ""
            report.errors.append(RowReport(label, str(name or ""), reasons))
            continue
        seen[record.id] = label
        good.append((label, record))
    return good


def checked_structures(rows, report):
    """{id: Record} of the good structures."""
    return {
        structure.id: Record(label, structure)
        for label, structure in _checked(v1.Structure, rows, report)
    }


def attach_services(rows, records, report):
    """Add each good service to its structure's record."""

    def known_structure(service):
        if service.structure_id in records:
            return []
        return [
            gettext(
                "structure_id : aucune structure valide « %(id)s » dans le fichier des structures"
            )
            % {"id": service.structure_id}
        ]

    for _label, service in _checked(v1.Service, rows, report, known_structure):
        records[service.structure_id].services.append(service)


def _message_for(structure, notes):
    lines = [
        gettext(
            "Importé de data·inclusion : structure « %(id)s » de la source « %(source)s », "
            "mise à jour le %(date)s."
        )
        % {
            "id": structure.id,
            "source": structure.source,
            "date": structure.date_maj.strftime("%d/%m/%Y"),
        }
    ]
    if structure.lien_source:
        lines.append(gettext("Fiche d'origine : %(url)s") % {"url": structure.lien_source})
    lines += [gettext("À vérifier : %(note)s") % {"note": note} for note in notes]
    return "\n".join(lines)


class DeclarationWriter:
    """Decides, record by record, what becomes of each declaration, then writes in bulk."""

    def __init__(self, report, territory):
        self.report, self.territory = report, territory
        self.to_create, self.to_refresh = [], []
        self.declared = defaultdict(list)  # (source, id): [(fingerprint, status, declaration)]
        for declaration in Declaration.objects.filter(
            origin=Declaration.Origin.DATA_INCLUSION
        ).only("pk", "source", "external_id", "fingerprint", "status"):
            key = (declaration.source, declaration.external_id)
            self.declared[key].append(declaration)

    def submit(self, record, kind, venue, data, digest):
        structure = record.structure
        previous = self.declared[(structure.source, structure.id)]
        if any(declaration.fingerprint == digest for declaration in previous):
            self.report.already_declared += 1
            return
        values = {
            "kind": kind,
            "venue": venue,
            "venue_data": data,
            "fingerprint": digest,
            "updated_at": timezone.now(),  # bulk_update does not touch auto_now fields
            "message": _message_for(structure, record.notes),
        }
        row = RowReport(record.label, structure.nom)
        open_ones = [declaration for declaration in previous if decisions.is_open(declaration)]
        if open_ones and open_ones[0].status == Status.IN_PROGRESS:
            self.report.waiting.append(row)
        elif open_ones:
            declaration = open_ones[0]
            for name, value in values.items():
                setattr(declaration, name, value)
            self.to_refresh.append(declaration)
            self.report.refreshed.append(row)
        else:
            territory_id = venue.territory_id if venue else self.territory(structure)
            self.to_create.append(
                Declaration(
                    origin=Declaration.Origin.DATA_INCLUSION,
                    source=structure.source,
                    external_id=structure.id,
                    territory_id=territory_id,
                    declarant_name=structure.source,
                    declarant_structure="data·inclusion",
                    language="fr",
                    **values,
                )
            )
            (self.report.changes if venue else self.report.new_venues).append(row)

    def write(self):
        Declaration.objects.bulk_create(self.to_create, batch_size=500)
        Declaration.objects.bulk_update(
            self.to_refresh,
            ["kind", "venue", "venue_data", "fingerprint", "message", "updated_at"],
        )


def declare(records, report, writer, matcher, finder, services_given):
    """One declaration per good structure, or the reason there is none."""
    matches = {record.structure.id: matcher.find(record.structure) for record in records}
    venues = matcher.load({pk for pk in matches.values() if pk})
    for record in records:
        structure, services = record.structure, record.services
        venue = venues.get(matches[structure.id])
        levels = file_levels(services, finder)
        if services_given and venue is None and not levels:
            report.not_digital += 1
            continue
        data = proposed_data(structure, services, record.notes, new_venue=venue is None)
        kind = Kind.CHANGE if venue else Kind.NEW_VENUE
        digest = fingerprint(kind, venue and venue.pk, data, levels)
        merged = merged_levels(levels, venue.levels_by_item if venue else {})
        if venue is not None:
            data = as_change(data, venue)
            if not would_change(venue, data, merged):
                report.identical += 1
                continue
        if merged:
            data["services"] = service_entries(merged)
        if record.notes:
            report.notes.append(RowReport(record.label, structure.nom, record.notes))
        writer.submit(record, kind, venue, data, digest)


def import_declarations(structure_rows, service_rows=None, *, territory=None, dry_run=False):
    """Import records [(label, dict)]; return a ``DeclarationImportReport`` (see the module
    docstring). ``service_rows`` None: the structures come without a services file."""
    report = DeclarationImportReport(dry_run=dry_run)
    with transaction.atomic():
        records = checked_structures(structure_rows, report)
        attach_services(service_rows or [], records, report)
        matcher = VenueMatcher()

        def territory_of(structure):
            if territory is not None:
                return territory.pk
            return matcher.territory_for(structure.code_postal or "")

        writer = DeclarationWriter(report, territory_of)
        declare(
            list(records.values()),
            report,
            writer,
            matcher,
            ItemFinder(),
            services_given=service_rows is not None,
        )
        writer.write()
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_files(path, services=None, **options):
    """Import a structures file (or a folder of both files) and its services file."""
    structures_path, services_path = locate_files(path, services)
    structure_rows = read_records(structures_path, STRUCTURE_LIST_FIELDS)
    service_rows = read_records(services_path, SERVICE_LIST_FIELDS) if services_path else None
    return import_declarations(structure_rows, service_rows, **options)
