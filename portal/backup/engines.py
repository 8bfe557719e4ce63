"""Native dumps: pg_dump / pg_restore for PostgreSQL, the sqlite3 backup API for SQLite.

Native dumps copy the database as it is — page tree paths, content types, revisions, search
index, text search configuration — where ``dumpdata``/``loaddata`` would rebuild it row by row
through the models and trip over Wagtail's tree and generic relations. The price is that an
archive is restored into the same engine it came from.

PostgreSQL credentials reach the client programs through libpq's environment variables
(``PGPASSWORD``…), never on a command line that ``ps`` would show.
"""

import os
import sqlite3
import subprocess  # nosec B404 - fixed PostgreSQL client programs, no shell
import tempfile
from contextlib import closing

from django.db.backends.postgresql.client import DatabaseClient

from .errors import BackupError
from .state import read_site_state

# Lines of a failed client program's error output shown to the operator.
ERROR_LINES = 5

# With --force, the restored site replaces everything in the schema, in the same transaction.
EMPTY_PUBLIC_SCHEMA = (
    "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; "
    "GRANT USAGE ON SCHEMA public TO PUBLIC;"
)


def engine_for(connection):
    engine = {"postgresql": PostgreSQL, "sqlite": SQLite}.get(connection.vendor)
    if engine is None:
        raise BackupError(
            f"La base {connection.vendor} n'est pas prise en charge : seules PostgreSQL et "
            "SQLite le sont."
        )
    return engine()


def libpq_environment(settings_dict):
    """The environment of pg_dump, pg_restore and psql: this process's, plus the connection."""
    _args, secrets = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(secrets or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = str(settings_dict["NAME"])
    environment.setdefault("PGCONNECT_TIMEOUT", "10")
    environment["PGOPTIONS"] = "-c client_min_messages=warning"
    return environment


def _tail(text):
    return " / ".join(text.strip().splitlines()[-ERROR_LINES:])


def _client_failure(program, stderr):
    message = f"{program} a échoué : {_tail(stderr)}"
    if "version mismatch" in stderr:
        message += (
            " — le client PostgreSQL doit être de la version du serveur ou plus récent "
            "(paquet Debian postgresql-client)."
        )
    return BackupError(message)


def _missing_client(program):
    return BackupError(
        f"{program} est introuvable : installez le client PostgreSQL (paquet Debian "
        "postgresql-client, `make system-packages`)."
    )


class PostgreSQL:
    name = "postgresql"
    dump_member = "database/postgresql.dump"

    def server_version(self, connection):
        connection.ensure_connection()
        major, minor = divmod(connection.pg_version, 10000)
        return f"{major}.{minor}"

    def dump(self, connection, path):
        """Dump to ``path`` and read the site's state in the same snapshot; return the state.

        A repeatable-read transaction exports its snapshot and pg_dump joins it: the counts in
        the manifest describe exactly the rows in the dump.
        """
        try:
            raw = connection.Database.connect(**connection.get_connection_params())
        except connection.Database.Error as error:
            raise BackupError(f"Connexion à la base impossible : {error}") from None
        with closing(raw), raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = [
                "pg_dump",
                "--format=custom",
                "--compress=0",  # the archive compresses everything once
                f"--snapshot={snapshot}",
                f"--file={path}",
            ]
            try:
                result = subprocess.run(  # nosec B603
                    command,
                    env=libpq_environment(connection.settings_dict),
                    capture_output=True,
                    text=True,
                    check=False,
                )
            except FileNotFoundError:
                raise _missing_client("pg_dump") from None
            if result.returncode:
                raise _client_failure("pg_dump", result.stderr)
            state = read_site_state(cursor)
            raw.rollback()
        return state

    def restore(self, connection, path, replace=False):
        """Replay the dump in one transaction: on any error the database is left as it was.

        pg_restore turns the dump into SQL and psql runs it between BEGIN and COMMIT, after
        emptying the schema when ``replace`` is set.
        """
        environment = libpq_environment(connection.settings_dict)
        psql = ["psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--single-transaction"]
        if replace:
            psql.append(f"--command={EMPTY_PUBLIC_SCHEMA}")
        psql.append("--file=-")
        pg_restore = ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)]
        with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
            try:
                producer = subprocess.Popen(  # nosec B603
                    pg_restore, stdout=subprocess.PIPE, stderr=restore_errors, env=environment
                )
            except FileNotFoundError:
                raise _missing_client("pg_restore") from None
            try:
                consumer = subprocess.Popen(  # nosec B603
                    psql,
                    stdin=producer.stdout,
                    stdout=subprocess.DEVNULL,
                    stderr=psql_errors,
                    env=environment,
                )
            except FileNotFoundError:
                producer.kill()
                raise _missing_client("psql") from None
            finally:
                producer.stdout.close()
            consumer.wait()
            producer.wait()
            for program, process, errors in (
                ("psql", consumer, psql_errors),
                ("pg_restore", producer, restore_errors),
            ):
                if process.returncode:
                    errors.seek(0)
                    failure = _client_failure(program, errors.read().decode(errors="replace"))
                    raise BackupError(f"{failure} La base n'a pas été modifiée.")
        connection.close()


class SQLite:
    name = "sqlite"
    dump_member = "database/sqlite3.db"

    def server_version(self, connection):
        return sqlite3.sqlite_version

    def dump(self, connection, path):
        """Copy the live database with SQLite's online backup, then read the copy's state."""
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
            return read_site_state(copy.cursor())

    def restore(self, connection, path, replace=False):
        """Copy the dump over the target database: SQLite writes it in one transaction."""
        connection.ensure_connection()
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as dump:
            dump.backup(connection.connection)
