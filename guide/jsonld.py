"""schema.org data of a venue page: the place, its contact and its hours, for search engines.

A venue is a ``LocalBusiness`` in schema.org's sense, "a physical branch of an organization"
open to the public: the one type that is both a ``Place`` (address, coordinates, opening hours,
free access, equipment) and an ``Organization`` (e-mail, languages, parent organisation,
services). Libraries and public offices have their own subtypes, used when the venue's typology
says so. ``CivicStructure`` would fit a town hall's building but has no e-mail nor services.

Opening hours are those of a regular week (``guide.hours.regular_week``); upcoming exceptional
closures are special opening hours. Public holidays are left out: search engines know them.
Everything is read from what the venue page has already loaded: no query of its own.
"""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.jsonld import SCHEMA, json_ld_script, postal_address

from . import vocab
from .hours import PARIS, regular_week
from .validators import international_phone

TYPE_BY_TYPOLOGY = {
    vocab.Typology.BIB: "Library",
    vocab.Typology.CAF: "GovernmentOffice",
    vocab.Typology.CCAS: "GovernmentOffice",
    vocab.Typology.CDAS: "GovernmentOffice",
    vocab.Typology.CPAM: "GovernmentOffice",
    vocab.Typology.FT: "GovernmentOffice",
    vocab.Typology.MDS: "GovernmentOffice",
    vocab.Typology.MUNI: "GovernmentOffice",
    vocab.Typology.RFS: "GovernmentOffice",
}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The portal's language codes that are not BCP 47's: French Sign Language is "fsl".
BCP47 = {vocab.Language.FRENCH_SIGN: "fsl"}


def schema_type(venue):
    """The most precise type the venue's typology gives, else ``LocalBusiness``."""
    return next(
        (TYPE_BY_TYPOLOGY[kind] for kind in venue.typology if kind in TYPE_BY_TYPOLOGY),
        "LocalBusiness",
    )


def _clock(moment, day):
    """hh:mm; an interval running to midnight closes at 23:59, as schema.org advises."""
    local = moment.astimezone(PARIS)
    return "23:59" if local.date() > day else local.strftime("%H:%M")


def opening_hours_specification(expression, today):
    """One specification per day and opening interval of a regular week."""
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA + DAYS[day.day.weekday()],
            "opens": _clock(interval.start, day.day),
            "closes": _clock(interval.end, day.day),
        }
        for day in regular_week(expression, today)
        for interval in day.intervals
    ]


def closures_specification(closures, today):
    """Upcoming exceptional closures: closed all day, from the first day to the last."""
    return [
        {
            "@type": "OpeningHoursSpecification",
            "opens": "00:00",
            "closes": "00:00",
            "validFrom": closure.start.isoformat(),
            "validThrough": closure.end.isoformat(),
        }
        for closure in closures
        if closure.end >= today
    ]


def _feature(name, value):
    return {"@type": "LocationFeatureSpecification", "name": str(name), "value": value}


def _features(venue, equipment):
    """The equipment, with how many when known, and wheelchair access when known."""
    features = [_feature(item.get_kind_display(), item.count or True) for item in equipment]
    if venue.step_free is not None:
        step_free = capfirst(venue._meta.get_field("step_free").verbose_name)
        features.append(_feature(step_free, venue.step_free))
    return features


def _services(rated_families, level_names):
    """A catalogue per family offered, listing each detailed service with its level in words."""
    catalogues = [
        {
            "@type": "OfferCatalog",
            "name": rated.family.name,
            "itemListElement": [
                {
                    "@type": "Offer",
                    "itemOffered": {
                        "@type": "Service",
                        "name": service.label,
                        "description": _("Niveau d'expertise : %(level)s")
                        % {"level": level_names.get(level, "")},
                    },
                }
                for service, level in rated.services
            ],
        }
        for rated in rated_families
        if rated.offered
    ]
    return {"@type": "OfferCatalog", "itemListElement": catalogues} if catalogues else None


def _one_or_many(values):
    return values[0] if len(values) == 1 else values


def venue_data(
    venue, page_url, *, now, rated_families=(), level_names=None, equipment=(), closures=()
):
    """The venue as a schema.org object; empty facts are left out."""
    today = timezone.localdate(now)
    street = ", ".join(part for part in (venue.address, venue.address_complement) if part)
    data = {
        "@context": "https://schema.org",
        "@type": schema_type(venue),
        "name": venue.title,
        "description": venue.summary,
        "url": page_url,
        "branchCode": venue.code,
        "address": postal_address(street, venue.postcode, venue.commune),
        "telephone": international_phone(venue.phone) or venue.phone,
        "email": _one_or_many(venue.email_list),
        "sameAs": _one_or_many(venue.websites),
        "knowsLanguage": ["fr", *(BCP47.get(code, code) for code in venue.languages)],
        "openingHoursSpecification": opening_hours_specification(venue.opening_hours, today)
        if venue.opening_hours
        else [],
        "specialOpeningHoursSpecification": closures_specification(closures, today),
        "amenityFeature": _features(venue, equipment),
        "hasOfferCatalog": _services(rated_families, level_names or {}),
    }
    if venue.latitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }
    if venue.fee == vocab.Fee.FREE:
        data["isAccessibleForFree"] = True
    if venue.parent_structure:
        data["parentOrganization"] = {"@type": "Organization", "name": venue.parent_structure}
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def venue_jsonld(venue, request, **loaded):
    """The ``<script type="application/ld+json">`` element describing the venue."""
    return json_ld_script(venue_data(venue, venue.get_full_url(request), **loaded))
