from .catalogue import ServiceFamily, ServiceItem, StarLegend, Territory
from .venues import VenueClosure, VenueEquipment, VenueIndexPage, VenuePage, VenueServiceRating

__all__ = [
    "ServiceFamily",
    "ServiceItem",
    "StarLegend",
    "Territory",
    "VenueClosure",
    "VenueEquipment",
    "VenueIndexPage",
    "VenuePage",
    "VenueServiceRating",
]
