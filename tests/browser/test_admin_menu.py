"""The admin at 1280 × 900, as an editor starts her day: the dashboard says what needs doing,
the menu lists the daily work first and configuration under "Paramètres", no label is cut."""

import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import expect

from actualites.models import NewsletterIndexPage
from declarations.models import Declaration

DAILY_WORK = ["Pages", "Lieux", "Déclarations", "Lettre d'info", "Guide imprimé", "Rapports"]
CONFIGURATION = [
    "Réglages du portail",
    "Légende des étoiles",
    "Territoires",
    "Familles de services",
    "Modérateurs",
    "Thèmes",
    "Services nationaux",
    "data·inclusion",
    "Producteur de données",
]
SUBMENUS = ["Lettre d'info", "Rapports", "Paramètres", "Aide"]
# Of menu labels, those whose text overflows its box (cut, with an ellipsis).
CUT = """labels => labels.filter(label => label.scrollWidth > label.clientWidth)
    .map(label => label.textContent.trim())"""
MAIN_MENU_LABELS = ".sidebar-main-menu__list > li > :is(a, button) .menuitem-label"


@pytest.fixture
def work_to_do(home_page, make_venue):
    for _number in range(12):
        Declaration.objects.create(kind=Declaration.Kind.NEW_VENUE, venue_data={"title": "Lieu"})
    make_venue(verified_on=timezone.localdate() - relativedelta(months=9))
    make_venue(verified_on=timezone.localdate() - relativedelta(months=30))
    home_page.add_child(instance=NewsletterIndexPage(title="La lettre", slug="lettre"))


@pytest.mark.django_db(transaction=True)
def test_daily_work_comes_first_and_no_label_is_cut(admin_page, live_server, work_to_do):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/")
    sidebar = page.locator(".sidebar")
    expect(sidebar.get_by_text("Déclarations (12)")).to_be_visible()
    main_labels = page.locator(MAIN_MENU_LABELS)
    main = [text.strip() for text in main_labels.all_inner_texts()]
    unbadged = [label.split(" (")[0] for label in main]  # "Déclarations (12)"
    assert [label for label in unbadged if label in DAILY_WORK] == DAILY_WORK
    assert unbadged.index("Rapports") < unbadged.index("Paramètres")
    assert not set(CONFIGURATION) & set(unbadged)
    assert main_labels.evaluate_all(CUT) == []

    for submenu in SUBMENUS:
        # "Aide 2": Wagtail's help has a badge.
        page.get_by_role("button", name=re.compile(f"^{re.escape(submenu)}")).click()
        panel = page.locator(".sidebar-sub-menu-panel").filter(visible=True)
        expect(panel).to_have_count(1)
        labels = panel.locator(".menuitem-label")
        if submenu == "Paramètres":
            texts = [text.strip() for text in labels.all_inner_texts()]
            assert texts[: len(CONFIGURATION)] == CONFIGURATION
        assert labels.evaluate_all(CUT) == [], submenu
        page.keyboard.press("Escape")
        expect(panel).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_counts_and_prepares_the_next_issue(admin_page, live_server, work_to_do):
    page = admin_page()
    page.goto(f"{live_server.url}/admin/")
    declarations = page.locator("#declarations-a-traiter-section")
    expect(declarations.get_by_role("link", name="12 déclarations reçues, à lire")).to_be_visible()
    freshness = page.locator("#fraicheur-des-lieux-section")
    expect(freshness.get_by_role("link", name="1 lieu à vérifier")).to_be_visible()
    freshness.get_by_role("link", name="1 lieu périmé").click()
    expect(page.get_by_role("heading", name="Fraîcheur des lieux")).to_be_visible()
    expect(page.locator("table.listing tbody tr")).to_have_count(1)

    page.goto(f"{live_server.url}/admin/")
    newsletter = page.locator("#prochain-numero-section")
    expect(newsletter.get_by_text("est à préparer")).to_be_visible()
    newsletter.get_by_role("button", name="Préparer le prochain numéro").click()
    expect(page.get_by_text("Le brouillon du numéro n° 1")).to_be_visible()
    page.goto(f"{live_server.url}/admin/")
    expect(newsletter.get_by_text("est en préparation")).to_be_visible()
    expect(newsletter.get_by_role("link", name="Continuer le brouillon")).to_be_visible()
