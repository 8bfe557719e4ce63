"""Building a guide edition in the background (Django's tasks framework, ``db_worker``).

The task runs on the ``guide`` task backend: the database queue of django-tasks-db in
production and development (``python manage.py db_worker --backend guide``), the immediate
backend in tests.

``request_build`` is what the admin button calls: it checks the scope, marks the edition
"en attente" (atomically, so a double click queues one build) and enqueues ``build_edition``.
The task renders the PDF with ``guide.pdf.guide.render_guide`` and stores it in the edition's
one Wagtail Document: the new file is written first, the document then points to it, and only
then is the old file deleted, so a failed or interrupted build never leaves a half file, a
second document or an orphan file. Running the task again simply rebuilds the same document.

A worker killed mid-build (deployment, crash, out of memory) leaves its task "running" for ever
in django-tasks-db, which no worker takes again, and the edition "en cours".
``resume_interrupted_builds`` (the ``resume_guide_builds`` command, run before the worker
starts) queues those builds again. On PostgreSQL a build holds an advisory lock for as long as
it runs, released by the server when its process dies: a build whose lock is held is alive and
left alone, and a second build of the same edition never runs beside it.
"""

import hashlib
import logging
import os
import secrets
import time
from contextlib import contextmanager, suppress

from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.content_cache import content_changed

from .models import GuideEdition
from .models.editions import BUILD_TIMEOUT
from .pdf.content import EmptyGuideError
from .pdf.guide import render_guide

logger = logging.getLogger(__name__)

Status = GuideEdition.Status

# Progress is written at most this often (and at every new step), not once per venue.
PROGRESS_INTERVAL_SECONDS = 1.0
# First key of the builds' advisory locks (PostgreSQL); the second is the edition's id.
BUILD_LOCK_KEY = 0x6775_6964  # "guid"


def empty_scope_message():
    return _(
        "Aucun lieu publié en français ne correspond à cette édition : choisissez d'autres "
        "territoires ou un autre besoin. Aucun PDF n'a été créé."
    )


def _set(edition_id, **fields):
    """Write build fields without the post_save signal (no page-cache flush per progress)."""
    fields["status_changed_at"] = timezone.now()
    GuideEdition.objects.filter(pk=edition_id).update(**fields)


def _waiting_message():
    return _("En attente d'un processus de génération")


def request_build(edition):
    """Queue a build; returns ``(started, message)`` for the editor."""
    if edition.is_building:
        return False, _(
            "Une génération de ce guide est déjà en cours : attendez qu'elle se termine."
        )
    if not edition.scope_venues().exists():
        return False, empty_scope_message()
    busy = Q(status__in=[Status.PENDING, Status.RUNNING]) & Q(
        status_changed_at__gte=timezone.now() - BUILD_TIMEOUT
    )
    claimed = (
        GuideEdition.objects.filter(pk=edition.pk)
        .exclude(busy)
        .update(
            status=Status.PENDING,
            progress=0,
            progress_step=_waiting_message(),
            error="",
            status_changed_at=timezone.now(),
        )
    )
    if not claimed:  # another click won the race
        return False, _(
            "Une génération de ce guide est déjà en cours : attendez qu'elle se termine."
        )
    try:
        result = build_edition.enqueue(edition.pk)
    except Exception:
        logger.exception("Could not enqueue the build of guide edition %s", edition.pk)
        _set(edition.pk, status=Status.FAILED, error=_("La génération n'a pas pu être lancée."))
        return False, _("La génération n'a pas pu être lancée. Réessayez dans un instant.")
    GuideEdition.objects.filter(pk=edition.pk).update(task_id=result.id)
    return True, _(
        "La génération du guide a commencé. Elle peut prendre quelques minutes : suivez son "
        "avancement dans la liste des éditions."
    )


class ProgressReporter:
    """The ``progress`` callback of ``render_guide``, throttled."""

    def __init__(self, edition_id):
        self.edition_id = edition_id
        self.last_step = None
        self.last_write = 0.0

    def __call__(self, step, done, total):
        percent = min(99, int(done * 100 / total)) if total else 0
        now = time.monotonic()
        if step == self.last_step and now - self.last_write < PROGRESS_INTERVAL_SECONDS:
            return
        self.last_step, self.last_write = step, now
        _set(self.edition_id, progress=percent, progress_step=str(step)[:200])


