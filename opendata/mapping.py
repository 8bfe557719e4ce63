"""The editable correspondence between national services and the guide's detailed services.

``ensure_service_mapping`` seeds it the first time an import or export needs it, like
``guide.catalogue.ensure_catalogue``: each national service gets an item of the same name in the
family closest to it, so that a venue's national services survive import then export. Editors
change the correspondence afterwards in the admin; seeding never overwrites what exists.

A venue is rated service by service (``{French item id: level}``); the national schema only
lists services, with no level. ``ServiceCatalogue`` translates one into the other:

- **export**: a national service is offered when one of the items it maps to is offered, at any
  level. A mapping with an item maps to that item; a mapping without one, to any item of its
  family that no other national service names. An offered item that no national service maps
  to counts for its family's first national service: a venue rated on the guide's own items
  ("Permis et carte grise") still appears on the national map.
- **import**: a listed service sets its item (for a mapping without one, the family's first item
  it maps to, unless the venue already offers one of them) at the mapping's level, ★ by
  default, unless the venue already has it higher: the file says nothing of levels, so it never
  lowers one. A service no longer listed removes the items it maps to; items no national
  service maps to are kept, the file cannot speak for them.

With every national service mapped to an item of its own (as seeded), an import then an export
gives back the file's services exactly.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from guide.catalogue import ensure_catalogue
from guide.models import ServiceItem
from guide.models.catalogue import french_items
from portal.content_cache import content_changed

from .models import NationalServiceMapping
from .schema import SERVICES

DEFAULT_FAMILIES = {
    "Aide aux démarches administratives": "demarches",
    "Maîtrise des outils numériques du quotidien": "decouvrir",
    "Insertion professionnelle via le numérique": "insertion",
    "Utilisation sécurisée du numérique": "decouvrir",
    "Parentalité et éducation avec le numérique": "decouvrir",
    "Loisirs et créations numériques": "creer",
    "Compréhension du monde numérique": "decouvrir",
    "Accès internet et matériel informatique": "decouvrir",
    "Acquisition de matériel informatique à prix solidaire": "decouvrir",
}


@transaction.atomic
def ensure_service_mapping():
    """Create the missing correspondences (and their items); return them all."""
    existing = set(NationalServiceMapping.objects.values_list("service", flat=True))
    missing = [service for service in SERVICES if service not in existing]
    if missing:
        families = ensure_catalogue()
        for service in missing:
            family = families[DEFAULT_FAMILIES[service]]
            item, _created = ServiceItem.objects.get_or_create(
                family=family,
                slug=slugify(service)[:60],
                defaults={"label": service, "sort_order": 100 + SERVICES.index(service)},
            )
            NationalServiceMapping.objects.create(
                service=service, family=family, item=item, sort_order=SERVICES.index(service)
            )
        # New items: once committed, the cached catalogue of every page must list them.
        transaction.on_commit(content_changed)
    return list(NationalServiceMapping.objects.all())


@dataclass
class ServiceCatalogue:
    """The correspondence, indexed both ways for one import or export run (see the module
    docstring for its rules)."""

    by_service: dict = field(default_factory=dict)  # national service: its mapping
    claims: dict = field(default_factory=dict)  # national service: items that make it offered
    targets: dict = field(default_factory=dict)  # national service: items an import may set
    first_of_family: dict = field(default_factory=dict)  # family id: its first national service
    family_of: dict = field(default_factory=dict)  # French item id: family id
    order: dict = field(default_factory=dict)  # French item id: its rank in the catalogue
    mapped_items: set = field(default_factory=set)  # items some national service maps to

    @classmethod
    def load(cls):
        """Three queries once the mapping is seeded: the mapping, twice, and the French items."""
        catalogue = cls()
        mappings = ensure_service_mapping()
        items_of_family = defaultdict(list)
        french = (
            ServiceItem.objects.filter(french_items())
            .order_by("family__sort_order", "family__name", "family_id", "sort_order", "pk")
            .values_list("pk", "family_id")
        )
        for rank, (item_id, family_id) in enumerate(french):
            items_of_family[family_id].append(item_id)
            catalogue.family_of[item_id] = family_id
            catalogue.order[item_id] = rank
        named = {mapping.item_id for mapping in mappings if mapping.item_id}
        for mapping in mappings:
            catalogue.by_service[mapping.service] = mapping
            catalogue.first_of_family.setdefault(mapping.family_id, mapping.service)
            if mapping.item_id:
                items = [mapping.item_id]
            else:
                family_items = items_of_family[mapping.family_id]
                items = [item for item in family_items if item not in named] or family_items[:1]
            catalogue.targets[mapping.service] = items
            catalogue.claims[mapping.service] = set(items)
        catalogue.mapped_items = set().union(*catalogue.claims.values())
        return catalogue

    def services_of(self, levels):
        """The national services of a venue rated ``{item id: level}``, in the schema's order."""
        offered = set(levels)
        found = {service for service, items in self.claims.items() if items & offered}
        for item in offered - self.mapped_items:
            family = self.family_of.get(item)
            if family in self.first_of_family:
                found.add(self.first_of_family[family])
        return [service for service in SERVICES if service in found]

    def apply(self, levels, services):
        """The venue's ``{item id: level}`` once it offers ``services`` (a list from a file)."""
        levels = dict(levels)
        wanted = set(services)
        for service, items in self.claims.items():
            if service not in wanted:
                for item in items:
                    levels.pop(item, None)
        for service in SERVICES:
            if service not in wanted or not self.targets.get(service):
                continue
            targets = self.targets[service]
            item = next((item for item in targets if item in levels), targets[0])
            levels[item] = max(levels.get(item, 0), self.by_service[service].level)
        return levels

    def in_order(self, levels):
        """``levels``' items in the catalogue's order, for the rows' ``sort_order``."""
        return sorted(levels, key=lambda item: (self.order.get(item, len(self.order)), item))
