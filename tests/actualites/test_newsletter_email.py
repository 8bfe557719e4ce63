"""The newsletter e-mail as clients show it: preview text, Outlook, webmails, dark mode, headers
and line limits of the messages sent."""

import re
from email import message_from_bytes, policy
from html import unescape

import pytest
from django.core import mail
from wagtail.models import Site

from actualites.channels.email import IssueEmail
from actualites.channels.mime import QP_MAX_LINE
from actualites.channels.text import PREHEADER_MAX, PREHEADER_MIN
from actualites.newsletter import send as sending
from portal.models import PortalSettings

from .letter_fixtures import *  # noqa: F403
from .letter_fixtures import EDITORIAL
from .send_fixtures import make_subscribers

pytestmark = pytest.mark.django_db
SMTP_MAX_LINE = 998
LONG_HOST = "numerique." + "quartiers-de-la-ville." * 4 + "de-metz.example.fr"
LONG_EDITORIAL = (
    "Ce numéro parle des démarches en ligne, de la déclaration de revenus au renouvellement "
    "d'une carte d'identité, avec les lieux où l'on vous aide sans rendez-vous et les ateliers "
    "du printemps pour apprendre à utiliser un smartphone."
)


def html_of(issue):
    return IssueEmail(issue).html


def body_of(html):
    return html[html.index("<body") :]


def test_preheader_is_the_editorial_and_comes_first_in_the_body(full_issue):
    body = body_of(html_of(full_issue))

    first_element = re.search(r"<body[^>]*>\s*<(\w+)([^>]*)>([^<]*)<", body)
    assert first_element[1] == "div" and 'class="preheader"' in first_element[2]
    assert "display: none" in first_element[2] and "mso-hide: all" in first_element[2]
    shown = unescape(first_element[3]).replace("\u034f", "").replace("\u200c", "").strip()
    assert shown == f"{EDITORIAL} Bonne lecture !"


def test_a_long_editorial_gives_a_preheader_cut_at_a_word(full_issue):
    full_issue.editorial = f"<p>{LONG_EDITORIAL}</p>"

    body = body_of(html_of(full_issue))

    hidden = re.search(r'<div class="preheader"[^>]*>([^<]*)<', body)[1]
    preview = unescape(hidden).split("\u034f")[0]
    assert PREHEADER_MIN <= len(preview) <= PREHEADER_MAX
    assert preview.endswith("…")
    assert LONG_EDITORIAL.startswith(preview[:-1]) and LONG_EDITORIAL[len(preview) - 1] == " "


def test_outlook_holds_the_column_at_600_pixels(full_issue):
    html = html_of(full_issue)

    wrapper = re.search(
        r'<!--\[if mso\]><table [^>]*width="600"[^>]*><tr><td[^>]*><!\[endif\]-->', html
    )
    container = html.index('class="container"')
    assert wrapper and wrapper.end() < container
    assert html.index("<!--[if mso]></td></tr></table><![endif]-->") > container


def test_buttons_are_drawn_for_outlook_and_padded_for_the_others(full_issue):
    html = html_of(full_issue)

    drawn = re.search(
        r'<!--\[if mso\]><v:roundrect [^>]*href="https://www.example.org/partage"[^>]*>'
        r"<w:anchorlock/><center[^>]*>Le pas-à-pas</center></v:roundrect><!\[endif\]-->",
        html,
    )
    assert drawn
    others = re.search(
        r'<!--\[if !mso\]><!-->\s*<a class="button" href="https://www.example.org/partage" '
        r'style="([^"]*)">Le pas-à-pas</a>\s*<!--<!\[endif\]-->',
        html,
    )
    assert others and "padding: 12px 24px" in others[1]


def test_every_cell_carries_its_font_size_colour_and_line_height(full_issue):
    shown_to_all = re.sub(r"<!--.*?-->", "", body_of(html_of(full_issue)), flags=re.S)
    cells = re.findall(r"<td\b[^>]*>", shown_to_all)

    assert len(cells) > 10
    for cell in cells:
        style = re.search(r'style="([^"]*)"', cell)[1]
        for declaration in ("font-family:", "font-size:", "color:", "line-height:"):
            assert declaration in style, cell


def test_dark_mode_styles_for_media_queries_and_outlook_com(full_issue):
    html = html_of(full_issue)
    head = html[: html.index("<body")]

    assert '<meta name="color-scheme" content="light dark">' in head
    assert '<meta name="supported-color-schemes" content="light dark">' in head
    dark = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\}\s*\}", head, re.S)
    assert dark and "background: #1d2227 !important" in dark[1]
    assert "[data-ogsc] td" in head and "[data-ogsb] .container" in head


@pytest.fixture
def long_site_address(home_page):
    """The site on a long domain: each unsubscribe link is some 170 characters."""
    Site.objects.filter(is_default_site=True).update(hostname=LONG_HOST)


def sent_messages(issue):
    make_subscribers(3)
    send = sending.start_send(issue)
    sending.run_send(send.pk)
    assert len(mail.outbox) == 3
    return mail.outbox


def test_sent_messages_name_the_city_the_list_and_both_ways_to_unsubscribe(full_issue):
    settings = PortalSettings.objects.get()
    settings.contact_email = "numerique@metz.example.fr"
    settings.save()

    for sent in sent_messages(full_issue):
        message = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
        assert message["From"] == "Ville de Metz <ne-pas-repondre@example.org>"
        assert message["From"].addresses[0].display_name == "Ville de Metz"
        assert message["List-Id"] == "La lettre <lettre.testserver>"
        https, mailto = message["List-Unsubscribe"].split(", ")
        assert re.fullmatch(r"<http://testserver/lettre/desabonnement/[^>\s]+/>", https)
        assert mailto == "<mailto:numerique@metz.example.fr?subject=D%C3%A9sabonnement>"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert https[1:-1] in message.get_body(("plain",)).get_content()


def test_unsubscribing_by_mail_writes_to_the_sender_without_a_contact_address(full_issue):
    message = IssueEmail(full_issue).message("ada@example.org", "https://x.example/d/k/")

    mailto = message.extra_headers["List-Unsubscribe"].split(", ")[1]
    assert mailto.startswith("<mailto:ne-pas-repondre@example.org?subject=")


def test_lines_stay_within_limits_with_a_long_unsubscribe_link(full_issue, long_site_address):
    for sent in sent_messages(full_issue):
        assert len(sent.extra_headers["List-Unsubscribe"].split(", ")[0]) > 150
        for serialized in (sent.message().as_bytes(), sent.message(policy=policy.SMTP).as_bytes()):
            lines = serialized.splitlines()
            assert max(map(len, lines)) <= SMTP_MAX_LINE
            headers = re.sub(rb"\r?\n[ \t]", b" ", serialized.split(b"\n\n")[0].replace(b"\r", b""))
            assert f"List-Unsubscribe: <http://{LONG_HOST}/".encode() in headers  # not encoded
            message = message_from_bytes(serialized, policy=policy.default)
            for part in message.get_body(("plain",)), message.get_body(("html",)):
                assert part["Content-Transfer-Encoding"] == "quoted-printable"
                assert max(map(len, part.get_payload().splitlines())) <= QP_MAX_LINE
                assert LONG_HOST in part.get_content()
