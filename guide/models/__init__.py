from .catalogue import ServiceFamily, ServiceItem, StarLegend, Territory
from .declarations import DECLARABLE_FIELDS, Declaration, TerritoryModerators
from .editions import GuideDownloadsPage, GuideEdition
from .freshness import VenueReminder
from .imports import NationalServiceMapping
from .statistics import UsageCount
from .tree import NeedActor, NeedPage, NeedTreePage, NeedVenue, RemoteActor, ThemePage
from .venues import VenueClosure, VenueEquipment, VenueIndexPage, VenuePage, VenueServiceRating

__all__ = [
    "DECLARABLE_FIELDS",
    "Declaration",
    "TerritoryModerators",
    "GuideDownloadsPage",
    "GuideEdition",
    "NationalServiceMapping",
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
    "UsageCount",
    "VenueClosure",
    "VenueEquipment",
    "VenueIndexPage",
    "VenuePage",
    "VenueReminder",
    "VenueServiceRating",
]
