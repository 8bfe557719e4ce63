"""Publish the venues in the format of data·inclusion: structures and services, as JSON lists.

One **structure** per published public venue (live, in no private section, French), and one
**service per detailed service it offers**, not per family: the level is rated item by item
(a venue can be expert for CAF files and basic for driving licences), the thématiques differ
item by item (a CV is job seeking, taxes are online procedures), and a social worker searching
the hub for "constituer un dossier" finds the venue's own line with its own level, instead of a
family that mixes levels and needs. The level travels in the description, in words (the star
legend's names): "Niveau : expert".

Ids are stable: a structure is ``{source}--{page translation key}`` (a UUID Wagtail keeps
across title and slug changes, as in the national file), a service ``{structure id}--{item
slug}`` (the item's public identifier in addresses and the API). ``source`` is the producer id
set in the admin (``DataInclusionSettings``), else derived from the site's domain.

The files are written record by record (``json_lines``) from venues read in chunks, so that
memory stays flat whatever their number; each record is checked with the package's pydantic
models first, and one that does not validate is left out and reported rather than published.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from types import SimpleNamespace

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Service,
    Structure,
    TypeService,
)
from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from pydantic import ValidationError
from wagtail.models import Locale, Page, Site

from guide import vocab
from guide.models import ServiceItem, StarLegend, VenuePage, VenueServiceLevel
from guide.models.catalogue import french_items
from guide.rich_text import html_to_text
from guide.validators import international_phone, split_emails
from opendata.models import DataInclusionSettings
from portal.validators import is_web_url

from .quality import QualityReport
from .thematiques import thematiques_by_item

CHUNK_SIZE = 500
NAME_LENGTH = 150  # the schema's maximum for a name

PUBLICS = {
    vocab.Public.YOUTH: Public.JEUNES,
    vocab.Public.STUDENTS: Public.ETUDIANTS,
    vocab.Public.FAMILIES: Public.FAMILLES,
    vocab.Public.SENIORS: Public.SENIORS,
    vocab.Public.WOMEN: Public.FEMMES,
    vocab.Public.JOB_SEEKERS: Public.DEMANDEURS_EMPLOI,
    vocab.Public.RSA: Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX,
    vocab.Public.EMPLOYEES: Public.ACTIFS,
    vocab.Public.ENTREPRENEURS: Public.ACTIFS,
    vocab.Public.FOREIGNERS: Public.PERSONNES_EXILEES,
    vocab.Public.DEAF: Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
    vocab.Public.MOTOR_DISABILITY: Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
    vocab.Public.MENTAL_DISABILITY: Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
    vocab.Public.VISUAL_IMPAIRMENT: Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
}
MOBILISATION = {
    vocab.AccessMode.WALK_IN: ModeMobilisation.SE_PRESENTER,
    vocab.AccessMode.PHONE: ModeMobilisation.TELEPHONER,
    vocab.AccessMode.EMAIL: ModeMobilisation.ENVOYER_UN_COURRIEL,
    vocab.AccessMode.PRESCRIPTION: ModeMobilisation.ENVOYER_UN_COURRIEL,
    vocab.AccessMode.ONLINE_BOOKING: ModeMobilisation.UTILISER_LIEN_MOBILISATION,
}
NETWORKS = {
    vocab.Programme.AIDANTS_CONNECT: ReseauPorteur.AIDANTS_CONNECT,
    vocab.Programme.CONSEILLERS: ReseauPorteur.CONSEILLERS_NUMERIQUES,
    vocab.Programme.EMMAUS: ReseauPorteur.EMMAUS,
    vocab.Programme.FRANCE_SERVICES: ReseauPorteur.FRANCE_SERVICE,
    vocab.Programme.GEN: ReseauPorteur.GRANDES_ECOLES_DU_NUMERIQUE,
    vocab.Programme.CROIX_ROUGE: ReseauPorteur.CROIX_ROUGE,
    vocab.Programme.CAF_POINT: ReseauPorteur.CAF,
    vocab.Typology.CAF: ReseauPorteur.CAF,
    vocab.Typology.CCAS: ReseauPorteur.CCAS_CIAS,
    vocab.Typology.CPAM: ReseauPorteur.CPAM,
    vocab.Typology.EPN: ReseauPorteur.ESPACES_PUBLICS_NUMERIQUES,
    vocab.Typology.FT: ReseauPorteur.FRANCE_TRAVAIL,
    vocab.Typology.MDS: ReseauPorteur.MAISONS_DES_SOLIDARITES,
    vocab.Typology.MJC: ReseauPorteur.MJC,
    vocab.Typology.ML: ReseauPorteur.MISSION_LOCALE,
    vocab.Typology.MUNI: ReseauPorteur.COMMUNES,
    vocab.Typology.PIJ_BIJ: ReseauPorteur.RESEAU_INFORMATION_JEUNESSE,
    vocab.Typology.RFS: ReseauPorteur.FRANCE_SERVICE,
}


def default_producer_id(hostname):
    """``ville-exemple-fr`` for ``www.ville-exemple.fr``: unique, readable, a slug."""
    host = hostname.removeprefix("www.")
    return slugify(host.replace(".", "-")) or "portail-inclusion-numerique"


def producer_id():
    """The ``source`` of every record: the id set in the admin, else the site's domain's."""
    # Read, not ``load()``ed: creating the row would start a new content generation.
    configured = DataInclusionSettings.objects.first()
    if configured and configured.producer_id:
        return configured.producer_id
    site = Site.objects.filter(is_default_site=True).first()
    return default_producer_id(site.hostname if site else "")


@dataclass
class ExportContext:
    """What every record needs, read once per export."""

    source: str
    level_names: dict  # {level: its name in the star legend}
    items: dict  # {French item id: ServiceItem}
    thematiques: dict  # {French item id: [codes]}
    today: date = field(default_factory=timezone.localdate)
    list_urls: dict = field(default_factory=dict)  # {parent path: (its url_path, its URL)}
    lines: dict = field(default_factory=dict)  # the descriptions' level and family lines

    @classmethod
    def load(cls):
        items = ServiceItem.objects.filter(french_items()).select_related("family")
        return cls(
            source=producer_id(),
            level_names=dict((StarLegend.objects.first() or StarLegend()).levels_by_number()),
            items={item.pk: item for item in items},
            thematiques=thematiques_by_item(),
        )


# What the records read of a venue: read as values, without building pages (a third of the time).
VENUE_FIELDS = (
    "pk",
    "path",
    "url_path",
    "translation_key",
    "title",
    "last_published_at",
    "verified_on",
    "summary",
    "presentation",
    "pivot",
    "typology",
    "programmes",
    "address",
    "address_complement",
    "postcode",
    "commune",
    "insee_code",
    "latitude",
    "longitude",
    "phone",
    "emails",
    "website",
    "accessibility_url",
    "opening_hours",
    "publics",
    "access_modes",
    "access_conditions",
    "documents_to_bring",
    "steps",
    "delay",
    "booking_url",
    "fee",
    "fee_details",
    "support_by_appointment",
    "support_drop_in",
    "support_workshops",
    "support_remote",
    "support_self_service",
)


def published_venues():
    """Public French venues only: never a draft, an unpublished or a private page."""
    return VenuePage.objects.visible().filter(locale=Locale.get_default()).order_by("path")


def structure_id(venue, ctx):
    return f"{ctx.source}--{venue.translation_key}"


def _name(text):
    text = " ".join(text.split())
    if len(text) > NAME_LENGTH:
        text = text[: NAME_LENGTH - 1].rstrip() + "…"
    return text.rstrip(".") if not text.endswith("etc.") else text


def _updated_on(venue, ctx):
    """When someone last checked the venue ("vérifiées le"), else its last publication."""
    published = venue.last_published_at and timezone.localdate(venue.last_published_at)
    return min(venue.verified_on or published or ctx.today, ctx.today)


def _web_url(url):
    return url if url and is_web_url(url) else None


def _first_email(venue):
    emails = split_emails(venue.emails)
    return emails[0] if emails else None


def _page_url(venue, ctx):
    """The venue's page on this site (None for a page outside every site).

    Wagtail works a page's address out from the site roots, for each page; venues share a few
    parents (the venue lists), whose address is worked out once, the venue's slug appended.
    """
    parent_path = venue.path[: -VenuePage.steplen]
    if parent_path not in ctx.list_urls:
        parent = Page.objects.get(path=parent_path)
        ctx.list_urls[parent_path] = (parent.url_path, parent.get_full_url())
    parent_url_path, parent_url = ctx.list_urls[parent_path]
    if parent_url is None:
        return None
    return parent_url + venue.url_path.removeprefix(parent_url_path)


def _place(venue):
    """Address, coordinates and contact, the same on the structure and its services."""
    return {
        "commune": venue.commune or None,
        "code_postal": venue.postcode or None,
        "code_insee": venue.insee_code or None,
        "adresse": venue.address or None,
        "complement_adresse": venue.address_complement or None,
        "longitude": venue.longitude,
        "latitude": venue.latitude,
        "telephone": international_phone(venue.phone) or None,
        "courriel": _first_email(venue),
        "horaires_accueil": venue.opening_hours or None,
    }


PLACE_FIELDS = (
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "horaires_accueil",
)


def _description(venue):
    parts = [venue.summary, html_to_text(venue.presentation)]
    text = "\n\n".join(part.strip() for part in parts if part and part.strip())
    return text[:10000] if len(text) >= 5 else None


def _networks(venue):
    found = {NETWORKS[code] for code in [*venue.programmes, *venue.typology] if code in NETWORKS}
    return sorted(found) or None


def structure_record(venue, ctx):
    siret = venue.pivot.replace(" ", "")
    return {
        "source": ctx.source,
        "id": structure_id(venue, ctx),
        "nom": _name(venue.title),
        "date_maj": _updated_on(venue, ctx).isoformat(),
        "description": _description(venue),
        "lien_source": _page_url(venue, ctx),
        "siret": siret if len(siret) == 14 and siret.isdigit() else None,
        **_place(venue),
        "site_web": _web_url(venue.website),
        "accessibilite_lieu": _web_url(venue.accessibility_url),
        "reseaux_porteurs": _networks(venue),
    }


def _service_type(venue):
    """Help one to one is "accompagnement"; workshops alone, "atelier"; free access to the
    computers alone, "aide-materielle"."""
    if venue.support_by_appointment or venue.support_drop_in or venue.support_remote:
        return TypeService.ACCOMPAGNEMENT
    if venue.support_workshops:
        return TypeService.ATELIER
    if venue.support_self_service:
        return TypeService.AIDE_MATERIELLE
    return None


def _fees(venue):
    """data·inclusion knows free or paying: "free under condition" is free, with the
    condition in the details."""
    fee = Frais.PAYANT if venue.fee == vocab.Fee.PAID else Frais.GRATUIT
    details = [venue.fee_details]
    if venue.fee == vocab.Fee.FREE_UNDER_CONDITION:
        details.insert(0, str(vocab.Fee.FREE_UNDER_CONDITION.label))
    return fee, ". ".join(detail for detail in details if detail) or None


def _publics(venue):
    found = {PUBLICS[code] for code in venue.publics if code in PUBLICS}
    return sorted(found) or [Public.TOUS_PUBLICS]


def _publics_details(venue):
    labels = dict(vocab.Public.choices)
    return ", ".join(str(labels[code]) for code in venue.publics if code in labels) or None


def _reception_modes(venue):
    modes = []
    in_person = (
        venue.support_by_appointment
        or venue.support_drop_in
        or venue.support_workshops
        or venue.support_self_service
        or vocab.AccessMode.WALK_IN in venue.access_modes
    )
    if in_person and vocab.AccessMode.NO_PUBLIC not in venue.access_modes:
        modes.append(ModeAccueil.EN_PRESENTIEL)
    if venue.support_remote:
        modes.append(ModeAccueil.A_DISTANCE)
    return modes or None


def _mobilisation_modes(venue):
    modes = {MOBILISATION[code] for code in venue.access_modes if code in MOBILISATION}
    if not _web_url(venue.booking_url):
        modes.discard(ModeMobilisation.UTILISER_LIEN_MOBILISATION)
    if venue.support_drop_in and vocab.AccessMode.NO_PUBLIC not in venue.access_modes:
        modes.add(ModeMobilisation.SE_PRESENTER)
    return sorted(modes) or None


def _mobilised_by(venue):
    """Professionals orient people to every venue of the guide; residents come themselves
    unless the venue takes them only on a professional's prescription."""
    by_themselves = set(venue.access_modes) - {
        vocab.AccessMode.PRESCRIPTION,
        vocab.AccessMode.NO_PUBLIC,
    }
    if venue.access_modes and not by_themselves:
        return [PersonneMobilisatrice.PROFESSIONNELS]
    return [PersonneMobilisatrice.PROFESSIONNELS, PersonneMobilisatrice.USAGERS]


