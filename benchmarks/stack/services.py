"""PostgreSQL, Redis and an SMTP sink: the shared servers' databases, or servers of our own.

``PrivatePostgres`` and ``PrivateRedis`` run on ports of their own, so that a fault run may stop
them without disturbing anything else on the machine.
"""

import shutil
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from . import sink
from .system import CLEANUP, HOST, free_port, wait_for_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


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


class SmtpSink:
    """An SMTP server (aiosmtpd, its own process) writing each recipient to ``path``."""

    def __init__(self, path):
        self.path = Path(path)
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, sink.__file__, str(self.port), str(self.path)]
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
