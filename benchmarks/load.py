"""Load test of the whole site: two web processes and two task workers on PostgreSQL and Redis.

    .venv/bin/python benchmarks/load.py [--venues 2000] [--clients 50] [--duration 60] [--keep]

1. Creates the database ``portal_load_bench`` on the local PostgreSQL, migrates it, loads the demo
   content and adds ``--venues`` generated venues (benchmarks/pages.py's generator); flushes the
   Redis database ``--redis-db``; starts an SMTP sink that counts e-mails.
2. Starts two gunicorn servers (one process each, on two ports) and the two task workers
   (``db_worker --backend guide`` and ``--backend newsletter``), production settings; waits for
   ``/sante/``; has the guide worker build an extract of the guide (one territory) as the admin's
   button does, so that ``/guide/`` offers a PDF to download.
3. Runs ``--clients`` residents for ``--duration`` seconds on a weighted mix of pages, downloads
   and form posts (newsletter subscription, first step of "Déclarer un lieu"), each resident with
   its own cookies and address, its requests sent in turn to both servers. Meanwhile, unless
   ``--no-jobs``, the workers rebuild the guide extract and send a newsletter issue to
   ``--subscribers`` subscribers, as on a real working day.
4. Prints requests, requests/s, p50/p95/p99 overall and per kind, errors (HTTP 5xx, connection
   errors, timeouts) with samples, 429 answers, the peak memory of each server process, then
   stops everything and checks that no process is left.

Two gunicorn masters rather than one with two workers: that is what "several web servers behind a
load balancer" means, each with its own memory; the clients' round-robin is the load balancer.
Target: 0 errors. The exit code is always 0: read the TARGET lines.
"""

import argparse
import http.client
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from stack import services, system, visitors, website

PG_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
GUIDE_EXTRACT = ("metz-ancienne-ville", "Extrait Metz Ancienne Ville (mesures)")
FILTER_WORDS = ["numérique", "démarches", "emploi", "smartphone", "caf", "ordinateur", "atelier"]
POSTCODES = ["57000", "57050", "57070", "57140", "57950"]
GUIDE_LINK = re.compile(rb'href="(/guide/edition-\d+\.pdf)"')
DECLARATION_PREFIX = "identification"


class Site:
    """The addresses the residents visit, read from the database once it is filled."""

    def __init__(self):
        from guide.models import NeedPage, NeedTreePage, VenuePage

        french = {"locale__language_code": "fr"}
        self.venues = [venue.url for venue in VenuePage.objects.live().filter(**french)]
        needs = list(NeedPage.objects.live().filter(**french))
        self.needs = [need.url for need in needs]
        self.need_slugs = [need.slug for need in needs]
        self.tree = NeedTreePage.objects.live().filter(**french).first().url


def mix(site):
    """(kind, weight, action): an action is what one resident does, one or two requests."""

    def page(kind, path):
        return lambda resident, outcomes, rng: fetch(resident, outcomes, kind, path(rng))

    def need_with_postcode(rng):
        return f"{rng.choice(site.needs)}?cp={rng.choice(POSTCODES)}"

    def venue_filters(rng):
        filters = {
            "q": rng.choice(FILTER_WORDS),
            "besoin": rng.choice(site.need_slugs),
            "cp": rng.choice(POSTCODES),
            "ouvert": "1",
        }
        chosen = rng.sample(sorted(filters), rng.randint(1, 3))
        return "/lieux/?" + urlencode({name: filters[name] for name in chosen})

    return [
        ("home", 8, page("home", lambda rng: "/")),
        ("venue list", 5, page("venue list", lambda rng: f"/lieux/?page={rng.randint(1, 5)}")),
        ("venue list filtered", 10, page("venue list filtered", venue_filters)),
        ("venue page", 20, page("venue page", lambda rng: rng.choice(site.venues))),
        (
            "need page cp",
            8,
            page("need page cp", need_with_postcode),
        ),
        ("tree", 3, page("tree", lambda rng: site.tree)),
        ("news", 3, page("news", lambda rng: "/actualites/")),
        ("agenda", 3, page("agenda", lambda rng: "/agenda/")),
        ("fiche.pdf", 2, page("fiche.pdf", lambda rng: rng.choice(site.venues) + "fiche.pdf")),
        ("guide", 2, download_guide),
        ("api", 4, page("api", lambda rng: "/api/v2/lieux/?limit=20")),
        ("open data csv", 1, page("open data csv", lambda rng: "/donnees/lieux.csv")),
        ("subscribe", 2, subscribe),
        ("declare", 2, declare),
    ]


