from .accessibility import AccessibilityStatementPage
from .home import HomePage
from .settings import PortalSettings

__all__ = ["AccessibilityStatementPage", "HomePage", "PortalSettings"]
