"""The city's identity, set in « Réglages du portail »: its name in sentences, logo, colours,
publisher, e-mail sender and social links, as residents, partners and printers see them."""

import io
import re
from email import message_from_bytes, policy
from html import unescape

import pytest
import segno
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from actualites.newsletter.subscriptions import subscribe
from guide.models.guide_scope import GuideOptions
from guide.pdf.guide import render_guide
from portal.contrast import contrast_ratio
from portal.models import PortalSettings

SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#00528a"/></svg>'
)


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def identity(site):
    return PortalSettings.for_site(site)


def settings_url(site):
    return f"/admin/settings/portal/portalsettings/{site.pk}/"


def form_data(**changes):
    """What the settings form posts, the Ville de Metz's by default."""
    values = {
        "city_name": "Ville de Metz",
        "city_article": "la",
        "logo": "",
        "logo_alt": "",
        "primary_colour": "#00528a",
        "secondary_colour": "#6a1b4d",
        "publisher_name": "",
        "postal_address": "",
        "contact_email": "",
        "contact_phone": "",
        "opening_hours": "",
        "social_links": streamfield([]),
        "sender_name": "",
        "sender_email": "",
        "map_tile_url": "",
        **changes,
    }
    return nested_form_data(values)


def page_text(response):
    return unescape(response.content.decode())


# The name in sentences


@pytest.mark.parametrize(
    ("name", "article", "with_article", "of_city", "to_city"),
    [
        ("Ville de Metz", "la", "la Ville de Metz", "de la Ville de Metz", "à la Ville de Metz"),
        (
            "Eurométropole de Metz",
            "l'",
            "l'Eurométropole de Metz",
            "de l'Eurométropole de Metz",
            "à l'Eurométropole de Metz",
        ),
        (
            "Département de la Meuse",
            "le",
            "le Département de la Meuse",
            "du Département de la Meuse",
            "au Département de la Meuse",
        ),
        (
            "Sables-d'Olonne",
            "les",
            "les Sables-d'Olonne",
            "des Sables-d'Olonne",
            "aux Sables-d'Olonne",
        ),
        ("Metz", "sans", "Metz", "de Metz", "à Metz"),
        ("Orléans", "sans", "Orléans", "d'Orléans", "à Orléans"),
    ],
)
def test_the_name_takes_its_article_after_de_and_a(name, article, with_article, of_city, to_city):
    identity = PortalSettings(city_name=name, city_article=article)
    assert (identity.city_with_article, identity.of_city, identity.to_city) == (
        with_article,
        of_city,
        to_city,
    )


def test_other_languages_get_the_bare_name_for_their_own_words():
    identity = PortalSettings(city_name="Département de la Meuse", city_article="le")
    with translation.override("en"):
        assert identity.of_city == identity.to_city == "Département de la Meuse"


def test_a_fresh_site_names_no_city():
    identity = PortalSettings()
    assert identity.city_name == ""
    assert identity.city_with_article == identity.of_city == identity.to_city == ""


def test_a_site_without_a_name_has_titles_without_a_dash(client, identity):
    identity.city_name = ""
    identity.save()
    html = client.get("/").content.decode()
    assert "<title>Accueil</title>" in html
    assert '<meta property="og:site_name" content="Le numérique pour tous">' in html


def test_the_accessibility_statement_starts_with_the_city_and_its_article(client, identity):
    from portal.models import AccessibilityStatementPage

    identity.city_name, identity.city_article = "Eurométropole de Metz", "l'"
    identity.save()
    page = AccessibilityStatementPage(
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        organisation="Eurométropole de Metz",
        statement_date="2026-11-01",
        contact_email="accessibilite@example.org",
    )
    identity.site.root_page.add_child(instance=page)
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "L&#x27;Eurométropole de Metz s’engage à rendre ce site accessible" in html


# Colours


def test_a_colour_below_aa_is_refused_with_its_ratio_and_the_form_keeps_it(
    editor_client, site, identity
):
    response = editor_client.post(
        settings_url(site), form_data(primary_colour="#ffcc00", city_name="Ville de Nancy")
    )
    assert response.status_code == 200
    text = page_text(response)
    assert (
        "Le texte blanc sur cette couleur n'a qu'un contraste de 1,5:1\u00a0; il faut au moins "
        "4,5:1 (RGAA, critère 3.2). Choisissez une couleur plus foncée."
    ) in text
    assert 'value="#ffcc00"' in text and 'value="Ville de Nancy"' in text
    identity.refresh_from_db()
    assert identity.city_name == "Ville de Metz" and identity.primary_colour == "#00528a"


