"""Fault runs: what the site does when PostgreSQL or Redis goes away, or a worker is killed.

    .venv/bin/python benchmarks/faults.py [database] [redis] [guide-worker] [newsletter-worker]
        [--venues 200] [--clients 10] [--outage 5]

Everything runs on servers of its own, so that stopping them disturbs nobody: a PostgreSQL
cluster created with initdb on port 55432 and a Redis on port 56379 (both removed at the end),
an SMTP sink; the site (demo content and ``--venues`` generated venues) is prepared once, then
each scenario starts two web processes and the two workers with production settings and stops
them at its end.

- ``database``: under load, PostgreSQL is stopped for ``--outage`` seconds and started again.
  Expected: while it is down, pages not in the cache answer 503 with a French page (no 500, no
  traceback) and ``/sante/`` answers 503; once it is back, every request succeeds again within
  a few seconds, without restarting anything.
- ``redis``: under load, Redis is shut down for ``--outage`` seconds, then started again.
  Expected: the site keeps serving (no error), ``/sante/`` answers 200 with the cache
  "indisponible", then "ok", and the cache is used again.
- ``guide-worker``: the full guide is being built when its worker is killed (SIGKILL); then
  ``resume_guide_builds`` and a new worker, as a service manager restarting it would. Expected:
  the edition is ready, with one document and one PDF file.
- ``newsletter-worker``: an issue is being sent to ``--subscribers`` subscribers when the worker
  is killed; then ``resume_newsletter_sends`` and a new worker. Expected: every subscriber
  received exactly one message and the send is done.

Each scenario prints what happened and PASS or FAIL. The exit code is the number of failures.
"""

import argparse
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

import load
from stack import services, system, visitors, website

PG_PORT = 55432
REDIS_PORT = 56379
DATABASE = "portal_faults"
# Pages read from the database (forms and downloads are load.py's business).
PAGE_KINDS = {"home", "venue list", "venue list filtered", "venue page", "need page cp", "tree"}
FRENCH_UNAVAILABLE = "indisponible"
RECOVERY_LIMIT_SECONDS = 10


class Deployment:
    """The site's servers for one scenario: two web processes and the two workers."""

    def __init__(self, processes, environment):
        self.processes = processes
        self.environment = environment
        self.web = [
            website.start_web(processes, environment, name, system.free_port())
            for name in ("web-1", "web-2")
        ]
        self.workers = {
            backend: website.start_worker(processes, environment, backend)
            for backend in ("guide", "newsletter")
        }
        for server in self.web:
            website.wait_healthy(server)

    @property
    def ports(self):
        return [server.port for server in self.web]

    def kill_worker(self, backend, orphans_timeout=60):
        """SIGKILL to the worker alone, as a crash or the OOM killer.

        Returns (processes of its group left alive, seconds until they ended by themselves or
        None): the guide's layout processes outlive it. A service manager would kill them
        (systemd's KillMode=control-group); the benchmark waits to see whether they end.
        """
        worker = self.workers[backend]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        killed = time.monotonic()
        orphans = self.processes.leftovers(group=worker.pid)
        ended = system.wait_for(
            lambda: not self.processes.leftovers(group=worker.pid), orphans_timeout, 0.2
        )
        self.processes.stop(worker)  # nothing left behind by the benchmark itself
        return orphans, (time.monotonic() - killed if ended else None)

    def restart_worker(self, backend, resume_command):
        """What a service manager does: the resume command, then a new worker."""
        self.processes.manage(f"resume-{backend}", [resume_command], self.environment).wait()
        self.workers[backend] = website.start_worker(
            self.processes, self.environment, backend, name=f"worker-{backend}-2"
        )

    def stop(self):
        for process in [*self.web, *self.workers.values()]:
            self.processes.stop(process)


