"""The whole site on one machine, for the benchmarks that load it or break it (load.py, faults.py).

What a city runs: PostgreSQL, Redis, web processes (gunicorn, production settings) and the two
task workers, plus an SMTP sink that counts the e-mails. Everything started here is registered in
``CLEANUP`` and undone at exit, also on an error, Ctrl+C or SIGTERM: process groups killed,
private database and Redis servers stopped, temporary folders removed. ``Processes.leftovers``
says whether any process started here survived.

    python benchmarks/stack.py smtp-sink PORT FILE   # the sink's own process (used by the others)
"""

import atexit
import contextlib
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
# The host name a load balancer forwards to every web process: the demo site's.
SITE_HOST = "localhost"
SITE_ORIGIN = f"https://{SITE_HOST}"
PG_BIN = Path("/usr/lib/postgresql/15/bin")

# Undone in reverse order at exit, whatever the exit.
CLEANUP = contextlib.ExitStack()
atexit.register(CLEANUP.close)


def exit_on_sigterm():
    """SIGTERM ends the benchmark through ``sys.exit``, so that ``CLEANUP`` runs."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)  # polling interval
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


# --------------------------------------------------------------------------------------------
# Processes


class Processes:
    """Started processes, each in its own session (process group) with its log file."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.started = []
        CLEANUP.callback(self.stop_all)

    def start(self, name, command, environment):
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env={**os.environ, **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.name, process.log, process.processes = name, log, self
        self.started.append(process)
        return process

    def manage(self, name, arguments, environment):
        return self.start(name, [sys.executable, "manage.py", *arguments], environment)

    def stop(self, process, timeout=20):
        """SIGTERM to the process group (gunicorn's workers, the guide's layout processes),
        then SIGKILL to whatever is left of it."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.log.close()

    def stop_all(self):
        for process in reversed(self.started):
            if not process.log.closed:
                self.stop(process)

    def leftovers(self, group=None):
        """Processes still alive in a group started here (or in ``group``): must be none after
        ``stop_all``."""
        groups = {group} if group else {process.pid for process in self.started}
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                state, group = fields[0], int(fields[2])
                if group in groups and state != "Z":
                    found.append(int(stat.parent.name))
        return found

    def log_lines(self, name):
        path = self.log_dir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace").splitlines()


def process_tree(root):
    """``root`` and its descendants, from the kernel's lists of children (cheap to read)."""
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo.extend(int(child) for child in task.read_text().split())
            except OSError:
                continue  # ended meanwhile
    return tree


def rss_kb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class TreeMemory:
    """Peak resident memory of process trees, sampled in a thread: {name: peak kB}.

    ``roots`` maps a name to a process id, or to a callable giving the current one (a worker
    restarted meanwhile). Each sample sums the resident memory of the root and its descendants.
    """

    def __init__(self, roots, interval=0.05):
        self.roots = roots
        self.interval = interval
        self.peaks = dict.fromkeys(roots, 0)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()

    def sample(self):
        while not self.stopped.wait(self.interval):
            for name, root in self.roots.items():
                pid = root() if callable(root) else root
                if pid:
                    total = sum(map(rss_kb, process_tree(pid)))
                    self.peaks[name] = max(self.peaks[name], total)

    def peak_mb(self, name):
        return self.peaks[name] / 1024


# --------------------------------------------------------------------------------------------
# PostgreSQL and Redis


def _server_connection(server_url):
    import psycopg

    return psycopg.connect(f"{server_url}/postgres", autocommit=True)


def drop_database(server_url, name):
    from psycopg import sql

    with _server_connection(server_url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def create_database(server_url, name):
    """A fresh, empty database (dropped first if it exists)."""
    from psycopg import sql

    drop_database(server_url, name)
    with _server_connection(server_url) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


class PrivatePostgres:
    """A PostgreSQL server of our own on ``port``: stopping it disturbs nobody else.

    The cluster lives in a temporary folder owned by ``postgres`` (initdb refuses root) and is
    removed at exit.
    """

    def __init__(self, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.folder / "data"
        shutil.chown(self.folder, "postgres", "postgres")
        CLEANUP.callback(shutil.rmtree, self.folder, ignore_errors=True)
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "-A", "trust")
        CLEANUP.callback(self.stop, mode="immediate")
        self.start()

    @property
    def server_url(self):
        return f"postgres://postgres@{HOST}:{self.port}"

    def _as_postgres(self, *command):
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, command)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _pg_ctl(self, *arguments):
        self._as_postgres(PG_BIN / "pg_ctl", "-D", self.data, "-w", *arguments)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self._pg_ctl("-o", options, "-l", self.folder / "server.log", "start")

    def stop(self, mode="fast"):
        """Fast: clients are disconnected, as in a restart for maintenance."""
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("-m", mode, "stop")


def flush_redis(url):
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


class PrivateRedis:
    """A Redis server of our own on ``port``, without persistence; shut down at exit."""

    def __init__(self, port):
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="bench-redis-"))
        CLEANUP.callback(shutil.rmtree, self.folder, ignore_errors=True)
        CLEANUP.callback(self.stop)
        self.start()

    @property
    def url(self):
        return f"redis://{HOST}:{self.port}/0"

    def start(self):
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            check=True,
        )
        wait_for_port(self.port)

    def stop(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


# --------------------------------------------------------------------------------------------
# SMTP sink


class RecordingHandler:
    """Appends each accepted recipient to a file, flushed per message."""

    def __init__(self, path):
        self.file = open(path, "a", buffering=1)  # noqa: SIM115 - open for the process's life

    async def handle_DATA(self, server, session, envelope):
        self.file.write("".join(f"{address}\n" for address in envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def run_sink(port, path):
    """The SMTP sink's process: serve until killed."""
    from aiosmtpd.controller import Controller

    controller = Controller(RecordingHandler(path), hostname=HOST, port=port)
    controller.start()
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()


class SmtpSink:
    """An SMTP server (aiosmtpd, its own process) writing each recipient to ``path``."""

    def __init__(self, path):
        self.path = Path(path)
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "smtp-sink", str(self.port), str(self.path)]
        )
        CLEANUP.callback(self.stop)
        wait_for_port(self.port)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)

    def recipients(self):
        return self.path.read_text().splitlines() if self.path.exists() else []


