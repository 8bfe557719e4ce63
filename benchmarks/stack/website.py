"""The site itself: database filled, web processes and task workers started, jobs queued.

Production settings (``portal.settings.production``) as docs/exploitation.md
documents them; the site is prepared in this process, which then acts as the editor.
"""

import contextlib
import http.client
import shutil
import sys
import time
from pathlib import Path

from .system import CLEANUP, HOST
from .visitors import BASE_HEADERS, SITE_HOST


def site_environment(database_url, redis_url, media_root, smtp_port):
    """Production settings, as docs/exploitation.md documents them."""
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

    from demo.loader import load_demo
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
