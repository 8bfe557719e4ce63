"""The optional "En bref, facile à lire" text: shown first on the web and printed on the sheet."""

import io

from pypdf import PdfReader

EASY_READ = (
    "Ici, on vous aide à utiliser internet.\nC'est gratuit.\nVenez sans rendez-vous le mardi."
)


def test_venue_page_shows_the_easy_read_text_before_the_presentation(client, make_venue):
    venue = make_venue(easy_read=EASY_READ, presentation="<p>Présentation détaillée.</p>")
    html = client.get(venue.url).content.decode()
    assert "En bref, facile à lire" in html
    assert html.index("C&#x27;est gratuit.") < html.index("Présentation détaillée.")
    assert "<p>Ici, on vous aide à utiliser internet.<br>C&#x27;est gratuit." in html


def test_without_easy_read_text_nothing_is_shown(client, make_venue):
    venue = make_venue()
    assert "En bref, facile à lire" not in client.get(venue.url).content.decode()


def test_easy_read_text_is_escaped(client, make_venue):
    venue = make_venue(easy_read="<script>alert(1)</script>")
    html = client.get(venue.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_orientation_sheet_prints_the_easy_read_text(client, make_venue):
    venue = make_venue(easy_read=EASY_READ)
    response = client.get(venue.url + "fiche.pdf")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "En bref : Ici, on vous aide à utiliser internet." in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1


def test_need_page_shows_the_easy_read_text(client, home_page):
    from guide.models import NeedPage, NeedTreePage, ThemePage

    tree = home_page.add_child(instance=NeedTreePage(title="Qui fait quoi ?", slug="qfq"))
    theme = tree.add_child(instance=ThemePage(title="Démarches", slug="demarches"))
    need = theme.add_child(
        instance=NeedPage(title="Faire ma demande de RSA", slug="rsa", easy_read=EASY_READ)
    )
    html = client.get(need.url).content.decode()
    assert html.index("En bref, facile à lire") < html.index("Voir les lieux")
