"""The site's one public address, for every absolute link it writes.

E-mails, QR codes, PDF footers, feeds, the sitemap, canonical and Open Graph links, the API and
the partner widget's code all leave the site: they must carry the address residents reach, not
the host a request happened to name (a test client, an internal health check, a proxy). That
address is Wagtail's Site record (hostname and port, set by ``setup_site``); ``BASE_URL`` must
agree with it, which the deployment check ``portal.E001`` enforces.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

from .content_cache import cached

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def public_root_url():
    """``https://numerique.example.fr``: the default Site's address, without a final slash.

    Read from Wagtail's own cached list of site roots, which routing has filled anyway: no query
    in the usual case of one Site record (whatever the number of languages); then kept until the
    content changes (a Site record's change starts a new generation), as a page writes it for
    each of its alternate-language and Open Graph links.
    """
    return cached("public-root-url", _read_public_root_url)


def _read_public_root_url():
    root_urls = {path.root_url for path in Site.get_site_root_paths()}
    if len(root_urls) == 1:
        return root_urls.pop().rstrip("/")
    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(path):
    """``path`` (``/lieux/…``) on the public site; an address that is already absolute is kept."""
    if urlsplit(path).scheme:
        return path
    return public_root_url() + path


def public_host():
    """``numerique.example.fr``: the host name shown to partners who embed the widget."""
    return urlsplit(public_root_url()).netloc


def same_address(first, second):
    """Whether two root URLs name the same scheme, host and port (``:443`` is https' own)."""
    first, second = urlsplit(first), urlsplit(second)
    default_ports = {"http": 80, "https": 443}
    return (first.scheme, first.hostname, first.port or default_ports.get(first.scheme)) == (
        second.scheme,
        second.hostname,
        second.port or default_ports.get(second.scheme),
    )
