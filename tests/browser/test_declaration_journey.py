"""A help structure declares itself on a phone, then follows its declaration with the code."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Site

from declarations.models import Declaration
from guide.catalogue import ensure_catalogue

from .test_resident_pages import WCAG_AA
from .test_venue_screens import SCREENSHOTS


def assert_accessible(page):
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def site(live_server, home_page, territory):
    ensure_catalogue()  # transactional tests start with empty tables
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_declare_a_venue_in_three_steps_then_track_it(page_at, site):
    page = page_at(360)
    page.goto(site + "/declarer/")
    assert_accessible(page)
    page.get_by_label("Votre nom et prénom").fill("Awa Diallo")
    page.get_by_label("Votre adresse e-mail").fill("awa@example.org")
    page.get_by_role("button", name="Étape suivante").click()

    assert_accessible(page)
    page.get_by_label("Nom du lieu").fill("Espace numérique des Isles")
    page.get_by_label("Résumé").fill("Ordinateurs en accès libre et aide aux démarches.")
    page.locator("#id_lieu-address").fill("2 rue des Isles")
    page.get_by_label("Code postal").fill("570")  # a typo, corrected after the error
    page.get_by_label("Commune").fill("Metz")
    page.get_by_label("Quartier ou territoire").select_option(label="Metz Sablon")
    family = page.get_by_role("group", name="Faire ses démarches en ligne")
    family.get_by_role(
        "group", name="Accéder à ses droits sociaux et les gérer (RSA, CAF)"
    ).get_by_label("★★★ expert").check()
    family.get_by_role("group", name="Permis et carte grise").get_by_label("★ basique").check()
    computer = page.get_by_role("group", name="Fonctionnement d'un ordinateur")
    assert computer.get_by_label("Non proposé").is_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Lundi, Matin (ou journée continue), de").fill("09:00")
    page.get_by_label("Lundi, Matin (ou journée continue), à").fill("12:00")
    page.get_by_role("button", name="Étape suivante").click()

    assert page.title().startswith("Erreur\u00a0: ")
    assert page.locator("#id_lieu-postcode_error").get_by_text("exactement 5 chiffres").count() == 1
    assert_accessible(page)  # errors included
    page.get_by_role("alert").get_by_role("link", name="Code postal").click()  # the error summary
    assert page.url.endswith("#id_lieu-postcode")
    assert page.get_by_label("Nom du lieu").input_value() == "Espace numérique des Isles"
    assert (
        family.get_by_role("group", name="Permis et carte grise")
        .get_by_label("★ basique")
        .is_checked()
    )
    page.get_by_label("Code postal").fill("57000")
    page.get_by_role("button", name="Étape suivante").click()

    assert page.get_by_text("Étape 3 sur 3").count() == 1
    assert_accessible(page)
    services = page.locator(".summary-block", has_text="Services proposés")
    assert services.get_by_role("heading", name="Faire ses démarches en ligne").count() == 1
    assert services.locator("dt + dd").all_inner_texts() == ["★★★ expert", "★ basique"]
    page.get_by_role("button", name="Étape précédente").click()
    assert page.get_by_label("Code postal").input_value() == "57000"
    page.get_by_role("button", name="Étape suivante").click()
    page.get_by_label("J'accepte que ces informations servent").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Envoyer ma déclaration").click()

    code = page.locator(".tracking-code").inner_text()
    assert_accessible(page)
    assert code == Declaration.objects.get().display_code
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "declaration-recue-360.png", full_page=True)

    page.goto(site + "/declarer/suivi/")
    page.get_by_label("Votre code de suivi").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Voir où en est ma déclaration").click()
    result = page.locator(".tracking-result")
    assert_accessible(page)
    assert "Nouveau lieu" in result.inner_text()
    assert "Reçue" in result.inner_text()
