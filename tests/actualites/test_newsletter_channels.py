"""Every channel of one issue: e-mail, magazine page, social posts, previews and exports."""

import io
import re
import time
from html import unescape

import pytest
import segno
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from actualites.channels.email import IssueEmail
from actualites.channels.magazine import render_pdf, render_text
from actualites.channels.social import SHORT_LIMIT, social_posts
from actualites.newsletter.export import export_issue

from ..portal.test_production import policy
from .letter_fixtures import *  # noqa: F403
from .letter_fixtures import EDITORIAL

pytestmark = pytest.mark.django_db
UNSUBSCRIBE = "http://testserver/lettre/desabonnement/abc?x=1&y=2"


def sent_message(issue):
    IssueEmail(issue).message("ada@example.org", UNSUBSCRIBE).send()
    return mail.outbox[-1]


def test_email_has_both_parts_and_unsubscribe_headers(full_issue):
    message = sent_message(full_issue)
    assert message.subject == "La lettre de janvier"
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{UNSUBSCRIBE}>, <mailto:")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "x=1&amp;y=2" in html
    assert UNSUBSCRIBE in message.body


def test_email_html_is_inlined_and_points_to_the_site_only(full_issue):
    html = sent_message(full_issue).alternatives[0][0]
    assert '<link rel="stylesheet"' not in html and "<link " not in html
    assert re.search(r'<td[^>]+style="[^"]*padding', html)
    assert 'class="container"' in html and "max-width: 600px" in html
    for url in re.findall(r'href="([^"]+)"', html):
        assert url.startswith(("http://", "https://", "mailto:")), url
    sources = re.findall(r'src="([^"]+)"', html)
    assert sources and all(src.startswith("http://testserver/") for src in sources)
    assert "Voir en ligne" in html and 'href="http://testserver/lettre/numero-4/"' in html
    assert "Jeudi 14 janvier 2027, de 14\u00a0h à 16\u00a0h" in unescape(html)


def test_email_text_reads_well(full_issue):
    text = sent_message(full_issue).body
    assert "<" not in text.replace("<http", "")
    assert EDITORIAL in text
    assert "* Atelier smartphone\n  Jeudi 14 janvier 2027, de 14\u00a0h à 16\u00a0h" in text
    assert "Activez le point d'accès dans les réglages." in text
    assert "Le pas-à-pas\u00a0: https://www.example.org/partage" in text
    assert "http://testserver/lettre/numero-4/" in text
    assert "\n\n\n" not in text


def test_ten_thousand_messages_are_built_in_seconds(full_issue):
    email = IssueEmail(full_issue)
    started = time.perf_counter()
    for number in range(10_000):
        email.message(f"abonne{number}@example.org", f"{UNSUBSCRIBE}{number}")
    assert time.perf_counter() - started < 5