def test_the_ratio_shown_is_cut_never_rounded_up_to_the_minimum(editor_client, site):
    # White on #777777 is 4.478:1: "4,4", not a "4,5" that the same message says is enough.
    assert 4.45 < contrast_ratio("#ffffff", "#777777") < 4.5
    response = editor_client.post(settings_url(site), form_data(secondary_colour="#777777"))
    assert "n'a qu'un contraste de 4,4:1" in page_text(response)
    assert (
        editor_client.post(settings_url(site), form_data(secondary_colour="#767676")).status_code
        == 302
    )


def test_a_valid_colour_themes_every_page(editor_client, client, site, identity):
    response = editor_client.post(settings_url(site), form_data(primary_colour="#6a1b4d"))
    assert response.status_code == 302
    identity.refresh_from_db()
    html = client.get("/").content.decode()
    link = re.search(r'<link rel="stylesheet" href="(/theme\.css\?v=(\w+))">', html)
    assert link and link[2] == identity.theme_version
    theme = client.get(link[1])
    assert theme["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in theme["Cache-Control"] and "max-age=31536000" in theme["Cache-Control"]
    assert theme.content.decode() == ":root { --accent: #6a1b4d; --accent-2: #6a1b4d; }\n"


def test_a_colour_saved_behind_the_forms_back_never_reaches_the_stylesheet(client, identity):
    PortalSettings.objects.filter(pk=identity.pk).update(primary_colour="red;}*{x:y")
    theme = client.get("/theme.css").content.decode()
    assert theme == ":root { --accent: #00528a; --accent-2: #00528a; }\n"
    assert "max-age=300" in client.get("/theme.css?v=old")["Cache-Control"]


# Logo, header and menu


def test_an_svg_logo_uploaded_in_the_admin_shows_in_the_header_with_its_alt_text(
    editor_client, client, site, identity
):
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile("logo.svg", SVG_LOGO, "image/svg+xml")},
    )
    assert response.status_code == 302, page_text(response)
    logo = get_image_model().objects.get(title="Logo")
    assert logo.is_svg()
    response = editor_client.post(
        settings_url(site), form_data(logo=logo.pk, logo_alt="Ville de Metz, blason")
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S)[0]
    image = re.search(r"<img [^>]+>", header)[0]
    assert 'alt="Ville de Metz, blason"' in image
    assert re.search(r'src="/media/images/logo[^"]*\.svg"', image)
    assert '<span class="brand-name">Le numérique pour tous</span>' in header


def test_without_a_logo_the_header_names_the_city_and_folds_its_menu(client, identity):
    html = client.get("/").content.decode()
    header = re.search(r'<header class="site-header">.*?</header>', html, re.S)[0]
    assert '<span class="brand-city">Ville de Metz</span>' in header
    assert "<img" not in header
    assert re.search(r'<details class="menu">\s*<summary>Menu</summary>', header)


def test_the_logo_is_the_sites_icon_and_touch_icon(client, identity):
    identity.logo = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    identity.logo_alt = "Ville de Metz"
    identity.save()
    head = client.get("/").content.decode().split("</head>")[0]
    icon = re.search(r'<link rel="icon" href="(/media/images/[^"]+\.png)">', head)[1]
    assert f'<link rel="apple-touch-icon" href="{icon}">' in head


def test_without_a_logo_the_icon_is_the_default_one_and_favicon_ico_leads_to_it(client, identity):
    icon = f"/icon.svg?v={identity.theme_version}"
    head = client.get("/").content.decode().split("</head>")[0]
    assert f'<link rel="icon" href="{icon}" type="image/svg+xml">' in head
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain == [(icon, 302)]
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"


