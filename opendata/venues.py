"""A venue page seen as a row of the national schema, and a row written onto a venue page.

Each column has a reader (the venue's value as the standard writes it) and a writer (a cleaned
value from ``schema.validate_row`` onto the venue's fields). Import and export share them, so
what one writes the other reads back: a valid file imported then exported loses nothing the
schema carries.

A few columns do not map one to one, by design:

- ``id``: a venue that came from a file keeps its id there; the others publish their
  ``translation_key``, a UUID Wagtail gives every page and keeps across slug and title changes.
- ``pivot``: empty on a venue is published as ``schema.UNKNOWN_PIVOT`` (the standard requires
  a value), and that placeholder is imported as empty.
- ``services``: through the editable ``NationalServiceMapping`` (see ``mapping.py``). The
  standard has no level: an import rates the items it adds at the mapping's level, and the
  levels are published by the API (``/api/v2/lieux/``), not in the national file.
- ``prise_en_charge_specifique``: "Langues étrangères (anglais)" is English among the venue's
  languages; "(autres)" is any other foreign language, an interpreter, or the public
  "Personnes étrangères ou allophones" (what an import of "(autres)" sets).
- ``frais_a_charge``: the venue's main fee, then its additional fees.
- ``modalites_accompagnement``: "Accompagnement individuel" is help by appointment or drop-in;
  an import sets "by appointment" unless one of them is already set.
- ``date_maj``: the last publication date; ``source``: the import's source, else the city.
"""

from datetime import timedelta

from django.utils import timezone

from guide import vocab
from guide.rich_text import html_to_text, text_to_html
from guide.validators import format_phone, international_phone, split_emails
from portal.validators import is_web_url

from . import schema

NATIONAL_TO_SLUG = {
    name: {national: slug for slug, national in table.items()}
    for name, table in {
        "itinerance": vocab.ITINERANCE_NATIONAL,
        "publics_specifiquement_adresses": vocab.PUBLIC_NATIONAL,
        "specific": vocab.SPECIFIC_SUPPORT_NATIONAL,
        "frais_a_charge": vocab.FEE_NATIONAL,
        "dispositif_programmes_nationaux": vocab.PROGRAMME_NATIONAL,
        "formations_labels": vocab.TRAINING_LABEL_NATIONAL,
        "modalites_acces": vocab.ACCESS_MODE_NATIONAL,
    }.items()
}
TYPOLOGIES = {value for value, _label in vocab.Typology.choices}
NOT_FOREIGN = {vocab.Language.ENGLISH, vocab.Language.FRENCH_SIGN}
INDIVIDUAL = "Accompagnement individuel"
# An import publishes the venues it writes a moment after it starts.
IMPORT_PUBLICATION_GAP = timedelta(minutes=10)


def summary_from(clean):
    """The venue's required summary: the row's, else the start of its detailed presentation,
    else its name."""
    if clean["presentation_resume"]:
        return clean["presentation_resume"]
    detail = " ".join((clean["presentation_detail"] or "").split()) or clean["nom"]
    return detail if len(detail) <= 280 else detail[:279].rsplit(" ", 1)[0] + "…"


def as_cell(value):
    """A cleaned value written the way the standard writes it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return schema.join_values(value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _nationals(slugs, table):
    return [table[slug] for slug in slugs if slug in table]


def _slugs(values, name):
    return [NATIONAL_TO_SLUG[name][value] for value in values if value in NATIONAL_TO_SLUG[name]]


def service_state(venue):
    """The venue's levels ``{French item id: level}``: as an import is writing them, else as
    saved (prefetch ``"service_levels"`` to read many venues without a query each)."""
    if not hasattr(venue, "_service_state"):
        venue._service_state = dict(venue.levels_by_item) if venue.pk else {}
    return venue._service_state


# Readers: the venue's value of a column, in the standard's form (lists for multi-valued ones).


def _phone(venue):
    number = international_phone(venue.phone)
    if number:
        return number
    compact = schema.clean_phone(venue.phone)
    return compact if schema.PHONE.match(compact) else ""


def _web_url(url):
    """An http(s) address as the file carries it, else nothing (values stored before URLs were
    validated). A "|" must be percent-encoded in a URL anyway, and separates values here."""
    return url.replace("|", "%7C") if is_web_url(url) else ""


def _specific_support(venue):
    values = set(_nationals(venue.publics, vocab.SPECIFIC_SUPPORT_NATIONAL))
    if vocab.Language.ENGLISH in venue.languages:
        values.add(vocab.ENGLISH_SUPPORT_NATIONAL)
    if (
        venue.interpreter
        or vocab.Public.FOREIGNERS in venue.publics
        or set(venue.languages) - NOT_FOREIGN
    ):
        values.add(vocab.OTHER_LANGUAGES_SUPPORT_NATIONAL)
    return [value for value in schema.SPECIFIC_SUPPORTS if value in values]


def _support_modes(venue):
    values = {
        national for name, national in vocab.SUPPORT_MODE_NATIONAL.items() if getattr(venue, name)
    }
    return [value for value in schema.SUPPORT_MODES if value in values]


def _updated_on(venue):
    """The source's date for a venue nobody published since its import, else the last
    publication's."""
    published = venue.last_published_at or venue.latest_revision_created_at
    source_date = venue.import_snapshot.get("date_maj", [""])[0]
    if (
        source_date
        and venue.imported_at
        and (not published or published - venue.imported_at < IMPORT_PUBLICATION_GAP)
    ):
        return source_date
    return timezone.localdate(published or timezone.now())