def fetch(resident, outcomes, kind, path, fields=None, expected=(200,)):
    """One request, recorded under ``kind``; the body, or None if it failed."""
    began = time.perf_counter()
    try:
        status, body = resident.request("POST" if fields else "GET", path, fields)
    except (OSError, http.client.HTTPException) as error:
        outcomes.fail(kind, error, path)
        return None
    outcomes.record(kind, status, time.perf_counter() - began, body, path)
    if status not in expected:
        outcomes.unexpected(kind, status, path, body)
        return None
    return body


def download_guide(resident, outcomes, rng):
    body = fetch(resident, outcomes, "guide page", "/guide/")
    link = GUIDE_LINK.search(body or b"")
    # The stable link redirects to the current file (it outlives rebuilds).
    if not link:
        return
    redirect = fetch(resident, outcomes, "guide link", link.group(1).decode(), expected=(302,))
    if redirect is not None:
        fetch(resident, outcomes, "guide pdf", resident.last_location)


def subscribe(resident, outcomes, rng):
    form = fetch(resident, outcomes, "subscribe form", "/lettre/abonnement/")
    if form is None:
        return
    fields = {
        "csrfmiddlewaretoken": resident.csrf_token(form),
        "email": f"resident-{rng.getrandbits(64):016x}@example.org",
        "language": "fr",
        "consent": "on",
        "website": "",
    }
    body = fetch(
        resident, outcomes, "subscribe post", "/lettre/abonnement/", fields, expected=(200, 429)
    )
    if body is not None and b"csrfmiddlewaretoken" not in body:  # the "check your inbox" page
        outcomes.subscribed(fields["email"])


def declare(resident, outcomes, rng):
    form = fetch(resident, outcomes, "declare form", "/declarer/identification/")
    if form is None:
        return
    fields = visitors.form_fields(form, r"[a-z_]+-current_step")
    fields.update(
        {
            "csrfmiddlewaretoken": resident.csrf_token(form),
            f"{DECLARATION_PREFIX}-declarant_name": "Camille Martin",
            f"{DECLARATION_PREFIX}-declarant_role": "Médiatrice numérique",
            f"{DECLARATION_PREFIX}-declarant_structure": "Centre social",
            f"{DECLARATION_PREFIX}-declarant_email": f"camille.{rng.randint(1, 10**6)}@example.org",
            f"{DECLARATION_PREFIX}-declarant_phone": "03 87 00 00 00",
            f"{DECLARATION_PREFIX}-website": "",
        }
    )
    fetch(
        resident,
        outcomes,
        "declare post",
        "/declarer/identification/",
        fields,
        expected=(302, 429),
    )


class LoadOutcomes(visitors.Outcomes):
    def __init__(self):
        super().__init__()
        self.unexpected_samples = []
        self.subscriptions = []

    def unexpected(self, kind, status, path, body):
        if 400 <= status < 500 and status != 429:
            with self.lock:
                if len(self.unexpected_samples) < 5:
                    self.unexpected_samples.append(
                        (kind, f"HTTP {status} {path}: {visitors.snippet(body)}")
                    )

    def subscribed(self, email):
        with self.lock:
            self.subscriptions.append(email)


