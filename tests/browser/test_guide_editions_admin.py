"""The editions list follows a guide build as it goes, without a reload."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from guide.models import GuideEdition


def report(edition, **fields):
    GuideEdition.objects.filter(pk=edition.pk).update(status_changed_at=timezone.now(), **fields)


@pytest.mark.django_db(transaction=True)
def test_the_editions_list_shows_a_build_progress_live(admin_page, live_server):
    edition = GuideEdition.objects.create(year=2026, title="Le numérique pour tous — guide 2026")
    report(edition, status="pending", progress=0, progress_step="En attente")
    page = admin_page()
    page.goto(live_server.url + reverse("guide_editions:list"))
    row = page.locator("tr", has_text="Le numérique pour tous")
    expect(row).to_contain_text("en attente")
    expect(row).to_contain_text("0 %")

    report(edition, status="running", progress=60, progress_step="Fiches des lieux")
    expect(row).to_contain_text("60 %", timeout=10_000)
    expect(row).to_contain_text("en cours")
    expect(row).to_contain_text("— Fiches des lieux")

    report(edition, status="ready", progress=100, progress_step="")
    expect(
        row.get_by_role("link", name="La génération est terminée\u00a0: actualiser la page")
    ).to_be_visible(timeout=10_000)
