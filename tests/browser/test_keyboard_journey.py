"""Keyboard only and without JavaScript, in French and in Arabic: from a need to a venue to its
orientation sheet, every focus visible."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from demo.locales import ensure_locales, synchronise_trees

from .test_need_journey import MONDAY_10AM

MAX_TABS = 60


def tab_to(page, predicate_js):
    """Press Tab until the focused element satisfies ``predicate_js``; fail after MAX_TABS."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            assert_focus_visible(page)
            return
    pytest.fail(f"Introuvable au clavier : {predicate_js}")


def assert_focus_visible(page):
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none" and outline[1] >= 2, f"Focus invisible : {outline}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_need_to_venue_to_sheet_with_the_keyboard_only(browser, live_server, caf_need, language):
    prefix = ""
    if language != "fr":
        ensure_locales()
        synchronise_trees()
        prefix = f"/{language}"
    context = browser.new_context(
        viewport={"width": 1024, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    with time_machine.travel(MONDAY_10AM, tick=True):
        page.goto(live_server.url + prefix + caf_need.url)
        assert page.evaluate("document.documentElement.lang") == language
        tab_to(page, "el.name === 'cp'")
        page.keyboard.type("57070")
        tab_to(page, "el.type === 'submit'")
        page.keyboard.press("Enter")
        page.wait_for_url("**cp=57070**")
        tab_to(page, "el.textContent.includes('Centre social Pioche')")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{prefix}/lieux/centre-social-*/")
        assert page.get_by_role("heading", level=1).inner_text().endswith("Centre social Pioche")
        tab_to(page, "(el.getAttribute('href') || '').includes('fiche.pdf')")
        with page.expect_response(lambda response: "fiche.pdf" in response.url) as sheet:
            page.keyboard.press("Enter")
        assert sheet.value.status == 200
        assert sheet.value.headers["content-type"] == "application/pdf"
        # The browser shows the PDF in its viewer; the same address is read back here.
        reader = PdfReader(io.BytesIO(context.request.get(sheet.value.url).body()))
    assert len(reader.pages) == 1
    assert "Centre social Pioche" in reader.pages[0].extract_text()
    context.close()
