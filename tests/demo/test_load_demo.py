"""The demo loader builds a browsable site and is safe to run again."""

from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count
from wagtail.models import Page, Site

from declarations.models import Declaration
from demo.loader import read_demo_data
from guide.hours import PARIS
from guide.models import (
    GuideDownloadsPage,
    GuideEdition,
    NeedPage,
    RemoteActor,
    ServiceFamily,
    Territory,
    VenuePage,
)

from .conftest import LOAD_DAY, READS_THE_DEMO

pytestmark = READS_THE_DEMO

FRENCH = {"locale__language_code": "fr"}


def snapshot():
    """The French content, and how many pages each language's synchronised tree has."""
    venues = VenuePage.objects.filter(**FRENCH).order_by("slug")
    return {
        "venues": [
            (
                v.slug,
                v.code,
                v.territory.slug,
                v.opening_hours,
                sorted(
                    (r.family.slug, r.level, tuple(sorted(i.slug for i in r.items.all())))
                    for r in v.service_ratings.all()
                ),
                sorted((e.kind, e.count) for e in v.equipment.all()),
            )
            for v in venues
        ],
        "territories": list(Territory.objects.filter(**FRENCH).values_list("slug", "sort_order")),
        "families": [(f.slug, f.items.count()) for f in ServiceFamily.objects.filter(**FRENCH)],
        "needs": [
            (n.get_parent().slug, n.slug, n.family_id, len(n.chosen_venues.all()))
            for n in NeedPage.objects.filter(**FRENCH).order_by("path")
        ],
        "declarations": sorted(Declaration.objects.values_list("kind", "venue__slug")),
        "actors": list(RemoteActor.objects.filter(**FRENCH).values_list("name", "kind")),
        "pages_per_language": dict(
            Page.objects.filter(depth__gt=1)
            .values_list("locale__language_code")
            .annotate(count=Count("pk"))
        ),
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_content_and_keeps_an_editors_change():
    first = snapshot()
    venue = VenuePage.objects.get(slug="centre-social-pioche", **FRENCH)
    venue.summary = "Résumé corrigé par l'éditrice."
    venue.save_revision().publish()
    with time_machine.travel(LOAD_DAY, tick=False):
        call_command("load_demo")
    assert snapshot() == first
    assert (
        VenuePage.objects.get(slug="centre-social-pioche", **FRENCH).summary
        == "Résumé corrigé par l'éditrice."
    )
    guide_page = GuideDownloadsPage.objects.get(**FRENCH)
    assert guide_page.slug == "guide" and guide_page.live
    edition = GuideEdition.objects.get()  # once, however often the demo is loaded
    assert (edition.year, edition.status, edition.document) == (2026, "never", None)
    assert len(first["venues"]) == len(read_demo_data()["venues"]) >= 21
    assert first["families"] == [("decouvrir", 4), ("insertion", 4), ("demarches", 8), ("creer", 6)]
    grenoble_needs = [
        need for theme, need, *_ in first["needs"] if theme == "informatique-telephonie"
    ]
    assert len(grenoble_needs) == 6
    assert {theme for theme, *_ in first["needs"]} == {
        "informatique-telephonie",
        "demarches-en-ligne",
        "emploi",
    }
    assert ("Solidarité numérique", "telephone") in first["actors"]
    assert first["declarations"] == [
        ("modification", "mediatheque-jean-mace"),
        ("nouveau", None),
        ("signalement", "cpam-moselle-borny"),
    ]
    pages = first["pages_per_language"]
    assert pages["fr"] == pages["en"] == pages["ar"] == pages["uk"]


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS), tick=False)
def test_demo_site_shows_metz_venues_with_stars_and_state(client):
    site = Site.objects.get(is_default_site=True)
    site.hostname = "testserver"
    site.save()
    home = client.get("/")
    assert home.status_code == 200
    assert "qui fait quoi" in home.content.decode()
    html = client.get("/lieux/").content.decode()
    assert "Centre social Pioche" in html
    assert "CRI-BIJ" in html
    assert "sur 3 — " in html
    assert "Ouvert actuellement" in html and "Fermé à cet instant" in html
    m5 = client.get("/lieux/centre-animation-bordeaux-lac/").content.decode()
    assert "79, cours des Aubiers" in m5
    assert "Tram C" in m5
    # Monday 10 am: M5 opens at 13:30 on Mondays.
    assert "Fermé à cet instant" in m5
    assert "Ouvre à 13 h 30" in m5
    caf = client.get("/qui-fait-quoi/demarches-en-ligne/caf-rsa/?cp=57050").content.decode()
    assert "du plus proche au plus loin de 57050" in caf
    assert "Solidarité numérique" in caf
    assert "Centre social Pioche" in caf


@pytest.mark.django_db
def test_demo_admin_command_prints_the_login(capsys, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "essai-demo")
    call_command("ensure_demo_admin")
    out = capsys.readouterr().out
    assert "identifiant « admin », mot de passe « essai-demo »" in out
    from django.contrib.auth import authenticate

    assert authenticate(username="admin", password="essai-demo").is_superuser