def test_magazine_pdf_is_one_page_with_the_editorial_and_embedded_fonts(full_issue):
    reader = PdfReader(io.BytesIO(render_pdf(full_issue)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Bienvenue dans ce numéro" in text
    assert "janvier-février 2027" in text
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
    assert [float(side) for side in page.mediabox[2:]] == pytest.approx([595.28, 841.89], abs=1)


def test_email_comes_from_the_city_and_magazine_names_it_with_a_qr_code(full_issue, monkeypatch):
    assert sent_message(full_issue).from_email == "Ville de Metz <ne-pas-repondre@example.org>"
    encoded = []
    make = segno.make
    monkeypatch.setattr(
        segno, "make", lambda content, *a, **k: encoded.append(content) or make(content, *a, **k)
    )
    text = " ".join(PdfReader(io.BytesIO(render_pdf(full_issue))).pages[0].extract_text().split())
    assert "Une publication de la Ville de Metz." in text
    assert encoded == ["http://testserver/lettre/numero-4/"]


def test_magazine_stays_on_one_page_with_long_texts(full_issue):
    long_text = "<p>" + "Un texte très long pour remplir la page. " * 300 + "</p>"
    full_issue.editorial = long_text
    reader = PdfReader(io.BytesIO(render_pdf(full_issue)))
    assert len(reader.pages) == 1


def test_magazine_text_has_no_markup_and_writes_out_dates_and_addresses(full_issue):
    text = render_text(full_issue)
    assert "<" not in text and "&" not in text
    assert text.startswith("LA LETTRE DE JANVIER\n")
    assert "Jeudi 14 janvier 2027, de 14\u00a0h à 16\u00a0h" in text
    assert "Médiathèque du Pontiffroy, 1 cours Saint-Vincent, 57000 Metz" in text
    assert "Centre social Le Lierre\n2 rue du Lierre, 57050 Metz" in text


def test_social_posts(full_issue):
    posts = social_posts(full_issue)
    assert len(posts.short) <= SHORT_LIMIT
    assert posts.short.endswith("http://testserver/lettre/numero-4/")
    assert "n° 4 — janvier-février 2027" in posts.short
    assert "#NumériquePourTous" in posts.long
    assert "• Atelier smartphone (jeudi 14 janvier 2027, de 14\u00a0h à 16\u00a0h)" in posts.long


def test_short_post_fits_with_long_titles(full_issue, make_news):
    from .letter_fixtures import chooser

    news = [make_news("Très long titre d'actualité " * 8, "2026-12-01") for _n in range(3)]
    full_issue.content = [chooser("news", "Actualités", news)]
    posts = social_posts(full_issue)
    assert len(posts.short) <= SHORT_LIMIT
    assert posts.short.endswith(" http://testserver/lettre/numero-4/")


@pytest.mark.parametrize(
    "format_name",
    ["web", "email-html", "email-text", "magazine-pdf", "magazine-text", "social"],
)
def test_export_command_writes_each_format(full_issue, tmp_path, format_name):
    output = tmp_path / "lettre.out"
    arguments = ["--number=4", f"--format={format_name}", f"--output={output}"]
    call_command("newsletter_export", *arguments, stderr=io.StringIO())
    content = output.read_bytes()
    if format_name == "magazine-pdf":
        assert content.startswith(b"%PDF")
    else:
        assert "janvier-février 2027" in content.decode()


def test_export_command_writes_text_to_stdout(full_issue):
    out = io.StringIO()
    call_command("newsletter_export", "--number=4", "--format=social", "--output=-", stdout=out)
    assert "Message court" in out.getvalue()


def test_export_command_unknown_number_is_explained_in_french(full_issue):
    with pytest.raises(CommandError, match="Aucun numéro 99 de la lettre"):
        call_command("newsletter_export", "--number=99", "--format=web", "--output=-")


def test_exported_web_page_is_the_issue_page(full_issue):
    assert "Atelier smartphone" in export_issue(full_issue, "web")


@pytest.mark.parametrize(
    ("mode", "content_type", "expected"),
    [
        ("web", "text/html", "Atelier smartphone"),
        ("email-html", "text/html", "Voir en ligne"),
        ("email-text", "text/plain", "Voir en ligne\u00a0:"),
        ("magazine-pdf", "application/pdf", None),
        ("magazine-text", "text/plain", "LE LIEU À LA UNE"),
        ("social", "text/plain", "Message court"),
    ],
)
def test_preview_modes_render_in_the_admin(editor_client, full_issue, mode, content_type, expected):
    preview_url = f"/admin/pages/{full_issue.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "La lettre de janvier",
            "slug": "numero-4",
            "number": 4,
            "period_start": "2027-01-01",
            "editorial": rich_text(EDITORIAL),
            "social_hashtags": "#NumériquePourTous",
            "content": streamfield(
                [("text", {"heading": "Atelier smartphone", "text": rich_text("LE LIEU À LA UNE")})]
            ),
            "comments": inline_formset([]),
        }
    )
    assert editor_client.post(preview_url, form).json()["is_valid"]
    response = editor_client.get(preview_url, {"mode": mode})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    if expected:
        assert expected in response.content.decode()
    assert "n° 4 — janvier-février 2027" in preview_text(response)  # the issue, in every channel
    directives = policy(response)
    assert directives["frame-ancestors"] == "'self'"  # shown in the editor's side panel
    # The e-mail's styles are inline, as mail clients need: its preview lets them apply.
    inline = "'self' 'unsafe-inline'" if mode == "email-html" else "'self'"
    assert directives["style-src"] == inline


def preview_text(response):
    if response["Content-Type"] == "application/pdf":
        return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    return response.content.decode()


def test_admin_downloads_each_channel(editor_client, full_issue):
    response = editor_client.get(f"/admin/lettre/numero/{full_issue.pk}/magazine-pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="lettre-4-magazine')
    assert response.content.startswith(b"%PDF")
    edit = editor_client.get(f"/admin/pages/{full_issue.pk}/edit/").content.decode()
    assert f"/admin/lettre/numero/{full_issue.pk}/email-html/" in edit


def test_downloads_need_the_right_to_edit(client, django_user_model, full_issue):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("lecteur", "l@example.org", "motdepasse")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(f"/admin/lettre/numero/{full_issue.pk}/email-html/")
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert (response.status_code, response.get("Location")) == (302, "/admin/")