class Background:
    """Residents loading the site in threads, and a probe of ``/sante/``, until ``stop``."""

    def __init__(self, deployment, site, clients):
        self.outcomes = load.LoadOutcomes()
        self.health = []  # (seconds, port, status, body)
        self.stopped = threading.Event()
        actions = [action for action in load.mix(site) if action[0] in PAGE_KINDS]
        running = lambda: not self.stopped.is_set()  # noqa: E731
        self.threads = [
            threading.Thread(
                target=load.run_clients,
                args=(deployment.ports, actions, clients, running, self.outcomes),
            ),
            threading.Thread(target=self.probe, args=(deployment.ports,)),
        ]
        for thread in self.threads:
            thread.start()

    def now(self):
        return time.monotonic() - self.outcomes.started

    def probe(self, ports):
        while not self.stopped.wait(0.25):
            for port in ports:
                try:
                    status, body = website.get(port, "/sante/")
                except OSError as error:
                    status, body = type(error).__name__, b""
                self.health.append((self.now(), port, status, body))

    def stop(self):
        self.stopped.set()
        for thread in self.threads:
            thread.join()

    def answers(self, start, end):
        """(kind, status, body) of the requests answered between ``start`` and ``end``."""
        return [
            (kind, status, body)
            for seconds, kind, status, body, _latency in self.outcomes.timeline
            if start <= seconds < end
        ]

    def latencies(self, start, end):
        return [
            latency
            for seconds, _kind, _status, _body, latency in self.outcomes.timeline
            if start <= seconds < end and latency is not None
        ]

    def health_between(self, start, end):
        return [
            (status, body) for seconds, _port, status, body in self.health if start <= seconds < end
        ]


def ok(status):
    return isinstance(status, int) and status < 400


def summarize(answers):
    counts = {}
    for _kind, status, _body in answers:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str)) or "none"


def verdict(name, checks):
    """Print each check and the scenario's PASS/FAIL; returns whether it passed."""
    for passed, what in checks:
        print(f"    [{'ok' if passed else 'NO'}] {what}")
    passed = all(passed for passed, _what in checks)
    print(f"{name}: {'PASS' if passed else 'FAIL'}")
    return passed


def recovery_seconds(background, restored_at, end):
    """Seconds after ``restored_at`` until the last failed request (0: none failed after)."""
    failed = [
        seconds
        for seconds, _kind, status, _body, _latency in background.outcomes.timeline
        if restored_at <= seconds < end and not ok(status)
    ]
    return max(failed) - restored_at if failed else 0.0


# --------------------------------------------------------------------------------------------
# Scenarios


def outage_under_load(context, server, settle_seconds):
    """Load for 5 s, ``server`` stopped for ``--outage`` seconds and started again, load for
    ``settle_seconds`` more: (background, (down, up, end) in its seconds, workers running)."""
    deployment = context.deploy()
    background = Background(deployment, context.site, context.args.clients)
    time.sleep(5)  # the scenario's timeline: load before the outage
    down = background.now()
    server.stop()
    time.sleep(context.args.outage)
    server.start()
    up = background.now()
    time.sleep(settle_seconds)
    end = background.now()
    background.stop()
    workers_alive = {name: w.poll() is None for name, w in deployment.workers.items()}
    deployment.stop()
    return background, (down, up, end), workers_alive


def database_restarted(context):
    args = context.args
    background, (down, up, end), workers_alive = outage_under_load(context, context.postgres, 20)

    during = background.answers(down, up)
    failing = [(kind, status, body) for kind, status, body in during if not ok(status)]
    french_503 = [a for a in failing if a[1] == 503 and FRENCH_UNAVAILABLE in a[2].decode()]
    tracebacks = [a for a in during if b"Traceback" in a[2]]
    recovery = recovery_seconds(background, up, end)
    after = background.answers(up + recovery + 0.001, end)
    health_down = {status for status, _body in background.health_between(down + 0.5, up)}
    health_after = [status for status, _body in background.health_between(up + recovery, end)]
    print(
        f"\ndatabase: stopped at {down:.1f} s for {args.outage} s; answers meanwhile: "
        f"{summarize(during)}; after the restart: {summarize(background.answers(up, end))}"
    )
    for kind, status, body in failing[:3]:
        print(f"    sample ({kind}): {status} {visitors.snippet(body)}")
    print(f"    /sante/ while down: {sorted(health_down, key=str)}")
    print(
        f"    task workers still running after the restart: {workers_alive} (db_worker exits on "
        "a lost database connection: a service manager must restart it)"
    )
    return verdict(
        "database restarted",
        [
            (bool(failing), f"requests failed while it was down ({len(failing)})"),
            (
                len(french_503) == len(failing),
                f"every failure is a 503 in French ({len(french_503)} of {len(failing)})",
            ),
            (not tracebacks, f"no traceback in any page ({len(tracebacks)})"),
            (health_down == {503}, "/sante/ answers 503 while it is down"),
            (
                recovery <= RECOVERY_LIMIT_SECONDS,
                f"requests succeed again {recovery:.1f} s after the restart "
                f"(at most {RECOVERY_LIMIT_SECONDS} s), without restarting the web processes",
            ),
            (all(ok(status) for _k, status, _b in after), f"then no failure ({len(after)})"),
            (health_after and set(health_after) == {200}, "/sante/ answers 200 again"),
        ],
    )


