"""Newsletter sending benchmark: one issue to 10,000 subscribers, then the same with a crash.

    .venv/bin/python benchmarks/newsletter.py [--subscribers 10000] [--kill-after 3000]
                                              [--database-url postgres://…]

Creates a throw-away database (SQLite in a temporary folder unless ``--database-url`` names an
empty PostgreSQL database), migrates it, and adds a live issue and ``--subscribers`` confirmed
subscribers. A local SMTP sink (aiosmtpd on 127.0.0.1, in its own process) appends every
recipient it accepts to a file. The settings are the test settings with the SMTP mailer pointed
at the sink and the ``newsletter`` task backend on the database queue.

1. The send is started as the admin starts it (``start_send``) and the real worker sends it:
   ``manage.py db_worker --backend newsletter --batch`` in a subprocess, timed from its start
   to its exit. Prints seconds, messages per second and the workers' CPU time (steadier than
   the elapsed time on a busy machine).
2. A second issue is sent the same way, but the worker is killed (SIGKILL) once the sink has
   received ``--kill-after`` messages; then ``manage.py resume_newsletter_sends`` and a new
   worker finish it. Prints how many distinct recipients received it and how many twice.

Target: at most 60 s for 10,000, exactly 10,000 distinct recipients, 0 duplicates. The exit
code is always 0: this is a report, read its TARGET MET / TARGET MISSED lines.
"""

import argparse
import io
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stack.services import SmtpSink, received
from stack.website import new_issue

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_SECONDS = 60
WORKER_COMMAND = (
    "db_worker",
    "--backend",
    "newsletter",
    "--batch",
    "--no-startup-delay",
    "--no-reload",
)

SETTINGS = """
from portal.settings.test import *  # noqa: F403

MAILERS = {{
    "default": {{
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {{"host": "127.0.0.1", "port": {port}, "timeout": 30}},
    }}
}}
TASKS = {{**TASKS, "newsletter": {{"BACKEND": "django_tasks_db.DatabaseBackend"}}}}  # noqa: F405
"""


def setup(folder, port, database_url):
    (folder / "bench_settings.py").write_text(SETTINGS.format(port=port))
    sys.path[:0] = [str(folder), str(PROJECT_DIR)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["PYTHONPATH"] = os.pathsep.join([str(folder), str(PROJECT_DIR)])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def populate(count):
    from wagtail.models import Locale, Page, Site

    from actualites.models import NewsletterIndexPage, Subscriber
    from portal.models import HomePage

    locale = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-bench", locale=locale))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    index = home.add_child(instance=NewsletterIndexPage(title="La lettre", slug="lettre"))
    Subscriber.objects.bulk_create(
        (
            Subscriber(email=f"abonne{n:05d}@example.org", status="confirme", language="fr")
            for n in range(count)
        ),
        batch_size=1000,
    )
    return index


def manage(*arguments, **options):
    return subprocess.Popen(
        [sys.executable, str(PROJECT_DIR / "manage.py"), *arguments],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        **options,
    )


def workers(count):
    """``count`` worker processes; each sends its own batches of the same send."""
    processes = [
        manage(
            "db_worker", "--backend", "newsletter", "--batch", "--no-startup-delay", "--no-reload"
        )
        for _ in range(count)
    ]
    return processes


def enqueue_more(send, count):
    """One task per worker: they share the send's deliveries through their claims."""
    from actualites.newsletter.send import enqueue

    for _ in range(count - 1):
        enqueue(send.pk)


def start(issue):
    from actualites.newsletter.send import start_send

    return start_send(issue)  # autocommit: the task is queued at once


def sent_count(send):
    return send.deliveries.filter(status="envoye").count()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--kill-after", type=int, default=3_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (2 cores)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sink = SmtpSink(folder / "received.txt")
        try:
            setup(folder, sink.port, args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}")
            started = time.monotonic()
            index = populate(args.subscribers)
            print(f"{args.subscribers} subscribers created in {time.monotonic() - started:.1f} s")
            report = run(sink, index, args)
        finally:
            sink.stop()
    print_report(args, report)


def workers_cpu_seconds():
    """User and system time of the child processes waited for so far (the workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(sink, index, args):
    # 1. An uninterrupted send.
    send = start(new_issue(index, 1))
    enqueue_more(send, args.workers)
    started, cpu_before = time.monotonic(), workers_cpu_seconds()
    for process in workers(args.workers):
        process.wait()
    seconds, cpu = time.monotonic() - started, workers_cpu_seconds() - cpu_before
    distinct, twice = received(sink.recipients())
    report = {"seconds": seconds, "cpu": cpu, "distinct": distinct, "twice": twice}
    report["sent"] = sent_count(send)
    offset = len(sink.recipients())  # the same file goes on with the second issue

    # 2. The worker killed mid-send, then resumed and restarted.
    send = start(new_issue(index, 2))
    enqueue_more(send, args.workers)
    processes = workers(args.workers)
    while len(sink.recipients()) - offset < args.kill_after and processes[0].poll() is None:
        time.sleep(0.02)
    for process in processes:
        process.send_signal(signal.SIGKILL)
        process.wait()
    report["killed_at"] = len(sink.recipients()) - offset
    manage("resume_newsletter_sends").wait()
    enqueue_more(send, args.workers)
    for process in workers(args.workers):
        process.wait()
    report["crash_distinct"], report["crash_twice"] = received(sink.recipients()[offset:])
    report["crash_sent"] = sent_count(send)
    return report


def print_report(args, report):
    total = args.subscribers
    seconds = report["seconds"]
    print(
        f"send: {total} subscribers, {seconds:.1f} s, {report['distinct'] / seconds:.0f} messages/s"
        f", workers' CPU {report['cpu']:.1f} s"
        f", {report['distinct']} distinct recipients, {report['twice']} received twice"
        f", {report['sent']} recorded sent"
    )
    print(
        f"crash: worker killed after {report['killed_at']} messages, resumed; "
        f"{report['crash_distinct']} distinct recipients, {report['crash_twice']} received twice"
        f", {report['crash_sent']} recorded sent"
    )
    verdict = "MET" if seconds <= MAX_SECONDS else "MISSED"
    print(f"TARGET {verdict}: time {seconds:.1f} s for {total} (at most {MAX_SECONDS} s)")
    for label, distinct, twice in (
        ("send", report["distinct"], report["twice"]),
        ("crash and resume", report["crash_distinct"], report["crash_twice"]),
    ):
        verdict = "MET" if distinct == total and twice == 0 else "MISSED"
        print(
            f"TARGET {verdict}: {label}: {distinct} distinct recipients (exactly {total}), "
            f"{twice} twice (0)"
        )


if __name__ == "__main__":
    main()