def store_pdf(edition, pdf):
    """Put ``pdf`` in the edition's one document, creating it the first time.

    Each build's file goes to a folder of its own, so that it keeps the edition's plain name
    (« guide-2026-metz.pdf », what a download is called) while the previous file still exists:
    the storage would otherwise add a random suffix to the name.
    """
    Document = get_document_model()
    document = edition.document
    old_name = document.file.name if document else None
    if document is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        document = Document(collection=root)
    document.title = edition.document_title()
    build_folder = f"guides/{secrets.token_hex(6)}"
    document.file.save(f"{build_folder}/{edition.file_name()}", ContentFile(pdf), save=False)
    new_name = document.file.name
    try:
        with transaction.atomic():
            document.file_size = len(pdf)
            document.file_hash = hashlib.sha1(pdf, usedforsecurity=False).hexdigest()
            document.save()
            edition.document = document
            GuideEdition.objects.filter(pk=edition.pk).update(document=document)
    except BaseException:
        delete_build_file(document.file.storage, new_name)
        raise
    if old_name and old_name != new_name:
        delete_build_file(document.file.storage, old_name)
    return document


def delete_build_file(storage, name):
    """Delete a build's file, and its folder on a storage that has folders."""
    storage.delete(name)
    with suppress(NotImplementedError, OSError):  # no local folders; a folder not empty
        os.rmdir(os.path.dirname(storage.path(name)))


@contextmanager
def build_lock(edition_id):
    """Held while ``edition_id`` is being built; yields whether this process got it.

    A session-level advisory lock on PostgreSQL, which the server releases when the holder's
    connection ends, killed process included. Other databases (SQLite, one machine in
    development) have none: the lock is always granted.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [BUILD_LOCK_KEY, edition_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with suppress(DatabaseError), connection.cursor() as cursor:  # lost connection: freed
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [BUILD_LOCK_KEY, edition_id])


def build_is_running(edition_id):
    """Whether a live process holds the build lock of ``edition_id`` (always False but on
    PostgreSQL)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND classid = %s AND objid = %s AND objsubid = 2 AND granted)",
            [BUILD_LOCK_KEY, edition_id],
        )
        return cursor.fetchone()[0]


def _is_queued(task_id):
    """The task is in the database queue, not taken by a worker yet: a worker will run it."""
    return (
        bool(task_id)
        and DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.READY).exists()
    )


def resume_interrupted_builds():
    """Queue again the builds that a killed worker left "en attente" or "en cours".

    Run it before the guide worker starts (``make run`` does). A build still queued, or still
    running in a live process (PostgreSQL only: elsewhere, no worker may run meanwhile), is left
    alone. Returns the editions queued again.
    """
    resumed = []
    unfinished = GuideEdition.objects.filter(status__in=[Status.PENDING, Status.RUNNING])
    for edition in unfinished.order_by("pk"):
        if _is_queued(edition.task_id) or build_is_running(edition.pk):
            continue
        _set(edition.pk, status=Status.PENDING, progress=0, progress_step=_waiting_message())
        result = build_edition.enqueue(edition.pk)
        GuideEdition.objects.filter(pk=edition.pk).update(task_id=result.id)
        resumed.append(edition)
    return resumed


@task(backend="guide")
def build_edition(edition_id):
    """Render the edition's PDF and store it; safe to run again at any time."""
    with build_lock(edition_id) as acquired:
        if not acquired:  # another process is building it right now
            return "busy"
        return _build(edition_id)


def _build(edition_id):
    edition = GuideEdition.objects.select_related("document", "cover_image", "need").filter(
        pk=edition_id
    )
    edition = edition.first()
    if edition is None:
        return "missing"
    _set(edition_id, status=Status.RUNNING, progress=0, progress_step=_("Préparation"), error="")
    try:
        options = edition.options()
        # Taken before rendering: a venue published meanwhile makes the edition "à régénérer".
        fingerprint = edition.current_fingerprint(options)
        pdf = render_guide(options, progress=ProgressReporter(edition_id))
        if not pdf:
            raise EmptyGuideError(empty_scope_message())
        store_pdf(edition, pdf)
    except EmptyGuideError as error:
        _set(
            edition_id,
            status=Status.FAILED,
            progress=0,
            progress_step="",
            error=str(error) or empty_scope_message(),
        )
        return "empty"
    except BaseException as error:
        logger.exception("Building guide edition %s failed", edition_id)
        if isinstance(error, KeyboardInterrupt | SystemExit):
            message = _("La génération a été interrompue. Relancez-la.")
        else:
            message = _(
                "La génération a échoué (%(error)s). Relancez-la ; si l'échec se répète, "
                "transmettez ce message à l'équipe technique."
            ) % {"error": type(error).__name__}
        _set(edition_id, status=Status.FAILED, progress=0, progress_step="", error=message)
        raise
    _set(
        edition_id,
        status=Status.READY,
        progress=100,
        progress_step=_("Terminé"),
        error="",
        built_at=timezone.now(),
        built_fingerprint=fingerprint,
    )
    # The public /guide/ page lists the new file: start a new page-cache generation.
    content_changed()
    return "ready"