def _join(*texts):
    return "\n\n".join(text.strip() for text in texts if text and text.strip()) or None


def _level_line(level, ctx):
    if level not in ctx.lines:
        ctx.lines[level] = gettext("Niveau : %(level)s (%(stars)s).") % {
            "level": ctx.level_names.get(level, level),
            "stars": "★" * level,
        }
    return ctx.lines[level]


def _family_line(item, ctx):
    key = ("family", item.family_id)
    if key not in ctx.lines:
        ctx.lines[key] = gettext("Famille de services : %(family)s.") % {"family": item.family.name}
    return ctx.lines[key]


def venue_services(venue, ctx, structure):
    """The venue's service records, one per offered item. What depends on the venue alone is
    read once, then each item adds its id, name, level and thématiques."""
    fee, fee_details = _fees(venue)
    venue_id = structure["id"]
    shared = {
        "source": ctx.source,
        "structure_id": venue_id,
        "lien_source": structure["lien_source"],
        "date_maj": structure["date_maj"],
        "type": _service_type(venue),
        "frais": fee,
        "frais_precisions": fee_details,
        "publics": _publics(venue),
        "publics_precisions": _publics_details(venue),
        "conditions_acces": _join(venue.access_conditions, venue.documents_to_bring),
        **{name: structure[name] for name in PLACE_FIELDS},
        "modes_accueil": _reception_modes(venue),
        "lien_mobilisation": _web_url(venue.booking_url),
        "modes_mobilisation": _mobilisation_modes(venue),
        "mobilisable_par": _mobilised_by(venue),
        "mobilisation_precisions": _join(venue.steps, venue.delay),
    }
    about = structure["description"]
    for item, level in offered_items(venue, ctx):
        description = _join(_level_line(level, ctx), _family_line(item, ctx), about)
        yield {
            "id": f"{venue_id}--{item.slug}",
            "nom": _name(item.label),
            "description": description[:10000],
            "thematiques": ctx.thematiques.get(item.pk) or None,
            **shared,
        }