def run_clients(ports, actions, clients, running, outcomes=None, seed=2026):
    """``clients`` residents doing weighted ``actions`` while ``running()`` is true."""
    outcomes = outcomes or LoadOutcomes()
    weights = [weight for _kind, weight, _action in actions]
    residents = [visitors.Resident(ports, number) for number in range(clients)]

    def visit(resident, number):
        rng = random.Random(seed + number)
        while running():
            kind, _weight, action = rng.choices(actions, weights)[0]
            try:
                action(resident, outcomes, rng)
            except Exception as error:  # a bug of the benchmark: counted, never silent
                outcomes.fail(f"{kind} (client)", error)
        resident.close()

    threads = [
        threading.Thread(target=visit, args=(resident, number), daemon=True)
        for number, resident in enumerate(residents)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcomes.elapsed = time.monotonic() - began
    outcomes.retries = sum(resident.retries for resident in residents)
    return outcomes


# --------------------------------------------------------------------------------------------


def start_jobs(edition, subscribers):
    """A guide rebuild and a newsletter send, queued as editors would during the load."""
    from actualites.newsletter.send import start_send

    website.request_guide_build(edition)
    website.confirmed_subscribers(subscribers)
    return start_send(website.new_issue(website.newsletter_index(), 9001)), time.monotonic()


def report_jobs(edition, send, started, sink, subscribers):
    from actualites.models import NewsletterSend

    ready = system.wait_for(lambda: website.edition_state(edition.pk)["status"] == "ready", 600)
    guide_seconds = time.monotonic() - started
    done = system.wait_for(
        lambda: NewsletterSend.objects.get(pk=send.pk).status == NewsletterSend.Status.DONE, 600
    )
    send_seconds = time.monotonic() - started
    recipients = [address for address in sink.recipients() if address.startswith("abonne")]
    distinct, twice = services.received(recipients)
    print(
        f"\nworkers during the load: guide extract {'ready' if ready else 'NOT READY'} "
        f"{guide_seconds:.0f} s after the start; newsletter send {'done' if done else 'NOT DONE'}"
        f" after {send_seconds:.0f} s, {distinct} distinct recipients of {subscribers}, "
        f"{twice} received twice"
    )
    return bool(ready and done and distinct == subscribers and not twice)


def print_report(outcomes, memory, processes, servers, sink):
    latencies = [value for values in outcomes.latencies.values() for value in values]
    total = outcomes.requests
    p50, p95, p99 = (visitors.percentile(latencies, rank) for rank in (50, 95, 99))
    print(
        f"\n{total} requests in {outcomes.elapsed:.1f} s: {total / outcomes.elapsed:.1f} "
        f"requests/s; p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms"
    )
    header = (
        f"{'kind':20} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'5xx':>5} {'failed':>6} {'429':>5} {'4xx':>5}"
    )
    print(header)
    print("-" * len(header))
    for kind in sorted(outcomes.statuses.keys() | outcomes.failures.keys()):
        values, statuses = outcomes.latencies[kind], outcomes.statuses[kind]
        server_errors = sum(n for status, n in statuses.items() if status >= 500)
        client_errors = sum(n for status, n in statuses.items() if 400 <= status < 500)
        print(
            f"{kind:20} {sum(statuses.values()) + outcomes.failures[kind]:>8} "
            + "".join(f"{visitors.percentile(values, rank):>9.0f}" for rank in (50, 95, 99))
            + f" {server_errors:>5} {outcomes.failures[kind]:>6} "
            f"{statuses[429]:>5} {client_errors - statuses[429]:>5}"
        )
    errors = outcomes.server_errors + outcomes.connection_failures
    print(
        f"errors: {errors} ({outcomes.server_errors} HTTP 5xx, {outcomes.connection_failures} "
        f"connection errors or timeouts); {outcomes.count(lambda s: s == 429)} HTTP 429 (rate "
        f"limits); {outcomes.retries} requests sent again on a closed kept-alive connection"
    )
    for kind, what in outcomes.samples:
        print(f"    error sample ({kind}): {what}")
    for kind, what in outcomes.unexpected_samples:
        print(f"    unexpected answer ({kind}): {what}")
    confirmations = {a for a in sink.recipients() if a.startswith("resident-")}
    subscribed = set(outcomes.subscriptions)
    print(
        f"subscriptions accepted: {len(subscribed)}, confirmation e-mails received for them: "
        f"{len(subscribed & confirmations)}"
    )
    print("peak resident memory (process and its children):")
    for name in memory.peaks:
        print(f"    {name:20} {memory.peak_mb(name):6.0f} MB")
    for server in servers:
        lines = processes.log_lines(server.name)
        flagged = [line for line in lines if "Traceback" in line or " ERROR " in line]
        print(f"{server.name} log: {len(lines)} lines, {len(flagged)} with an error or traceback")
        for line in flagged[:3]:
            print(f"    {line[:200]}")
    return errors, len(subscribed) == len(subscribed & confirmations)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venues", type=int, default=2000, help="generated venues")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--threads", type=int, default=4, help="threads per web process")
    parser.add_argument("--database", default="portal_load_bench")
    parser.add_argument("--redis-db", type=int, default=12, help="flushed first")
    parser.add_argument("--subscribers", type=int, default=500, help="of the newsletter sent")
    parser.add_argument("--no-jobs", action="store_true", help="no guide build or send meanwhile")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    return parser.parse_args()


