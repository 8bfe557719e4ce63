from .accessibility import AccessibilityStatementPage
from .home import HomePage
from .legal import LegalPage, SitemapPage
from .settings import PortalSettings

__all__ = ["AccessibilityStatementPage", "HomePage", "LegalPage", "PortalSettings", "SitemapPage"]
