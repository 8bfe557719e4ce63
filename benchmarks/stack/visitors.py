"""Residents visiting the site over HTTP, as a load balancer forwards them, and what they saw."""

import http.client
import itertools
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from .system import HOST

# The host name a load balancer forwards to every web process: the demo site's.
SITE_HOST = "localhost"


SITE_ORIGIN = f"https://{SITE_HOST}"


# What the TLS-terminating load balancer in front of production says: the public host name and
# the scheme; production trusts X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
BASE_HEADERS = {
    "Host": SITE_HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Language": "fr",
    "User-Agent": "benchmarks/stack.py",
}


CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


RETRYABLE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Resident:
    """One visitor: a cookie jar, an address of its own and a kept-alive connection to each web
    process, used in turn as a round-robin load balancer would (so a form comes from one process
    and is posted to the other: nothing may be kept on a web process).

    Its own loopback address (127.0.1.N) makes it one client for the per-address rate limits.
    """

    def __init__(self, ports, number, timeout=30):
        source = (f"127.0.1.{number % 250 + 1}", 0)
        self.connections = [
            http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=source)
            for port in ports
        ]
        self.turn = itertools.cycle(self.connections)
        self.cookies = {}
        self.retries = 0
        self.last_location = None

    def close(self):
        for connection in self.connections:
            connection.close()

    def request(self, method, path, fields=None):
        """(status, body); follows no redirect. Raises OSError/HTTPException on a failure."""
        headers = dict(BASE_HEADERS)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = SITE_ORIGIN
            headers["Referer"] = SITE_ORIGIN + path
        connection = next(self.turn)
        reused = connection.sock is not None
        try:
            return self._send(connection, method, path, body, headers)
        except RETRYABLE:
            # Like browsers: a request that finds its kept-alive connection closed by the
            # server before any answer is sent again once, on a new connection.
            connection.close()
            if not reused:
                raise
            self.retries += 1
            return self._send(connection, method, path, body, headers)

    def _send(self, connection, method, path, body, headers):
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except BaseException:
            connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        if response.will_close:
            connection.close()  # http.client reconnects on the next request
        self.last_location = response.headers.get("Location")
        return response.status, content

    def csrf_token(self, body):
        match = CSRF_FIELD.search(body)
        return match.group(1).decode() if match else ""


class Outcomes:
    """Latencies and statuses per kind of request, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.failures = Counter()  # kind → connection errors and timeouts
        self.samples = []  # (kind, what) of the first server errors and failures
        self.timeline = []  # (seconds since start, kind, status or exception name, body, latency)
        self.started = time.monotonic()

    def record(self, kind, status, latency, body=b"", path=""):
        with self.lock:
            self.statuses[kind][status] += 1
            if latency is not None:
                self.latencies[kind].append(latency)
            seconds = time.monotonic() - self.started
            self.timeline.append((seconds, kind, status, body[:2000], latency))
            if status >= 500 and len(self.samples) < 5:
                self.samples.append((kind, f"HTTP {status} {path}: {snippet(body)}"))

    def fail(self, kind, error, path=""):
        with self.lock:
            self.failures[kind] += 1
            name = type(error).__name__
            self.timeline.append((time.monotonic() - self.started, kind, name, b"", None))
            if len(self.samples) < 5:
                self.samples.append((kind, f"{name} {path}: {error}"))

    def count(self, predicate):
        return sum(
            n for statuses in self.statuses.values() for s, n in statuses.items() if predicate(s)
        )

    @property
    def server_errors(self):
        return self.count(lambda status: status >= 500)

    @property
    def connection_failures(self):
        return sum(self.failures.values())

    @property
    def requests(self):
        return self.count(lambda status: True) + self.connection_failures


def snippet(body, width=160):
    text = re.sub(rb"<[^>]+>", b" ", body[:4000]).decode("utf-8", errors="replace")
    return " ".join(text.split())[:width]


def percentile(values, rank):
    if len(values) < 2:
        return float("nan") if not values else values[0] * 1000
    return statistics.quantiles(values, n=100, method="inclusive")[rank - 1] * 1000


def form_fields(body, prefix_pattern):
    """The hidden fields whose names match ``prefix_pattern`` in an HTML form: {name: value}."""
    pattern = re.compile(rb'name="(' + prefix_pattern.encode() + rb')" value="([^"]*)"')
    return {name.decode(): value.decode() for name, value in pattern.findall(body)}