def offered_items(venue, ctx):
    """(item, level) of the services the venue offers, in the catalogue's order."""
    levels = venue.levels_by_item
    return [(item, levels[item_id]) for item_id, item in ctx.items.items() if item_id in levels]


def venues_in_chunks(venues):
    """The venues with their levels, read ``CHUNK_SIZE`` at a time: two queries a chunk.

    Venues and levels are read as plain values rather than pages with prefetched rows: building
    pages took a third of the time, and prefetched rows and their page point to each other,
    cycles that stay in memory until the garbage collector runs, so memory grew with the number
    of venues.
    """
    iterator = venues.values(*VENUE_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(iterator, CHUNK_SIZE)):
        levels = defaultdict(dict)
        rows = VenueServiceLevel.objects.filter(page__in=[venue["pk"] for venue in chunk])
        for page_id, item_id, level in rows.values_list("page_id", "item_id", "level"):
            levels[page_id][item_id] = level
        for venue in chunk:
            yield SimpleNamespace(**venue, levels_by_item=levels[venue["pk"]])


def records(kind, venues=None, ctx=None, report=None):
    """Each valid record of ``kind`` ("structures" or "services"), as a dict ready for JSON.

    ``report`` (a ``QualityReport``) collects the services' quality scores and the records
    left out because they did not validate.
    """
    with translation.override(settings.LANGUAGE_CODE):
        ctx = ctx or ExportContext.load()
        for venue in venues_in_chunks(published_venues() if venues is None else venues):
            structure = structure_record(venue, ctx)
            if kind == "structures":
                yield from _validated(Structure, structure, report)
                continue
            for service in venue_services(venue, ctx, structure):
                yield from _validated(Service, service, report)


def _validated(model, record, report):
    try:
        instance = model.model_validate(record)
    except ValidationError as error:
        if report is not None:
            report.reject(record["id"], error)
        return
    if report is not None and model is Service:
        report.add(instance)
    yield {name: value for name, value in record.items() if value is not None}


def json_chunks(items):
    """A JSON list written piece by piece: memory holds one record at a time."""
    yield "["
    for number, item in enumerate(items):
        yield ("\n" if number == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def write_json(kind, stream, venues=None):
    """Write the ``kind`` file to ``stream``; return its ``QualityReport``."""
    report = QualityReport()
    for chunk in json_chunks(records(kind, venues, report=report)):
        stream.write(chunk)
    return report
