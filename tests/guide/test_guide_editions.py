"""Guide editions: set in the admin, built in the background, listed on /guide/.

The PDF itself is ``guide.pdf.guide.render_guide``'s job (tested on its own); here it is
replaced by a fake that returns a small valid PDF, so these tests check the edition's life:
the build task, its single document, the admin button, "à régénérer" and the public page.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

from guide.models import GuideDownloadsPage, GuideEdition, Territory
from guide.models.editions import human_size
from guide.tasks import build_edition

from .edition_fixtures import *  # noqa: F403
from .edition_fixtures import stored_documents

Document = get_document_model()
LIST_URL = "guide_editions:list"


def generate(client, edition):
    return client.post(reverse("guide_editions:generate", args=(edition.pk,)), follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_editor_creates_an_edition(editor_client, territory):
    data = nested_form_data(
        {
            "year": "2026",
            "title": "Extrait Sablon",
            "editorial": rich_text("<p>Bonne lecture.</p>"),
            "contact": rich_text("<p>guide@example.org</p>"),
            "page_size": "a5",
            "binding": "spiral",
            "output": "press",
            "need": "",
            "cover_image": "",
        }
    )
    data["territories"] = [territory.pk]
    response = editor_client.post(reverse("guide_editions:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    edition = GuideEdition.objects.get()
    assert edition.page_size == "a5"
    options = edition.options()
    assert (options.pages_multiple, options.for_press) == (2, True)
    assert list(edition.territories.all()) == [territory]
    assert edition.is_extract
    assert edition.status == GuideEdition.Status.NEVER
    assert edition.document is None
    page = editor_client.get(reverse("guide_editions:edit", args=(edition.pk,)))
    assert "Générer le guide" in page.content.decode()
    listing = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "Générer le guide" in listing
    assert "jamais généré" in listing


def test_generate_builds_one_document_and_rebuilds_it_in_place(
    editor_client, edition, make_venue, fake_pdf, media_root
):
    make_venue()
    make_venue()
    response = generate(editor_client, edition)
    assert any("La génération du guide a commencé" in m for m in messages_of(response))
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY
    assert edition.progress == 100
    assert edition.task_id
    assert edition.built_at is not None
    assert not edition.is_stale
    document = edition.document
    assert Document.objects.count() == 1
    assert document.title == "Guide 2026 — Le numérique pour tous — guide 2026"
    with document.open_file() as handle:
        first = handle.read()
    assert len(PdfReader(io.BytesIO(first)).pages) == 2
    assert document.file_size == len(first)
    assert stored_documents(media_root) == [document.filename]
    assert fake_pdf.calls[0].title == edition.title

    # Second click: the same document gets the new file; the old file is gone.
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert Document.objects.count() == 1
    assert edition.document_id == document.pk
    document.refresh_from_db()
    with document.open_file() as handle:
        second = handle.read()
    assert second != first
    assert stored_documents(media_root) == [document.filename]


def test_build_task_is_idempotent(edition, make_venue, fake_pdf, media_root):
    make_venue()
    build_edition.call(edition.pk)
    build_edition.call(edition.pk)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY
    assert Document.objects.count() == 1
    assert len(stored_documents(media_root)) == 1
    assert build_edition.call(edition.pk + 1000) == "missing"


def test_empty_scope_is_refused_at_once(editor_client, make_venue, fake_pdf, media_root):
    make_venue()  # in another territory than the extract's
    empty = Territory.objects.create(name="Borny", slug="borny", locale=Locale.get_default())
    edition = GuideEdition.objects.create(year=2026, title="Extrait Borny")
    edition.territories.add(empty)
    response = generate(editor_client, edition)
    assert any("Aucun lieu publié en français" in m for m in messages_of(response))
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.NEVER
    assert edition.task_id == ""
    assert fake_pdf.calls == []
    assert Document.objects.count() == 0
    assert stored_documents(media_root) == []


def test_empty_scope_found_by_the_task_gives_no_document(edition, fake_pdf, db):
    build_edition.call(edition.pk)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.FAILED
    assert "Aucun lieu" in edition.error
    assert Document.objects.count() == 0


def test_only_editors_may_generate(client, django_user_model, edition, make_venue, fake_pdf):
    make_venue()
    url = reverse("guide_editions:generate", args=(edition.pk,))
    response = client.post(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]

    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("lecteur", "l@example.org", "motdepasse")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(reader)
    # Wagtail turns a refused admin action into a redirect to the dashboard with a message.
    refused = client.post(url)
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.NEVER
    assert fake_pdf.calls == []


def test_generate_is_post_only(editor_client, edition):
    response = editor_client.get(reverse("guide_editions:generate", args=(edition.pk,)))
    assert response.status_code == 405


def test_a_running_build_is_not_queued_twice(editor_client, edition, make_venue, fake_pdf):
    make_venue()
    GuideEdition.objects.filter(pk=edition.pk).update(status="running", progress=40)
    from django.utils import timezone

    GuideEdition.objects.filter(pk=edition.pk).update(status_changed_at=timezone.now())
    response = generate(editor_client, edition)
    assert any("déjà en cours" in m for m in messages_of(response))
    assert fake_pdf.calls == []
    listing = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "40 %" in listing


def test_an_abandoned_build_can_be_started_again(editor_client, edition, make_venue, fake_pdf):
    from datetime import timedelta

    from django.utils import timezone

    make_venue()
    long_ago = timezone.now() - timedelta(hours=2)
    GuideEdition.objects.filter(pk=edition.pk).update(status="running", status_changed_at=long_ago)
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY
    assert Document.objects.count() == 1


def test_a_venue_published_after_the_build_makes_the_edition_stale(
    editor_client, edition, make_venue, fake_pdf
):
    venue = make_venue()
    generate(editor_client, edition)
    listing = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "prêt" in listing
    assert "à régénérer" not in listing

    venue.summary = "Nouveaux horaires d'accueil."
    venue.save_revision().publish()
    edition.refresh_from_db()
    assert edition.is_stale
    listing = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "à régénérer" in listing

    generate(editor_client, edition)
    edition.refresh_from_db()
    assert not edition.is_stale


def test_a_new_venue_in_scope_makes_the_edition_stale(edition, make_venue, fake_pdf):
    make_venue()
    build_edition.call(edition.pk)
    edition.refresh_from_db()
    assert not edition.is_stale
    make_venue()
    assert edition.is_stale


def test_a_failed_build_says_so_and_can_be_retried(
    editor_client, edition, make_venue, fake_pdf, media_root
):
    make_venue()
    fake_pdf.fail_with = RuntimeError("police introuvable")
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.FAILED
    assert "La génération a échoué" in edition.error
    assert Document.objects.count() == 0
    assert stored_documents(media_root) == []
    listing = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "échec" in listing
    assert "La génération a échoué" in listing

    fake_pdf.fail_with = None
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY
    assert edition.error == ""
    assert Document.objects.count() == 1

    # A failure after a success keeps the previous file, whole.
    fake_pdf.fail_with = RuntimeError("disque plein")
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.FAILED
    assert Document.objects.count() == 1
    assert stored_documents(media_root) == [edition.document.filename]


def test_the_public_page_lists_editions_for_download(
    client, editor_client, home_page, edition, territory, make_venue, fake_pdf
):
    make_venue()
    page = GuideDownloadsPage(title="Le guide à imprimer", slug="guide", show_in_menus=True)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    extract = GuideEdition.objects.create(year=2026, title="Extrait Sablon", page_size="a5")
    extract.territories.add(territory)
    old = GuideEdition.objects.create(year=2025, title="Guide 2025")
    never_built = GuideEdition.objects.create(year=2027, title="Guide 2027 en préparation")

    empty = client.get("/guide/").content.decode()
    assert "Aucun guide n'est encore disponible" in empty

    for built in (edition, extract, old):
        generate(editor_client, built)
    client.logout()
    html = client.get("/guide/").content.decode()
    assert "Le guide 2026" in html
    current = html.index("Le numérique pour tous — guide 2026")
    assert current < html.index("Extrait Sablon") < html.index("Guide 2025")
    assert never_built.title not in html
    assert "Metz Sablon" in html
    assert "format A5" in html
    assert " ko)" in html
    edition.refresh_from_db()
    stable_link = f"/guide/edition-{edition.pk}.pdf"
    assert f'href="{stable_link}"' in html
    assert '<a href="/guide/" aria-current="page">Le guide à imprimer</a>' in html  # the menu

    response = client.get(stable_link, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_download_link_survives_a_rebuild(
    client, editor_client, home_page, edition, make_venue, fake_pdf
):
    make_venue()
    home_page.add_child(instance=GuideDownloadsPage(title="Le guide à imprimer", slug="guide"))
    generate(editor_client, edition)
    stable_link = f"/guide/edition-{edition.pk}.pdf"
    first = client.get(stable_link)
    generate(editor_client, edition)
    edition.refresh_from_db()
    second = client.get(stable_link)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == edition.document.url
    assert client.get(second["Location"]).status_code == 200
    assert client.get("/guide/edition-999999.pdf").status_code == 404


def test_human_sizes_are_french():
    from django.utils import translation

    with translation.override("fr"):
        assert human_size(2_300_000) == "2,3 Mo"
        assert human_size(850_000) == "850 ko"
        assert human_size(12) == "1 ko"


# --- With the real database queue and its worker command (not the immediate test backend). ---


@pytest.mark.django_db(transaction=True)
def test_database_queue_and_db_worker_build_the_edition(settings, make_venue, fake_pdf, media_root):
    """REAL BACKEND: django_tasks_db stores the task; ``db_worker --batch`` runs it."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {**settings.TASKS, "guide": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_venue()
    edition = GuideEdition.objects.create(year=2026, title="Guide par la file d'attente")
    result = build_edition.enqueue(edition.pk)
    assert DBTaskResult.objects.filter(id=result.id).exists()
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.NEVER  # nothing ran yet

    call_command("db_worker", "--batch", "--backend", "guide", "--no-startup-delay")
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY
    assert Document.objects.count() == 1
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "ready"


