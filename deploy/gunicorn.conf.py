"""gunicorn's settings for the portal: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

Read from the environment (docs/exploitation.md): ``BIND`` (or ``PORT``, on every interface),
``WEB_CONCURRENCY`` processes of ``WEB_THREADS`` threads each, ``WEB_TIMEOUT``, ``LOG_LEVEL``,
``LOG_FORMAT``; ``FORWARDED_ALLOW_IPS`` is read by gunicorn itself. Threads let a process
keep serving while a request waits on the database or on a slow phone's connection.

Logs go to standard output as one JSON object per line, like the application's own
(portal/logs.py); each request is one line with its method, path, status, size and duration.
``LOG_FORMAT=text`` gives gunicorn's usual lines, for people reading a terminal.
"""

import os

from portal.logs import JsonFormatter

bind = os.environ.get("BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
# A process whose main loop stops answering this long is killed and replaced; a thread busy
# with a long request does not count. The same delay to finish requests on a restart.
timeout = graceful_timeout = int(os.environ.get("WEB_TIMEOUT") or 30)
keepalive = 5
# Each process is replaced after about a thousand requests: memory stays flat.
max_requests, max_requests_jitter = 1000, 100
# No control socket: its default path is per user, so two servers on one machine would share it.
control_socket_disable = True
if os.path.isdir("/dev/shm"):  # heartbeats in memory, never blocked by a slow disk
    worker_tmp_dir = "/dev/shm"

loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s"

# The access line's fields, from gunicorn's atoms (its access_log_format letters).
ACCESS_FIELDS = {
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "remote_addr": "h",
    "forwarded_for": "{x-forwarded-for}i",
    "referer": "f",
    "user_agent": "a",
}


class AccessJsonFormatter(JsonFormatter):
    """One JSON object per request: the atoms gunicorn passes as the record's arguments."""

    def format(self, record):
        atoms = record.args if isinstance(record.args, dict) else {}
        for field, atom in ACCESS_FIELDS.items():
            value = atoms.get(atom)
            if field == "status" and str(value).isdigit():
                value = int(value)
            setattr(record, field, value)
        return super().format(record)


def _stdout(formatter):
    return {"class": "logging.StreamHandler", "formatter": formatter, "stream": "ext://sys.stdout"}


if os.environ.get("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}, "access": {"()": AccessJsonFormatter}},
        "handlers": {"json": _stdout("json"), "access": _stdout("access")},
        "root": {"level": "WARNING", "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": loglevel.upper(), "handlers": ["json"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }
