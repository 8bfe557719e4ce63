"""A guide build interrupted by a killed worker is built again, once, when the worker restarts.

django-tasks-db leaves a killed worker's task "running" and no worker takes it again; the
edition stays "en cours". ``resume_guide_builds`` (run before the worker starts) queues it again,
unless it is still queued or still being built by a live process. The task backend is the
immediate one here: a queued build runs at once. benchmarks/faults.py kills a real worker.
"""

import io
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.documents import get_document_model

from guide.models import GuideEdition
from guide.tasks import BUILD_LOCK_KEY, build_edition

from .edition_fixtures import *  # noqa: F403
from .edition_fixtures import stored_documents

Status = GuideEdition.Status
only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's"
)


def left_by_a_killed_worker(edition, status=Status.RUNNING, task_id=None):
    """The edition as a worker killed in the middle of its build leaves it."""
    GuideEdition.objects.filter(pk=edition.pk).update(
        status=status,
        progress=40,
        progress_step="Fiches des lieux",
        status_changed_at=timezone.now(),
        task_id=task_id or str(uuid.uuid4()),
    )


def resume():
    output = io.StringIO()
    call_command("resume_guide_builds", stdout=output)
    return output.getvalue()


def test_a_build_left_running_is_built_again_once(edition, make_venue, fake_pdf, media_root):
    make_venue()
    left_by_a_killed_worker(edition)

    assert "Génération relancée" in resume()

    edition.refresh_from_db()
    assert edition.status == Status.READY
    assert edition.progress == 100
    assert len(fake_pdf.calls) == 1
    assert get_document_model().objects.count() == 1
    assert len(stored_documents(media_root)) == 1
    assert "Aucune génération à relancer." in resume()  # a second restart builds nothing
    assert len(fake_pdf.calls) == 1


def test_a_build_still_queued_is_left_to_the_worker(edition, make_venue, fake_pdf):
    make_venue()
    queued = DBTaskResult.objects.create(
        args_kwargs={"args": [edition.pk], "kwargs": {}},
        task_path="guide.tasks.build_edition",
        backend_name="guide",
        run_after=get_date_max(),
    )
    left_by_a_killed_worker(edition, status=Status.PENDING, task_id=str(queued.pk))

    assert "Aucune génération à relancer." in resume()

    edition.refresh_from_db()
    assert edition.status == Status.PENDING
    assert fake_pdf.calls == []


def test_finished_editions_are_not_rebuilt(edition, make_venue, fake_pdf):
    make_venue()
    build_edition.enqueue(edition.pk)

    assert "Aucune génération à relancer." in resume()
    assert len(fake_pdf.calls) == 1


@pytest.fixture
def another_process_building(edition):
    """A second database session holding the edition's build lock, as a live worker would."""
    params = connection.get_connection_params()
    session = psycopg.connect(
        **{key: value for key, value in params.items() if key != "cursor_factory"}
    )
    session.execute("SELECT pg_advisory_lock(%s, %s)", [BUILD_LOCK_KEY, edition.pk])
    yield session
    session.close()


@only_postgresql
def test_a_build_running_in_a_live_process_is_left_alone(
    edition, make_venue, fake_pdf, another_process_building
):
    make_venue()
    left_by_a_killed_worker(edition)

    assert "Aucune génération à relancer." in resume()
    assert build_edition.enqueue(edition.pk).return_value == "busy"  # never two at once
    assert fake_pdf.calls == []

    another_process_building.close()  # that worker dies: the server frees its lock
    assert "Génération relancée" in resume()
    edition.refresh_from_db()
    assert edition.status == Status.READY
    assert len(fake_pdf.calls) == 1
