"""No broken link: an anonymous visitor follows every internal address of the demo, in every
language, and each answers 200 (or redirects to an address that does).

The crawl starts at the home page of each language and follows what a browser or a feed reader
would: ``<a href>``, every ``<link href>`` (alternates, canonical, feeds, stylesheets, icons),
the actions of GET forms (loaded as the form's address, not submitted: POST forms are the
visitor's own, tested with their apps) and, once reached, feeds, calendars and PDFs (status
only). Each address is visited once; PDFs are sampled (``SAMPLED_FILES``). Filters and
pagination make query strings multiply: only the first ``QUERY_VARIANTS_PER_PATH`` query
strings met for a path are followed, the path itself always is. The demo's crawl visits about
1,400 addresses in 70 s on a busy 2-core machine (its 144 PDFs, unsampled, took three
minutes).
"""

import re
from collections import defaultdict, deque
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
import time_machine

from portal.public_address import public_root_url

from ..conftest import DEMO_LOAD_DAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "on_demo_load_day")]

HOMES = ["/", "/en/", "/ar/", "/uk/"]
REDIRECTS = {301, 302}
QUERY_VARIANTS_PER_PATH = 3
# Each venue's fiche.pdf is the same view laid out for another venue, and a PDF costs a second:
# the first PDF of each name in each language is fetched, not the 144 of the demo.
SAMPLED_FILES = re.compile(r"^(/(?:en|ar|uk)/)?.*/([\w-]+\.pdf)$")
# Served by the web server (uploads) or private (the admin): not the resident's site.
NOT_CRAWLED = ("/admin/", "/media/")


def linked_urls(response, base):
    """The addresses a page links to, absolute."""
    if not response["Content-Type"].startswith("text/html"):
        return []
    tree = lxml.html.fromstring(response.content)
    urls = tree.xpath("//a/@href | //link/@href")
    urls += [
        form.get("action") or base
        for form in tree.xpath("//form")
        if (form.get("method") or "get").lower() == "get"
    ]
    return [urljoin(base, url.strip()) for url in urls]


class Crawl:
    """A breadth-first walk through the site's addresses; ``broken`` lists what fails."""

    def __init__(self, client, hosts):
        self.client = client
        self.hosts = hosts
        self.queue = deque()
        self.seen = set()
        self.queries_of_path = defaultdict(int)
        self.sampled = set()
        self.found_on = {}
        self.broken = []

    def internal_path(self, url):
        """``url`` as a local path with its query; None when it leaves the site."""
        parts = urlsplit(urldefrag(url).url)
        if parts.scheme not in ("http", "https") or parts.netloc not in self.hosts:
            return None
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return None if path.startswith(NOT_CRAWLED) else path

    def add(self, path, found_on):
        if path in self.seen:
            return
        if sample := SAMPLED_FILES.match(path):
            if sample.groups() in self.sampled:
                return
            self.sampled.add(sample.groups())
        bare_path, _, query = path.partition("?")
        if query:
            if self.queries_of_path[bare_path] >= QUERY_VARIANTS_PER_PATH:
                return
            self.queries_of_path[bare_path] += 1
        self.seen.add(path)
        self.found_on[path] = found_on
        self.queue.append(path)

    def visit(self, path):
        response = self.client.get(path)
        base = f"http://testserver{path}"
        if response.status_code in REDIRECTS:
            if target := self.internal_path(urljoin(base, response["Location"])):
                self.add(target, path)
            return
        if response.status_code != 200:
            found_on = self.found_on[path]
            self.broken.append(f"{path} → {response.status_code} (linked from {found_on})")
            return
        for url in linked_urls(response, base):
            if link := self.internal_path(url):
                self.add(link, path)

    def run(self, starts):
        for start in starts:
            self.add(start, "start")
        while self.queue:
            self.visit(self.queue.popleft())
        return self


def test_every_internal_address_of_the_demo_answers(client):
    hosts = {"testserver", urlsplit(public_root_url()).netloc}
    with time_machine.travel(DEMO_LOAD_DAY, tick=False):
        crawl = Crawl(client, hosts).run(HOMES)
    assert crawl.broken == []
    assert len(crawl.seen) > 100
