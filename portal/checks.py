"""Deployment checks of this project, run by ``manage.py check --deploy``.

Registered in ``PortalConfig.ready()``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning


def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            Warning(
                "No REDIS_URL: each web process keeps its own cache and rate limits.",
                hint="Set REDIS_URL so that several web processes share pages and limits.",
                id="portal.W001",
            )
        ]
    return []


def public_address(app_configs, **kwargs):
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    if address.scheme != "https" or address.hostname in {"localhost", "127.0.0.1"}:
        return [
            Warning(
                "BASE_URL is not the site's public https address.",
                hint="E-mails, the guide's QR codes and feeds use it: set BASE_URL.",
                id="portal.W002",
            )
        ]
    return []


def trusted_proxies(app_configs, **kwargs):
    """SECURE_PROXY_SSL_HEADER says a proxy stands in front of the site (production always sets
    it): without TRUSTED_PROXIES, every visitor has the proxy's address, and the rate limits and
    login lockouts, counted per address, are shared by the whole city."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "Behind a proxy (SECURE_PROXY_SSL_HEADER) but TRUSTED_PROXIES is empty: every "
                "visitor shares the proxy's rate limits and login lockouts.",
                hint="Set TRUSTED_PROXIES to the proxy's address (docs/exploitation.md).",
                id="portal.W003",
            )
        ]
    return []