def test_the_default_icon_wears_the_citys_colour_and_is_cached_by_theme_version(client, identity):
    identity.primary_colour = "#7a1f5c"
    identity.save()
    response = client.get(f"/icon.svg?v={identity.theme_version}")
    svg = response.content.decode()
    assert svg.startswith("<svg") and 'fill="#7a1f5c"' in svg and "#00528a" not in svg
    assert "immutable" in response["Cache-Control"]
    assert "max-age=300" in client.get("/icon.svg?v=old")["Cache-Control"]
    head = client.get("/").content.decode().split("</head>")[0]
    assert f'href="/icon.svg?v={identity.theme_version}"' in head


def test_a_logo_needs_its_alt_text(editor_client, site):
    logo = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    response = editor_client.post(settings_url(site), form_data(logo=logo.pk))
    assert response.status_code == 200
    assert "Donnez le texte alternatif du logo\u00a0: ce qu'il écrit." in page_text(response)


# Social links


def test_social_links_are_web_addresses_only(editor_client, site, identity):
    links = [
        ("link", {"network": "mastodon", "url": "https://mastodon.example/@metz"}),
        ("link", {"network": "facebook", "url": "ftp://example.org/metz"}),
    ]
    response = editor_client.post(settings_url(site), form_data(social_links=streamfield(links)))
    assert response.status_code == 200
    identity.refresh_from_db()
    assert identity.social_link_list == []
    response = editor_client.post(
        settings_url(site), form_data(social_links=streamfield(links[:1]))
    )
    assert response.status_code == 302
    identity.refresh_from_db()
    assert identity.social_link_list == [("Mastodon", "https://mastodon.example/@metz")]


# E-mails


def test_emails_come_from_the_city_with_its_display_name_and_signature(identity):
    identity.sender_name = "Ville de Metz — Le numérique pour tous"
    identity.sender_email = "numerique@metz.example"
    identity.postal_address = "Hôtel de ville\n1 place d'Armes\n57000 Metz"
    identity.save()
    subscribe("lea@example.org", "fr")
    (message,) = mail.outbox
    assert message.from_email == "Ville de Metz — Le numérique pour tous <numerique@metz.example>"
    header = message_from_bytes(message.message().as_bytes(), policy=policy.default)["From"]
    assert str(header) == "Ville de Metz — Le numérique pour tous <numerique@metz.example>"
    assert message.body.endswith(
        "Le numérique pour tous — Ville de Metz\nHôtel de ville\n1 place d'Armes\n57000 Metz\n"
        "http://testserver/\n"
    )


def test_without_a_sender_emails_come_from_the_city_at_the_servers_address(identity, settings):
    settings.DEFAULT_FROM_EMAIL = "ne-pas-repondre@metz.example"
    subscribe("lea@example.org", "fr")
    assert mail.outbox[0].from_email == "Ville de Metz <ne-pas-repondre@metz.example>"


# The printed guide


def test_guide_cover_names_the_city_with_its_article_and_back_cover_gives_the_site(
    make_venue, identity, monkeypatch
):
    make_venue(title="Centre social Pioche", code="S1", services={"demarches": (3, [])})
    encoded = []
    make = segno.make
    monkeypatch.setattr(
        segno, "make", lambda content, *a, **k: encoded.append(content) or make(content, *a, **k)
    )
    reader = PdfReader(io.BytesIO(render_guide(GuideOptions(year=2026))))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert "Les lieux-ressources de la Ville de Metz pour l'inclusion numérique" in pages[0]
    assert not any("de Ville de Metz" in text for text in pages)
    back = pages[-1]
    assert "Guide édité par la Ville de Metz" in back
    assert "testserver" in back
    assert encoded == ["http://testserver/"]
    assert reader.metadata.author == "Ville de Metz"


def test_orientation_sheet_prints_the_logo_and_names_the_publisher(client, make_venue, identity):
    identity.logo = get_image_model().objects.create(title="Logo", file=get_test_image_file())
    identity.logo_alt = "Ville de Metz"
    identity.publisher_name = "Ville de Metz, pôle cohésion sociale"
    identity.save()
    venue = make_venue(title="Centre social Pioche")
    reader = PdfReader(io.BytesIO(client.get(venue.url + "fiche.pdf").content))
    assert len(reader.pages) == 1
    assert len(reader.pages[0].images) == 1
    assert reader.metadata.author == "Ville de Metz, pôle cohésion sociale"