def received(recipients):
    """(distinct recipients, recipients who received more than one message)."""
    counts = Counter(recipients)
    return len(counts), sum(1 for n in counts.values() if n > 1)


# --------------------------------------------------------------------------------------------
# The site


def site_environment(database_url, redis_url, media_root, smtp_port):
    """Production settings, as the README's "Production" section documents them."""
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "bench",
        "ALLOWED_HOSTS": f"{HOST},{SITE_HOST}",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_root),
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(smtp_port),
        "LOG_FORMAT": "text",
    }


def collect_static():
    """``collectstatic`` into the project's STATIC_ROOT (the production storage needs its
    manifest); removed at exit if it did not exist before."""
    from django.conf import settings
    from django.core.management import call_command

    static_root = Path(settings.STATIC_ROOT)
    if not static_root.exists():
        CLEANUP.callback(shutil.rmtree, static_root, ignore_errors=True)
    call_command("collectstatic", interactive=False, verbosity=0)


def prepare_site(environment, venues):
    """Migrate, load the demo content and add ``venues`` generated venues (pages.py's generator).

    Runs in this process, with the same environment as the web processes.
    """
    import pages

    pages.setup_django(environment)
    from django.core.management import call_command
    from django.db import connections

    from guide.demo.loader import load_demo
    from guide.models import VenuePage
    from portal.content_cache import content_changed

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    collect_static()
    load_demo(log=lambda message: None)
    print(f"migrate, collectstatic and demo content: {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    pages.add_venues(VenuePage.objects.filter(locale__language_code="fr").count() + venues)
    content_changed()
    print(f"{venues} venues generated in {time.perf_counter() - started:.0f} s")
    pages.analyze()
    connections.close_all()


def start_web(processes, environment, name, port, workers=1, threads=4):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--timeout=60",
        "--graceful-timeout=10",
        # As long as a load balancer keeps an idle connection (gunicorn's default is 2 s).
        "--keep-alive=30",
    ]
    process = processes.start(name, command, environment)
    process.port = port
    return process


def worker_command(backend):
    return ["db_worker", "--backend", backend, "--no-reload", "--no-startup-delay"]


def start_worker(processes, environment, backend, name=None):
    return processes.manage(name or f"worker-{backend}", worker_command(backend), environment)


def wait_healthy(process, timeout=60):
    """Until ``/sante/`` answers 200 on ``process``'s port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.name} exited with code {process.returncode}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _body = get(process.port, "/sante/")
            if status == 200:
                return
        time.sleep(0.2)  # polling interval
    raise RuntimeError(f"{process.name}: /sante/ not 200 after {timeout} s")


def get(port, path, timeout=5):
    """One GET without keep-alive: (status, body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=BASE_HEADERS)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# Clients

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


# --------------------------------------------------------------------------------------------
# Background jobs (guide builds, newsletter sends) started as an editor would


def wait_for(condition, timeout, interval=0.5):
    """Poll ``condition`` until it returns something true; that value, or None at timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)  # polling a database row written by another process
    return None


def guide_extract(territory_slug, title):
    """A guide edition limited to one territory (about a twentieth of the generated venues)."""
    from guide.models import GuideEdition, Territory

    edition, _created = GuideEdition.objects.get_or_create(
        year=2026, title=title, defaults={"editorial": "<p>Extrait pour les mesures.</p>"}
    )
    edition.territories.set(Territory.objects.filter(slug=territory_slug))
    return edition


def request_guide_build(edition):
    """What the admin's "Générer le guide" button does; raises if it refused."""
    from guide.tasks import request_build

    started, message = request_build(edition)
    if not started:
        raise RuntimeError(f"guide build refused: {message}")


def edition_state(edition_id):
    from guide.models import GuideEdition

    return GuideEdition.objects.values("status", "progress", "progress_step", "error").get(
        pk=edition_id
    )


def confirmed_subscribers(count, prefix="abonne"):
    from actualites.models import Subscriber

    Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"{prefix}{n:05d}@example.org", status="confirme", language="fr")
            for n in range(count)
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )


def newsletter_index():
    from actualites.models import NewsletterIndexPage

    return NewsletterIndexPage.objects.filter(locale__language_code="fr").first()


def new_issue(index, number):
    """A live newsletter issue under ``index``."""
    from datetime import date

    from actualites.models import NewsletterIssuePage

    issue = NewsletterIssuePage(
        title=f"Lettre n° {number}",
        slug=f"numero-{number}",
        number=number,
        period_start=date(2027, 1, 1),
        editorial="<p>Les ateliers, l'agenda et un lieu à découvrir.</p>",
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    return issue


if __name__ == "__main__" and sys.argv[1:2] == ["smtp-sink"]:
    run_sink(int(sys.argv[2]), sys.argv[3])