def redis_stopped(context):
    redis, args = context.redis, context.args
    background, (down, up, end), _workers = outage_under_load(context, redis, 15)

    during = background.answers(down, up)
    failures = [a for a in background.answers(down, end) if not ok(a[1])]
    health_down = background.health_between(down + 1, up)
    health_end = background.health_between(end - 3, end)
    keys = redis_keys(redis)
    print(
        f"\nredis: stopped at {down:.1f} s for {args.outage} s; answers meanwhile: "
        f"{summarize(during)}; after: {summarize(background.answers(up, end))}"
    )
    for kind, status, body in failures[:3]:
        print(f"    sample ({kind}): {status} {visitors.snippet(body)}")
    p50 = {
        label: visitors.percentile(values, 50)
        for label, values in (
            ("before", background.latencies(0, down)),
            ("while down", background.latencies(down, up)),
        )
    }
    print(f"    p50 before {p50['before']:.0f} ms, while down {p50['while down']:.0f} ms")
    return verdict(
        "redis stopped",
        [
            (not failures, f"no failed request ({len(failures)})"),
            (
                health_down
                and all(s == 200 and b'"cache": "indisponible"' in b for s, b in health_down),
                "/sante/ answers 200 with the cache « indisponible » while it is down",
            ),
            (
                health_end and all(s == 200 and b'"cache": "ok"' in b for s, b in health_end),
                "/sante/ reports the cache « ok » after the restart",
            ),
            (keys > 0, f"the cache is used again ({keys} keys written after the restart)"),
        ],
    )


def redis_keys(redis):
    import redis as client

    connection = client.Redis.from_url(redis.url)
    try:
        return connection.dbsize()
    finally:
        connection.close()


def guide_worker_killed(context):
    from wagtail.documents import get_document_model

    from guide.models import GuideEdition

    deployment = context.deploy()
    edition = GuideEdition.objects.get(title__startswith="Le numérique pour tous")
    website.request_guide_build(edition)
    running = system.wait_for(
        lambda: (
            (state := website.edition_state(edition.pk))["status"] == "running"
            and state["progress"] >= 10
            and state
        ),
        600,
        interval=0.2,
    )
    orphans, orphans_seconds = deployment.kill_worker("guide")
    killed_state = website.edition_state(edition.pk)
    time.sleep(3)
    deployment.restart_worker("guide", "resume_guide_builds")
    ready = system.wait_for(lambda: website.edition_state(edition.pk)["status"] == "ready", 900)
    deployment.stop()

    edition.refresh_from_db()
    documents = get_document_model().objects.filter(title=edition.document_title())
    files = sorted((context.media / "documents").glob(f"guide-{edition.year}-*.pdf"))
    print(
        f"\nguide worker: killed at {running}; processes of its group left: {len(orphans)}, "
        f"ended by themselves after "
        f"{'more than 60' if orphans_seconds is None else f'{orphans_seconds:.1f}'} s; "
        f"state then: {killed_state['status']} "
        f"{killed_state['progress']} %; after resume_guide_builds and a new worker: "
        f"{website.edition_state(edition.pk)}"
    )
    return verdict(
        "guide worker killed",
        [
            (bool(running), "the build was running when the worker was killed"),
            (bool(ready), "the edition is ready after the restart"),
            (
                documents.count() == 1 and edition.document_id == documents.get().pk,
                f"one document for the edition ({documents.count()})",
            ),
            (len(files) == 1, f"one PDF file in media ({[f.name for f in files]})"),
            (
                orphans_seconds is not None,
                "the layout processes of the killed worker ended by themselves",
            ),
        ],
    )