def main():
    args = parse_args()
    system.exit_on_sigterm()
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    if not args.keep:
        system.CLEANUP.callback(shutil.rmtree, folder, ignore_errors=True)
        system.CLEANUP.callback(services.drop_database, PG_SERVER_URL, args.database)
    services.create_database(PG_SERVER_URL, args.database)
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    services.flush_redis(redis_url)
    if not args.keep:
        system.CLEANUP.callback(services.flush_redis, redis_url)
    sink = services.SmtpSink(folder / "received.txt")
    environment = website.site_environment(
        f"{PG_SERVER_URL}/{args.database}", redis_url, folder / "media", sink.port
    )
    website.prepare_site(environment, args.venues)

    processes = system.Processes(folder)
    servers = [
        website.start_web(processes, environment, name, system.free_port(), threads=args.threads)
        for name in ("web-1", "web-2")
    ]
    workers = [website.start_worker(processes, environment, b) for b in ("guide", "newsletter")]
    for server in servers:
        website.wait_healthy(server)
    started = time.monotonic()
    edition = website.guide_extract(*GUIDE_EXTRACT)
    website.request_guide_build(edition)
    if not system.wait_for(lambda: website.edition_state(edition.pk)["status"] == "ready", 600):
        print(f"the guide extract was not built: {website.edition_state(edition.pk)}")
    print(f"guide extract built by the worker in {time.monotonic() - started:.0f} s")
    site = Site()
    print(
        f"{len(site.venues)} venues, {len(site.needs)} needs; {args.clients} clients for "
        f"{args.duration:.0f} s on ports {', '.join(str(s.port) for s in servers)}"
    )
    from django.db import connections

    connections.close_all()

    roots = {process.name: process.pid for process in [*servers, *workers]}
    jobs = None if args.no_jobs else start_jobs(edition, args.subscribers)
    with system.TreeMemory(roots, interval=0.25) as memory:
        deadline = time.monotonic() + args.duration
        outcomes = run_clients(
            [s.port for s in servers], mix(site), args.clients, lambda: time.monotonic() < deadline
        )
        jobs_met = report_jobs(edition, *jobs, sink, args.subscribers) if jobs else True
    errors, mails_met = print_report(outcomes, memory, processes, servers, sink)

    processes.stop_all()
    left = processes.leftovers()
    print(f"processes left after stopping: {len(left)} {left if left else ''}")
    print(f"\nTARGET {'MET' if not errors else 'MISSED'}: {errors} errors (0)")
    print(f"TARGET {'MET' if mails_met else 'MISSED'}: one confirmation e-mail per subscription")
    if jobs:
        print(f"TARGET {'MET' if jobs_met else 'MISSED'}: guide rebuilt and newsletter sent once")
    if args.keep:
        print(f"kept the database {args.database} and the logs in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
