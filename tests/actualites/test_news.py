"""What a resident sees on /actualites/ and on a news page; an editor's news through the admin."""

import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from actualites.models import NewsPage, Topic


def text(response):
    return response.content.decode().replace("&#x27;", "'")


def titles(response):
    return re.findall(r'class="news-card-title"><a href="[^"]+">([^<]+)</a>', text(response))


@pytest.fixture
def image(db):
    return Image.objects.create(title="Atelier", file=get_test_image_file(size=(1200, 800)))


def test_index_lists_news_newest_first_with_date_and_summary(client, make_news):
    make_news(title="Ancienne", date=date(2026, 11, 3))
    make_news(title="Récente", date=date(2027, 1, 12), summary="Un nouvel atelier au Sablon.")
    response = client.get("/actualites/")
    assert response.status_code == 200
    assert titles(response) == ["Récente", "Ancienne"]
    html = text(response)
    assert '<time datetime="2027-01-12">12 janvier 2027</time>' in html
    assert "Un nouvel atelier au Sablon." in html


def test_unpublished_news_is_not_listed(client, make_news):
    draft = make_news(title="Brouillon")
    draft.unpublish()
    make_news(title="Publiée")
    assert titles(client.get("/actualites/")) == ["Publiée"]


def test_index_is_paginated_by_ten_and_links_keep_the_theme(client, make_news, topics):
    for day in range(1, 13):
        make_news(title=f"Atelier du {day}", date=date(2027, 1, day), topics=[topics["ateliers"]])
    make_news(title="Autre sujet", date=date(2027, 1, 20), topics=[topics["demarches"]])
    first = client.get("/actualites/?theme=ateliers")
    assert len(titles(first)) == 10
    assert "Autre sujet" not in titles(first)
    assert 'href="?theme=ateliers&amp;page=2"' in text(first)
    second = client.get("/actualites/?theme=ateliers&page=2")
    assert titles(second) == ["Atelier du 2", "Atelier du 1"]


def test_unknown_theme_is_ignored_with_a_note(client, make_news, topics):
    make_news(title="Visible", topics=[topics["ateliers"]])
    response = client.get("/actualites/?theme=inconnu")
    assert titles(response) == ["Visible"]
    assert (
        "Le thème «\u00a0inconnu\u00a0» n'existe pas\u00a0: toutes les actualités sont affichées."
        in text(response)
    )


def test_card_image_is_a_lazy_responsive_rendition(client, make_news, image):
    make_news(title="Illustrée", image=image)
    html = text(client.get("/actualites/"))
    picture = re.search(r"<picture>.*?</picture>", html, re.S)[0]
    assert 'type="image/avif"' in picture and 'type="image/webp"' in picture
    assert "srcset=" in picture and 'loading="lazy"' in picture
    assert re.search(r'<img[^>]+width="\d+"[^>]+height="\d+"', picture) or re.search(
        r'<img[^>]+height="\d+"[^>]+width="\d+"', picture
    )
    assert "//" not in re.sub(r'(srcset|src)="/[^"]*"', "", picture)


def test_an_svg_image_is_shown_as_svg_on_the_card_and_the_page(client, make_news):
    """SVG is allowed for the city's logo, hence for every image: never converted to raster."""
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
        b'<rect width="120" height="60"/></svg>'
    )
    image = Image.objects.create(
        title="Schéma", file=ContentFile(svg, name="schema.svg"), width=120, height=60
    )
    news = make_news(title="Illustrée en SVG", image=image)
    for url in ("/actualites/", news.url):
        response = client.get(url)
        assert response.status_code == 200
        picture = re.search(r"<picture>.*?</picture>", text(response), re.S)[0]
        assert re.search(r'src="/media/images/schema[^"]*\.svg"', picture)
        assert "image/avif" not in picture


def test_index_queries_stay_bounded_as_news_grow(
    client, make_news, topics, image, django_assert_max_num_queries, no_page_cache
):
    for _ in range(3):
        make_news(image=image, topics=[topics["ateliers"]])
    client.get("/actualites/")  # renditions are created on the first view
    with django_assert_max_num_queries(16) as few:
        client.get("/actualites/")
    few_news_queries = len(few)  # the next request empties the query log
    for _ in range(9):
        make_news(image=image, topics=list(topics.values()))
    client.get("/actualites/")
    with django_assert_max_num_queries(few_news_queries):
        client.get("/actualites/")


def test_index_announces_its_feeds(client, news_index):
    html = text(client.get("/actualites/"))
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/actualites/rss/"' in html
    assert 'href="/actualites/atom/"' in html


def test_news_page_shows_date_summary_body_themes_and_venues(
    client, make_news, make_venue, topics, image, django_assert_max_num_queries, no_page_cache
):
    venue = make_venue(title="Médiathèque du Sablon")
    news = make_news(
        title="De nouveaux ateliers au Sablon",
        date=date(2027, 1, 12),
        summary="Chaque mardi, un atelier smartphone.",
        image=image,
        body=[("heading", "Pour qui ?"), ("paragraph", "<p>Pour les débutants.</p>")],
        topics=[topics["ateliers"]],
        venues=[venue],
    )
    client.get(news.url)
    with django_assert_max_num_queries(14):
        response = client.get(news.url)
    html = text(response)
    assert "<h1>De nouveaux ateliers au Sablon</h1>" in html
    assert "12 janvier 2027" in html
    assert "Chaque mardi, un atelier smartphone." in html
    assert "Pour les débutants." in html
    assert '<a href="/actualites/?theme=ateliers">Ateliers</a>' in html
    assert f'<a href="{venue.url}">Médiathèque du Sablon</a>' in html
    assert "<picture>" in html


def test_menu_links_to_news(client, news_index):
    assert '<a href="/actualites/" aria-current="page">Actualités</a>' in text(
        client.get("/actualites/")
    )


def test_editor_creates_a_news_page_in_the_admin(editor_client, news_index, topics):
    url = f"/admin/pages/add/actualites/newspage/{news_index.pk}/"
    form = {
        "title": "Forfaits à petit prix",
        "slug": "forfaits-petit-prix",
        "date": "2027-01-15",
        "summary": "",
        "body-count": "0",
        "topics-TOTAL_FORMS": "1",
        "topics-INITIAL_FORMS": "0",
        "topics-MIN_NUM_FORMS": "0",
        "topics-MAX_NUM_FORMS": "1000",
        "topics-0-topic": str(topics["demarches"].pk),
        "topics-0-ORDER": "1",
        "venues-TOTAL_FORMS": "0",
        "venues-INITIAL_FORMS": "0",
        "venues-MIN_NUM_FORMS": "0",
        "venues-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    refused = editor_client.post(url, form)
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"summary": ["Champ requis."]}
    assert not NewsPage.objects.exists()

    form["summary"] = "Des offres sociales à moins de 10 € par mois."
    response = editor_client.post(url, form)
    assert response.status_code == 302
    news = NewsPage.objects.get()
    assert news.live
    assert [link.topic for link in news.topics.all()] == [topics["demarches"]]


def test_editor_lists_and_adds_topics_in_the_admin(editor_client, topics):
    listing = editor_client.get("/admin/snippets/actualites/topic/?q=Ateli")
    assert listing.status_code == 200
    assert "Ateliers" in text(listing)
    response = editor_client.post(
        "/admin/snippets/actualites/topic/add/", {"name": "Équipement", "slug": "equipement"}
    )
    assert response.status_code == 302
    assert Topic.objects.filter(slug="equipement").exists()
