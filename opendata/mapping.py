"""The editable correspondence between national services and the guide's families and items.

``ensure_service_mapping`` seeds it the first time an import or export needs it, like
``guide.catalogue.ensure_catalogue``: each national service gets an item of the same name in the
family closest to it, so that a venue's national services survive import then export. Editors
change the correspondence afterwards in the admin; seeding never overwrites what exists.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from guide.catalogue import ensure_catalogue
from guide.models import ServiceItem

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
    return list(NationalServiceMapping.objects.all())


@dataclass
class ServiceCatalogue:
    """The correspondence, indexed both ways for one import or export run."""

    by_service: dict = field(default_factory=dict)
    by_item: dict = field(default_factory=dict)
    first_of_family: dict = field(default_factory=dict)
    mapped_items: set = field(default_factory=set)

    @classmethod
    def load(cls):
        catalogue = cls()
        for mapping in ensure_service_mapping():
            catalogue.by_service[mapping.service] = mapping
            catalogue.first_of_family.setdefault(mapping.family_id, mapping.service)
            if mapping.item_id:
                catalogue.by_item[mapping.item_id] = mapping.service
                catalogue.mapped_items.add(mapping.item_id)
        return catalogue

    def services_of(self, state):
        """National services of a venue's ratings: {family_id: (level, {item ids})}."""
        found = set()
        for family_id, (_level, item_ids) in state.items():
            covered = {self.by_item[item] for item in item_ids if item in self.by_item}
            whole_family = {
                service
                for service, mapping in self.by_service.items()
                if mapping.family_id == family_id and mapping.item_id is None
            }
            found |= covered | whole_family
            if not covered and not whole_family and family_id in self.first_of_family:
                found.add(self.first_of_family[family_id])
        return [service for service in SERVICES if service in found]

    def apply(self, state, services):
        """The ratings state once it offers exactly ``services`` (as far as items can say)."""
        state = {family: (level, set(items)) for family, (level, items) in state.items()}
        wanted = set(services)
        for service, mapping in self.by_service.items():
            if service in wanted:
                level, items = state.setdefault(mapping.family_id, (mapping.level, set()))
                if mapping.item_id:
                    items.add(mapping.item_id)
            elif mapping.item_id and mapping.family_id in state:
                state[mapping.family_id][1].discard(mapping.item_id)
        offered = {self.by_service[service].family_id for service in wanted}
        return {
            family: (level, items)
            for family, (level, items) in state.items()
            if family in offered or items - self.mapped_items
        }