def newsletter_worker_killed(context):
    from actualites.models import NewsletterSend
    from actualites.newsletter.send import start_send

    deployment, args, sink = context.deploy(), context.args, context.sink
    website.confirmed_subscribers(args.subscribers, prefix="lecteur")
    offset = len(sink.recipients())
    send = start_send(website.new_issue(website.newsletter_index(), 9002))
    expected = send.deliveries.count()
    system.wait_for(lambda: len(sink.recipients()) - offset >= expected // 3, 300, interval=0.05)
    orphans, _seconds = deployment.kill_worker("newsletter")
    killed_at = len(sink.recipients()) - offset
    deployment.restart_worker("newsletter", "resume_newsletter_sends")
    done = system.wait_for(
        lambda: NewsletterSend.objects.get(pk=send.pk).status == NewsletterSend.Status.DONE, 600
    )
    deployment.stop()

    distinct, twice = services.received(sink.recipients()[offset:])
    sent = send.deliveries.filter(status="envoye").count()
    print(
        f"\nnewsletter worker: killed after {killed_at} of {expected} messages; after "
        f"resume_newsletter_sends and a new worker: {distinct} distinct recipients, {twice} "
        f"received twice, {sent} deliveries recorded sent"
    )
    return verdict(
        "newsletter worker killed",
        [
            (0 < killed_at < expected, "the send was under way when the worker was killed"),
            (not orphans, "the killed worker left no process behind"),
            (bool(done), "the send is marked done"),
            (distinct == expected, f"every subscriber received it ({distinct} of {expected})"),
            (twice == 0, f"nobody received it twice ({twice})"),
            (sent == expected, f"every delivery recorded sent ({sent})"),
        ],
    )


SCENARIOS = {
    "database": database_restarted,
    "redis": redis_stopped,
    "guide-worker": guide_worker_killed,
    "newsletter-worker": newsletter_worker_killed,
}


class Context:
    """What the scenarios share: the private servers, the prepared site, the options."""

    def __init__(self, args, folder):
        self.args = args
        self.media = folder / "media"
        self.postgres = services.PrivatePostgres(PG_PORT)
        self.redis = services.PrivateRedis(REDIS_PORT)
        self.sink = services.SmtpSink(folder / "received.txt")
        services.create_database(self.postgres.server_url, DATABASE)
        self.environment = website.site_environment(
            f"{self.postgres.server_url}/{DATABASE}", self.redis.url, self.media, self.sink.port
        )
        website.prepare_site(self.environment, args.venues)
        self.site = load.Site()
        self.processes = system.Processes(folder)

    def deploy(self):
        from django.db import connections

        connections.close_all()
        return Deployment(self.processes, self.environment)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", help=f"among {', '.join(SCENARIOS)} (default: all)")
    parser.add_argument("--venues", type=int, default=200, help="generated venues")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--outage", type=float, default=5, help="seconds without the server")
    parser.add_argument("--subscribers", type=int, default=500)
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    system.exit_on_sigterm()
    folder = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    system.CLEANUP.callback(shutil.rmtree, folder, ignore_errors=True)
    context = Context(args, folder)
    results = {}
    for name in args.scenarios or SCENARIOS:
        print(f"\n=== {name}")
        results[name] = SCENARIOS[name](context)
    context.processes.stop_all()
    left = context.processes.leftovers()
    print(f"\nprocesses left after stopping: {len(left)} {left if left else ''}")
    for name, passed in results.items():
        print(f"{name:20} {'PASS' if passed else 'FAIL'}")
    return sum(not passed for passed in results.values())


if __name__ == "__main__":
    sys.exit(main())
