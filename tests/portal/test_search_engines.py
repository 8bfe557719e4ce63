"""What search engines read: robots.txt and the sitemap of every published page."""

from wagtail.models import Site

from demo.locales import ensure_locales, synchronise_trees


def test_robots_txt_keeps_engines_out_of_the_admin_and_forms_and_points_to_the_sitemap(
    client, home_page
):
    Site.objects.update(hostname="numerique.example.fr", port=443)
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /declarer/" in text
    assert "Sitemap: https://numerique.example.fr/sitemap.xml" in text


def test_sitemap_lists_published_pages_and_their_translations_not_aliases(
    client, home_page, make_venue
):
    venue = make_venue(title="Centre social Pioche")
    draft = make_venue(title="Brouillon", slug="brouillon")
    draft.unpublish()
    english, _arabic, _ukrainian = ensure_locales()
    synchronise_trees()
    english_home = home_page.get_translation(english).specific
    english_home.alias_of = None
    english_home.title = "Find help with digital tools"
    english_home.save_revision().publish()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{venue.url}</loc>" in xml
    assert "<loc>http://testserver/en/</loc>" in xml
    assert f"/ar{venue.url}" not in xml  # an alias: French text under an Arabic address
    assert "brouillon" not in xml