def test_editing_an_edition_refreshes_the_cached_public_page(
    client, editor_client, home_page, edition, make_venue, fake_pdf
):
    make_venue()
    page = GuideDownloadsPage(title="Le guide à imprimer", slug="guide")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    generate(editor_client, edition)
    assert edition.title in client.get("/guide/").content.decode()
    edition.refresh_from_db()
    edition.title = "Guide 2026, version corrigée"
    edition.save()
    assert "Guide 2026, version corrigée" in client.get("/guide/").content.decode()


def test_the_edit_page_polls_the_build_progress(editor_client, edition):
    from django.utils import timezone

    GuideEdition.objects.filter(pk=edition.pk).update(
        status="running",
        progress=30,
        progress_step="Fiches des lieux",
        status_changed_at=timezone.now(),
    )
    page = editor_client.get(reverse("guide_editions:edit", args=(edition.pk,))).content.decode()
    assert "30 %" in page and "Fiches des lieux" in page
    data = editor_client.get(reverse("guide_editions:progress", args=(edition.pk,))).json()
    assert data["building"] is True
    assert data["progress"] == 30
    assert data["status_label"] == "en cours"


def test_one_click_builds_the_real_guide(editor_client, edition, make_venue, media_root):
    """No fake here: the button, the task and WeasyPrint together."""
    make_venue(title="Centre social Pioche")
    make_venue(title="Médiathèque Jean-Macé")
    generate(editor_client, edition)
    edition.refresh_from_db()
    assert edition.status == GuideEdition.Status.READY, edition.error
    with edition.document.open_file() as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Centre social Pioche" in text and "Médiathèque Jean-Macé" in text
    assert "Comment lire ce guide" in text


