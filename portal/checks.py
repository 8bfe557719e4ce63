"""Deployment checks of this project, run by ``manage.py check --deploy``.

Registered in ``PortalConfig.ready()``. ``make serve`` runs them with ``--database default`` and
``--fail-level ERROR``: an error stops production from starting.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning
from django.db import DatabaseError
from django.utils.translation import gettext as _

from .public_address import LOCAL_HOSTS, same_address

SETUP_COMMAND = "python manage.py setup_site --url {url}"


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


def public_address(app_configs, databases=None, **kwargs):
    """BASE_URL and the Site record are the address in every e-mail, QR code and feed: refuse
    this machine's own name, and a Site record that says something else than BASE_URL."""
    base_url = settings.WAGTAILADMIN_BASE_URL
    if urlsplit(base_url).hostname in LOCAL_HOSTS:
        return [
            Error(
                _("BASE_URL (%(url)s) désigne cette machine, pas l'adresse publique du site.")
                % {"url": base_url},
                hint=_(
                    "Donnez à BASE_URL l'adresse que les habitants tapent, par exemple "
                    "https://numerique.ville.fr, puis lancez « %(command)s »."
                )
                % {"command": SETUP_COMMAND.format(url="https://numerique.ville.fr")},
                id="portal.E001",
            )
        ]
    messages = []
    if urlsplit(base_url).scheme != "https":
        messages.append(
            Warning(
                "BASE_URL is not an https address.",
                hint="E-mails, the guide's QR codes and feeds use it: serve the site over https.",
                id="portal.W002",
            )
        )
    if databases and "default" in databases:
        messages.extend(_site_record_disagreements(base_url))
    return messages


def _site_record_disagreements(base_url):
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: `migrate` comes after the checks
        return []
    site_url = site.root_url if site else ""
    if site and same_address(site_url, base_url):
        return []
    return [
        Error(
            _(
                "L'adresse du site enregistrée dans Wagtail (%(site)s) n'est pas BASE_URL "
                "(%(url)s) : les liens des e-mails, des QR codes et des flux seraient faux."
            )
            % {"site": site_url or _("aucun site"), "url": base_url},
            hint=_("Lancez « %(command)s ».") % {"command": SETUP_COMMAND.format(url=base_url)},
            id="portal.E002",
        )
    ]


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
