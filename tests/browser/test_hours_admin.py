"""An editor changes a venue's hours in the weekly grid, reads them back in words, publishes."""

import re
from datetime import datetime

import pytest
import time_machine
from playwright.sync_api import expect
from wagtail.models import Site

from guide.hours import PARIS
from guide.models import VenuePage

A_WEEK_WITHOUT_HOLIDAYS = datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)


def set_range(page, day, index, start, end):
    page.locator(f"#id_opening_hours-{day}-{index}-start").fill(start)
    page.locator(f"#id_opening_hours-{day}-{index}-end").fill(end)


def open_hours_tab(page, live_server, venue):
    """The venue's edit form on its hours tab, the site served where the pages link to."""
    Site.objects.update(hostname="localhost", port=live_server.thread.port)
    page.goto(f"{live_server.url}/admin/pages/{venue.pk}/edit/")
    page.get_by_role("tab", name="Horaires").click()
    return page


def publish(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()


@pytest.mark.django_db(transaction=True)
def test_editor_fills_the_hours_grid_reads_it_and_publishes(admin_page, live_server, make_venue):
    venue = make_venue(title="Médiathèque Jean-Macé", opening_hours="Mo-Fr 09:00-17:00")
    page = open_hours_tab(admin_page(), live_server, venue)
    reading = page.locator("[data-reading]")
    expect(reading.locator("li").first).to_have_text(
        "Lundi, mardi, mercredi, jeudi, vendredi\u00a0: 9 h – 17 h"
    )

    for day in ("Mo", "Tu", "Th", "Fr"):
        set_range(page, day, 0, "08:30", "12:00")
    set_range(page, "We", 0, "", "")
    set_range(page, "Th", 1, "14h", "17h")
    page.get_by_label("Samedi : sur rendez-vous").check()
    expect(reading.locator("li")).to_have_text(
        [
            "Lundi, mardi, vendredi\u00a0: 8 h 30 – 12 h",
            "Mercredi, dimanche\u00a0: fermé",
            "Jeudi\u00a0: 8 h 30 – 12 h, 14 h – 17 h",
            "Samedi\u00a0: sur rendez-vous",
        ]
    )
    expect(page.locator("tr[data-day=We] [data-closed]")).to_be_visible()

    set_range(page, "Su", 0, "12:00", "10:00")  # a mistake: closes before it opens
    publish(page)
    page.get_by_role("tab", name=re.compile("^Horaires")).click()
    expect(page.get_by_text("Dimanche, plage 1 : l'heure de fermeture doit suivre")).to_be_visible()
    expect(page.locator("#id_opening_hours-Mo-0-start")).to_have_value("08:30")
    expect(page.locator("#id_opening_hours-Th-1-end")).to_have_value("17h")
    expect(page.locator("#id_opening_hours-Su-0-start")).to_have_value("12:00")
    expect(page.get_by_label("Samedi : sur rendez-vous")).to_be_checked()

    set_range(page, "Su", 0, "", "")
    publish(page)
    expect(page.get_by_text("a été publiée")).to_be_visible()
    venue = VenuePage.objects.get(pk=venue.pk)
    assert venue.opening_hours == (
        'Mo-Tu,Fr 08:30-12:00; Th 08:30-12:00,14:00-17:00; Sa off "sur rendez-vous"'
    )

    with time_machine.travel(A_WEEK_WITHOUT_HOLIDAYS, tick=True):
        page.goto(f"{live_server.url}{venue.url}")
    hours = page.locator("table.hours")
    expect(hours.get_by_role("row", name=re.compile("^lundi"))).to_contain_text("8 h 30 – 12 h")
    expect(hours.get_by_role("row", name=re.compile("^jeudi"))).to_contain_text("14 h – 17 h")
    expect(hours.get_by_role("row", name=re.compile("^samedi"))).to_contain_text(
        "Fermé — sur rendez-vous"
    )


@pytest.mark.django_db(transaction=True)
def test_editor_copies_monday_onto_the_weekdays_and_publishes(admin_page, live_server, make_venue):
    venue = make_venue(title="Espace numérique Borny", opening_hours="")
    page = open_hours_tab(admin_page(), live_server, venue)
    copy = page.get_by_role("button", name="Recopier sur les jours cochés")
    expect(copy).to_be_hidden()  # nothing to copy yet

    set_range(page, "Mo", 0, "8h30", "12h")
    set_range(page, "Mo", 1, "13:30", "17:00")
    offer = page.get_by_role("group", name="Recopier les horaires du lundi sur :")
    for day in ("Mardi", "Mercredi", "Jeudi", "Vendredi"):
        expect(offer.get_by_label(day)).to_be_checked()
    for day in ("Samedi", "Dimanche"):
        expect(offer.get_by_label(day)).not_to_be_checked()
    copy.click()
    expect(page.locator("[data-reading] li")).to_have_text(
        [
            "Lundi, mardi, mercredi, jeudi, vendredi\u00a0: 8 h 30 – 12 h, 13 h 30 – 17 h",
            "Samedi, dimanche\u00a0: fermé",
        ]
    )
    expect(page.locator("#id_opening_hours-Tu-1-start")).to_have_value("13:30")

    publish(page)
    expect(page.get_by_text("a été publiée")).to_be_visible()
    venue = VenuePage.objects.get(pk=venue.pk)
    assert venue.opening_hours == "Mo-Fr 08:30-12:00,13:30-17:00"

    with time_machine.travel(A_WEEK_WITHOUT_HOLIDAYS, tick=True):
        page.goto(f"{live_server.url}{venue.url}")
    tuesday = page.locator("table.hours").get_by_role("row", name=re.compile("^mardi"))
    expect(tuesday).to_contain_text("8 h 30 – 12 h")
    expect(tuesday).to_contain_text("13 h 30 – 17 h")