def test_the_editions_list_follows_the_builds_in_progress(editor_client, edition):
    """The message after "Générer" sends the editor to the list: it shows the progress and
    asks for it again while the build runs (a link to refresh without JavaScript)."""
    from django.utils import timezone

    GuideEdition.objects.filter(pk=edition.pk).update(
        status="running",
        progress=40,
        progress_step="Fiches des lieux",
        status_changed_at=timezone.now(),
    )
    finished = GuideEdition.objects.create(year=2025, title="Guide 2025", status="ready")
    html = editor_client.get(reverse(LIST_URL)).content.decode()
    assert "40 %" in html and "— Fiches des lieux" in html
    progress_url = reverse("guide_editions:progress", args=(edition.pk,))
    assert f'data-progress-url="{progress_url}"' in html
    assert reverse("guide_editions:progress", args=(finished.pk,)) not in html
    assert "js/admin/edition_progress.js" in html
    assert f'href="{reverse(LIST_URL)}" data-guide-reload' in html
    assert html.count("data-guide-reload") == 1


def test_a_downloaded_guide_is_named_after_its_year_and_place(
    client, editor_client, home_page, edition, territory, make_venue, fake_pdf, media_root
):
    """« guide-2026-metz.pdf », build after build: no random suffix from the storage."""
    make_venue()
    home_page.add_child(instance=GuideDownloadsPage(title="Le guide à imprimer", slug="guide"))
    extract = GuideEdition.objects.create(year=2026, title="Extrait Sablon")
    extract.territories.add(territory)
    for _build in range(3):
        generate(editor_client, edition)
        generate(editor_client, extract)
        for built, name in (
            (edition, "guide-2026-metz.pdf"),
            (extract, "guide-2026-metz-sablon.pdf"),
        ):
            response = client.get(f"/guide/edition-{built.pk}.pdf", follow=True)
            assert response.status_code == 200
            assert f'filename="{name}"' in response["Content-Disposition"]
    assert stored_documents(media_root) == ["guide-2026-metz-sablon.pdf", "guide-2026-metz.pdf"]
    assert len(list((media_root / "documents" / "guides").iterdir())) == 2  # no empty folder