READERS = {
    "id": lambda venue, ctx: venue.national_id or str(venue.translation_key),
    "pivot": lambda venue, ctx: venue.pivot.replace(" ", "") or schema.UNKNOWN_PIVOT,
    "nom": lambda venue, ctx: venue.title,
    "commune": lambda venue, ctx: venue.commune,
    "code_postal": lambda venue, ctx: venue.postcode,
    "code_insee": lambda venue, ctx: venue.insee_code,
    "adresse": lambda venue, ctx: venue.address,
    "complement_adresse": lambda venue, ctx: venue.address_complement,
    "latitude": lambda venue, ctx: venue.latitude,
    "longitude": lambda venue, ctx: venue.longitude,
    "typologie": lambda venue, ctx: list(venue.typology),
    "telephone": lambda venue, ctx: _phone(venue),
    "courriels": lambda venue, ctx: split_emails(venue.emails),
    "site_web": lambda venue, ctx: [_web_url(url) for url in venue.websites],
    "horaires": lambda venue, ctx: venue.opening_hours,
    "presentation_resume": lambda venue, ctx: venue.summary,
    "presentation_detail": lambda venue, ctx: html_to_text(venue.presentation),
    "source": lambda venue, ctx: venue.import_source or ctx.source,
    "itinerance": lambda venue, ctx: _nationals(venue.itinerance, vocab.ITINERANCE_NATIONAL),
    "structure_parente": lambda venue, ctx: venue.parent_structure,
    "date_maj": lambda venue, ctx: _updated_on(venue),
    "services": lambda venue, ctx: ctx.services.services_of(service_state(venue)),
    "publics_specifiquement_adresses": lambda venue, ctx: _nationals(
        venue.publics, vocab.PUBLIC_NATIONAL
    ),
    "prise_en_charge_specifique": lambda venue, ctx: _specific_support(venue),
    "frais_a_charge": lambda venue, ctx: list(
        dict.fromkeys(_nationals([venue.fee, *venue.additional_fees], vocab.FEE_NATIONAL))
    ),
    "dispositif_programmes_nationaux": lambda venue, ctx: _nationals(
        venue.programmes, vocab.PROGRAMME_NATIONAL
    ),
    "formations_labels": lambda venue, ctx: _nationals(
        venue.training_labels, vocab.TRAINING_LABEL_NATIONAL
    ),
    "autres_formations_labels": lambda venue, ctx: venue.other_labels,
    "modalites_acces": lambda venue, ctx: _nationals(
        venue.access_modes, vocab.ACCESS_MODE_NATIONAL
    ),
    "modalites_accompagnement": lambda venue, ctx: _support_modes(venue),
    "fiche_acces_libre": lambda venue, ctx: _web_url(venue.accessibility_url),
    "prise_rdv": lambda venue, ctx: _web_url(venue.booking_url),
}


def venue_row(venue, ctx):
    """The venue as a row of the standard, every value a string, columns in order."""
    return {name: as_cell(READERS[name](venue, ctx)) for name in schema.COLUMN_NAMES}


# Writers: a cleaned value onto the venue; ``clean`` is the whole row, for columns that need
# another one.


def _set(*names):
    def write(venue, value, clean, ctx):
        for name in names:
            setattr(venue, name, value)

    return write


