"""The visitor's address, the one every per-client limit counts (throttle, login lockouts).

Behind the reverse proxy, ``REMOTE_ADDR`` is the proxy: every visitor would share its budget.
The proxy appends the address it received the request from to ``X-Forwarded-For``; anything
further left in that header was written by the visitor and can be forged. So the header is
believed only when the request comes from a proxy listed in ``settings.TRUSTED_PROXIES``, and
only as far as trusted proxies wrote it: walking it from the right, each address that is itself a
trusted proxy is skipped, and the first one that is not is the visitor (nginx's
``real_ip_recursive``). A malformed entry on that walk means the chain cannot be read: the
address is then ``REMOTE_ADDR``, as without a proxy.

Why not django-ipware: python-ipware's trusted proxies (``proxy_list``) are matched position by
position against the right end of the header (the n-th entry against the n-th hop, at least as
many hops as entries), and never against ``REMOTE_ADDR``, the one address nobody can forge; a
set of trusted networks crossed by one hop or several cannot be written that way, and its
``proxy_count`` needs the number of trusted hops, which is what this walk finds. The rule
therefore lives here, over the standard library's ``ipaddress``.
"""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _networks(trusted_proxies):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted_proxies)


def _parse(text):
    """The address written in ``text``; an IPv4 client seen through IPv6 (``::ffff:a.b.c.d``,
    a dual-stack socket) is the IPv4 address, as in TRUSTED_PROXIES. ValueError if malformed."""
    address = ipaddress.ip_address(text)
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(address, networks):
    return any(address in network for network in networks)


def _proxy_is_trusted(remote_addr, networks):
    """True when the request comes from a trusted proxy.

    A request without an address came through a UNIX socket (``BIND=unix:…``), which only
    processes of this machine may open: the proxy, as gunicorn's ``FORWARDED_ALLOW_IPS`` also
    assumes.
    """
    if not remote_addr:
        return True
    try:
        return _is_trusted(_parse(remote_addr), networks)
    except ValueError:
        return False


def client_ip(request):
    """The visitor's address as text: ``REMOTE_ADDR`` unless a trusted proxy forwarded it."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not networks or not forwarded_for or not _proxy_is_trusted(remote_addr, networks):
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    for hop in reversed(hops):
        try:
            address = _parse(hop)
        except ValueError:
            return remote_addr
        if not _is_trusted(address, networks):
            break
    return str(address)
