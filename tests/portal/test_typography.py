"""French typography: the non-breaking spaces of ``typo`` and of the ``typo`` filter."""

import re
from datetime import datetime, time

import pytest
import time_machine
from django.conf import settings
from django.template import engines
from django.utils import translation
from django.utils.safestring import mark_safe

from guide.hours import PARIS
from portal.typography import NARROW_NBSP, NBSP, one_line, time_of_day, typo


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Horaires : 9 h", f"Horaires{NBSP}: 9{NBSP}h"),
        ("Ouvert ?", f"Ouvert{NARROW_NBSP}?"),
        ("Bienvenue !", f"Bienvenue{NARROW_NBSP}!"),
        ("sur place ; par téléphone", f"sur place{NARROW_NBSP}; par téléphone"),
        ("« Aidants Connect »", f"«{NBSP}Aidants Connect{NBSP}»"),
        ("9 h – 12 h, 13 h 30 – 17 h", f"9{NBSP}h – 12{NBSP}h, 13{NBSP}h{NBSP}30 – 17{NBSP}h"),
        ("18 h", f"18{NBSP}h"),
        ("à 5 km", f"à 5{NBSP}km"),
        ("280 caractères", f"280{NBSP}caractères"),
        ("10 €", f"10{NBSP}€"),
        ("03 87 12 34 56", NBSP.join(["03", "87", "12", "34", "56"])),
        ("2 000 lieux", f"2{NBSP}000{NBSP}lieux"),
    ],
)
def test_each_rule_puts_the_expected_non_breaking_space(text, expected):
    assert typo(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://acaqb.fr/le-lac?page=2&q=caf",
        "ca.bordeauxlac@acaqb.fr",
        "Mo-Fr 09:00-12:00,13:30-17:00",
        "09:30",
        "Note: written in English!",
        "mailto:a@b.fr",
    ],
)
def test_addresses_times_and_text_without_spaces_are_untouched(text):
    assert typo(text) == text


def test_no_space_is_added_and_line_breaks_are_kept():
    assert typo("Lundi\n: fermé") == "Lundi\n: fermé"
    assert typo("Bonjour!") == "Bonjour!"


def test_one_line_keeps_the_non_breaking_spaces():
    assert one_line(f"\n  Erreur{NBSP}:\n\tDéclarer un lieu  ") == f"Erreur{NBSP}: Déclarer un lieu"


def test_idempotent_and_never_doubles_a_space():
    text = "« Où ? » Horaires  : 13 h 30, 5 km ; 03 87 12 34 56 !"
    once = typo(text)
    assert typo(once) == once
    assert NBSP * 2 not in once
    assert f"{NBSP}{NARROW_NBSP}" not in once
    assert "  " not in once


def test_already_non_breaking_spaces_are_normalised_to_the_convention():
    assert typo(f"Ouvert{NBSP}?") == f"Ouvert{NARROW_NBSP}?"
    assert typo(f"Horaires{NARROW_NBSP}:") == f"Horaires{NBSP}:"


def test_times_of_day_never_break_in_any_language():
    assert time_of_day(time(13, 30)) == f"13{NBSP}h{NBSP}30"
    assert time_of_day(time(18, 0)) == f"18{NBSP}h"


def test_a_time_is_written_in_each_visitor_s_language():
    """Times are written once per language (a list repeats them): never in the last one's."""
    with translation.override("fr"):
        assert time_of_day(time(18, 0)) == f"18{NBSP}h"
    with translation.override("en"):
        assert time_of_day(time(18, 0)) == "18:00"
    with translation.override("fr"):
        assert time_of_day(time(18, 0)) == f"18{NBSP}h"


def _render(source, **context):
    return engines["django"].from_string("{% load typography %}" + source).render(context)


def test_filter_escapes_what_is_not_safe():
    html = _render("{{ text|typo }}", text='<script>alert("x")</script> : 5 km')
    assert html == f"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;{NBSP}: 5{NBSP}km"


def test_filter_keeps_safe_html_safe_and_unescaped():
    html = _render("{{ text|typo }}", text=mark_safe("<em>Ouvert</em> ?"))
    assert html == f"<em>Ouvert</em>{NARROW_NBSP}?"


def test_filter_respects_autoescape_off_and_accepts_numbers():
    assert _render("{% autoescape off %}{{ text|typo }}{% endautoescape %}", text="<b> !") == (
        f"<b>{NARROW_NBSP}!"
    )
    assert _render("{{ n|typo }}", n=42) == "42"


MONDAY_1PM = datetime(2026, 11, 23, 13, 0, tzinfo=PARIS)


@time_machine.travel(MONDAY_1PM, tick=False)
def test_venue_page_keeps_times_and_phone_number_whole(client, make_venue):
    venue = make_venue(phone="03 87 12 34 56")
    html = client.get(venue.url).content.decode()
    assert f"Ouvre à 13{NBSP}h{NBSP}30" in html
    assert f"9{NBSP}h – 12{NBSP}h, 13{NBSP}h{NBSP}30 – 17{NBSP}h" in html
    assert f">03{NBSP}87{NBSP}12{NBSP}34{NBSP}56</a>" in html
    assert 'href="tel:0387123456"' in html
    assert "13 h 30" not in html


@pytest.mark.parametrize(("query", "count"), [("?q=introuvable", "0 lieu"), ("", "1 lieu")])
def test_a_list_counts_places_with_french_plurals(client, venue_index, make_venue, query, count):
    make_venue()
    html = client.get(venue_index.url + query).content.decode()
    assert re.search(r'class="result-count"[^>]*>(\d+)\u00a0(lieux?)\b', html).group(1, 2) == tuple(
        count.split()
    )


def test_the_letter_s_email_field_is_styled(client, home_page):
    html = client.get("/lettre/abonnement/").content.decode()
    assert re.search(r'<input type="email" class="input"', html)
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    rule = css[css.index(".input,") : css.index("}", css.index(".input,"))]
    assert "min-block-size: max(2.75rem, 44px)" in rule and "font-size: max(1em, 16px)" in rule