def _write_pivot(venue, value, clean, ctx):
    venue.pivot = "" if value == schema.UNKNOWN_PIVOT else value


def _write_typology(venue, value, clean, ctx):
    venue.typology = [code for code in value if code in TYPOLOGIES]


def _write_phone(venue, value, clean, ctx):
    venue.phone = format_phone(value) if value.startswith("+33") else value


def _write_websites(venue, value, clean, ctx):
    venue.website = value[0] if value else ""
    venue.other_websites = "\n".join(value[1:])


def _write_publics(venue, value, clean, ctx):
    national = set(vocab.PUBLIC_NATIONAL)
    kept = [slug for slug in venue.publics if slug not in national]
    venue.publics = _slugs(value, "publics_specifiquement_adresses") + kept


def _write_specific_support(venue, value, clean, ctx):
    specific = set(vocab.SPECIFIC_SUPPORT_NATIONAL) | {vocab.Public.FOREIGNERS}
    publics = [slug for slug in venue.publics if slug not in specific]
    publics += _slugs(value, "specific")
    languages = [code for code in venue.languages if code != vocab.Language.ENGLISH]
    if vocab.ENGLISH_SUPPORT_NATIONAL in value:
        languages.insert(0, vocab.Language.ENGLISH)
    if vocab.OTHER_LANGUAGES_SUPPORT_NATIONAL in value:
        publics.append(vocab.Public.FOREIGNERS)
    else:
        languages = [code for code in languages if code in NOT_FOREIGN]
        venue.interpreter = False
    venue.publics, venue.languages = publics, languages


def _write_fees(venue, value, clean, ctx):
    slugs = _slugs(value, "frais_a_charge")
    venue.fee = slugs[0] if slugs else vocab.Fee.FREE
    venue.additional_fees = slugs[1:]


def _write_support_modes(venue, value, clean, ctx):
    venue.support_self_service = "En autonomie" in value
    venue.support_workshops = "Dans un atelier collectif" in value
    venue.support_remote = "À distance" in value
    if INDIVIDUAL not in value:
        venue.support_by_appointment = venue.support_drop_in = False
    elif not (venue.support_by_appointment or venue.support_drop_in):
        venue.support_by_appointment = True


def _write_services(venue, value, clean, ctx):
    venue._service_state = ctx.services.apply(service_state(venue), value)


def _write_slugs(field, name):
    def write(venue, value, clean, ctx):
        setattr(venue, field, _slugs(value, name))

    return write


WRITERS = {
    "pivot": _write_pivot,
    "nom": _set("title", "draft_title"),
    "commune": _set("commune"),
    "code_postal": _set("postcode"),
    "code_insee": _set("insee_code"),
    "adresse": _set("address"),
    "complement_adresse": _set("address_complement"),
    "latitude": _set("latitude"),
    "longitude": _set("longitude"),
    "typologie": _write_typology,
    "telephone": _write_phone,
    "courriels": lambda venue, value, clean, ctx: setattr(venue, "emails", ", ".join(value)),
    "site_web": _write_websites,
    "horaires": _set("opening_hours"),
    "presentation_resume": lambda venue, value, clean, ctx: setattr(
        venue, "summary", summary_from(clean)
    ),
    "presentation_detail": lambda venue, value, clean, ctx: setattr(
        venue, "presentation", text_to_html(value)
    ),
    "source": lambda venue, value, clean, ctx: setattr(venue, "import_source", value or ctx.source),
    "itinerance": _write_slugs("itinerance", "itinerance"),
    "structure_parente": _set("parent_structure"),
    "services": _write_services,
    "publics_specifiquement_adresses": _write_publics,
    "prise_en_charge_specifique": _write_specific_support,
    "frais_a_charge": _write_fees,
    "dispositif_programmes_nationaux": _write_slugs(
        "programmes", "dispositif_programmes_nationaux"
    ),
    "formations_labels": _write_slugs("training_labels", "formations_labels"),
    "autres_formations_labels": _set("other_labels"),
    "modalites_acces": _write_slugs("access_modes", "modalites_acces"),
    "modalites_accompagnement": _write_support_modes,
    "fiche_acces_libre": _set("accessibility_url"),
    "prise_rdv": _set("booking_url"),
}
# Columns an import writes and protects; id and date_maj describe the record, not the place.
CARRIED_COLUMNS = tuple(name for name in schema.COLUMN_NAMES if name in WRITERS)
