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
"""

import hashlib
import logging
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.content_cache import content_changed

from .models import GuideEdition
from .models.editions import BUILD_TIMEOUT

logger = logging.getLogger(__name__)

Status = GuideEdition.Status

# Progress is written at most this often (and at every new step), not once per venue.
PROGRESS_INTERVAL_SECONDS = 1.0


def empty_scope_message():
    return _(
        "Aucun lieu publié en français ne correspond à cette édition : choisissez d'autres "
        "territoires ou un autre besoin. Aucun PDF n'a été créé."
    )


def _set(edition_id, **fields):
    """Write build fields without the post_save signal (no page-cache flush per progress)."""
    fields["status_changed_at"] = timezone.now()
    GuideEdition.objects.filter(pk=edition_id).update(**fields)


def request_build(edition):
    """Queue a build; returns ``(started, message)`` for the editor."""
    if edition.is_building:
        return False, _(
            "Une génération de ce guide est déjà en cours : attendez qu'elle se termine."
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
            progress_step=_("En attente d'un processus de génération"),
            error="",
            status_changed_at=timezone.now(),
        )
    )
    if not claimed:  # another click won the race
        return False, _(
            "Une génération de ce guide est déjà en cours : attendez qu'elle se termine."
        )
    try:
        result = build_edition.enqueue(edition.pk)
    except Exception:
        logger.exception("Could not enqueue the build of guide edition %s", edition.pk)
        _set(edition.pk, status=Status.FAILED, error=_("La génération n'a pas pu être lancée."))
        return False, _("La génération n'a pas pu être lancée. Réessayez dans un instant.")
    GuideEdition.objects.filter(pk=edition.pk).update(task_id=result.id)
    return True, _(
        "La génération du guide a commencé. Elle peut prendre quelques minutes : suivez son "
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
    """Put ``pdf`` in the edition's one document, creating it the first time."""
    Document = get_document_model()
    document = edition.document
    old_name = document.file.name if document else None
    if document is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        document = Document(collection=root)
    document.title = edition.document_title()
    document.file.save(edition.file_name(), ContentFile(pdf), save=False)
    new_name = document.file.name
    try:
        with transaction.atomic():
            document.file_size = len(pdf)
            document.file_hash = hashlib.sha1(pdf, usedforsecurity=False).hexdigest()
            document.save()
            edition.document = document
            GuideEdition.objects.filter(pk=edition.pk).update(document=document)
    except BaseException:
        document.file.storage.delete(new_name)
        raise
    if old_name and old_name != new_name:
        document.file.storage.delete(old_name)
    return document


@task(backend="guide")
def build_edition(edition_id):
    """Render the edition's PDF and store it; safe to run again at any time."""
    from guide.pdf.guide import EmptyGuideError, render_guide

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
                "La génération a échoué (%(error)s). Relancez-la ; si l'échec se répète, "
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
