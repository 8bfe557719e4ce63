from .catalogue import ServiceFamily, ServiceItem, StarLegend, Territory
from .tree import NeedActor, NeedPage, NeedTreePage, NeedVenue, RemoteActor, ThemePage
from .venues import VenueClosure, VenueEquipment, VenueIndexPage, VenuePage, VenueServiceRating

__all__ = [
    "NeedActor",
    "NeedPage",
    "NeedTreePage",
    "NeedVenue",
    "RemoteActor",
    "ThemePage",
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
