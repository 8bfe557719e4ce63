"""Which data·inclusion thématiques each detailed service of the guide stands for.

``DataInclusionMapping`` (opendata.models) stores them, one row per French item, editable in the
admin; ``opendata.thematique_vocabulary`` gives their vocabulary and defaults.
``ensure_thematique_mapping`` seeds the missing rows the first time they are needed (as
``opendata.mapping.ensure_service_mapping`` does for the national services), and a data
migration seeds the catalogue an existing site already has: every item, including one an editor
adds later, has at least one thématique. Seeding never overwrites an editor's choice.

An item's first thématique is its main one: ``items_for_thematiques`` lists the items whose main
thématique is asked first, so that an import lands a service on its closest item.
"""

from django.db import transaction

from guide.models import ServiceItem
from guide.models.catalogue import french_items
from opendata.models import DataInclusionMapping
from opendata.thematique_vocabulary import mapping_row


@transaction.atomic
def ensure_thematique_mapping():
    """Create the missing rows, one per French item, with their default thématiques."""
    missing = (
        ServiceItem.objects.filter(french_items(), data_inclusion_mapping__isnull=True)
        .select_related("family")
        .order_by("pk")
    )
    DataInclusionMapping.objects.bulk_create(
        mapping_row(DataInclusionMapping, item.pk, item.slug, item.family.slug) for item in missing
    )


def thematiques_by_item():
    """``{French item id: [thématique, …]}`` for a whole export: two queries."""
    ensure_thematique_mapping()
    return {row.item_id: row.thematiques for row in DataInclusionMapping.objects.all()}


def thematiques_for_item(item):
    """The thématiques of one detailed service (an item or its id), main one first."""
    item_id = getattr(item, "pk", item)
    return thematiques_by_item().get(item_id, [])


def items_for_thematiques(codes):
    """The French items mapped to any of ``codes``, those whose main thématique is one of them
    first, then in the catalogue's order: an import takes the first for each service."""
    wanted = set(codes)
    mapping = thematiques_by_item()
    items = ServiceItem.objects.filter(french_items(), pk__in=list(mapping)).order_by(
        "family__sort_order", "family_id", "sort_order", "pk"
    )
    matching = [item for item in items if wanted & set(mapping[item.pk])]
    return sorted(matching, key=lambda item: mapping[item.pk][0] not in wanted)
