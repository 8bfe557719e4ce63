from .catalogue import ServiceFamily, ServiceItem, StarLegend, Territory
from .editions import GuideDownloadsPage, GuideEdition
from .moderation import TerritoryModerators
from .tree import NeedActor, NeedPage, NeedTreePage, NeedVenue, RemoteActor, ThemePage
from .venue_index import VenueIndexPage
from .venues import VenueClosure, VenueEquipment, VenuePage, VenueServiceLevel

__all__ = [
    "GuideDownloadsPage",
    "GuideEdition",
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
    "TerritoryModerators",
    "VenueClosure",
    "VenueEquipment",
    "VenueIndexPage",
    "VenuePage",
    "VenueServiceLevel",
]
