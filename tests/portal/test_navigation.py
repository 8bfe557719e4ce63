"""The main menu: the home page's children shown in menus, in order, in the visitor's language."""

import importlib
import re

import pytest
from django.apps import apps
from django.test import RequestFactory
from wagtail.models import Page

from demo.locales import ensure_locales, synchronise_trees, translate
from guide.models import NeedTreePage, VenueIndexPage
from portal.navigation import menu

from ..conftest import publish

NAV = re.compile(r'<ul class="nav">(.*?)</ul>', re.S)


def nav(client, path):
    return NAV.search(client.get(path).content.decode()).group(1)


def links(html):
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)


@pytest.fixture
def menu_pages(home_page):
    """Venues and the tree in the menu, in this order; a page not shown and a deeper one not."""
    venues = publish(home_page, VenueIndexPage(title="Les lieux", slug="lieux", show_in_menus=True))
    tree = publish(
        home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi", show_in_menus=True)
    )
    publish(home_page, Page(title="Mentions légales", slug="mentions-legales"))
    publish(venues, VenueIndexPage(title="Sous-liste", slug="sous-liste", show_in_menus=True))
    return venues, tree


def test_menu_lists_the_home_pages_children_shown_in_menus_in_tree_order(client, menu_pages):
    assert links(nav(client, "/")) == [
        ("/lieux/", "Les lieux"),
        ("/qui-fait-quoi/", "Qui fait quoi ?"),
    ]


def test_editors_reorder_and_hide_menu_entries(client, menu_pages):
    venues, tree = menu_pages
    tree.move(venues, pos="left")
    venues.refresh_from_db()
    venues.show_in_menus = False
    venues.save_revision().publish()
    assert links(nav(client, "/")) == [("/qui-fait-quoi/", "Qui fait quoi ?")]
    tree.refresh_from_db()
    tree.unpublish()
    assert links(nav(client, "/")) == []


def test_the_current_page_is_marked(client, menu_pages):
    html = nav(client, "/lieux/")
    assert '<a href="/lieux/" aria-current="page">Les lieux</a>' in html
    assert '<a href="/qui-fait-quoi/">Qui fait quoi ?</a>' in html
    assert "aria-current" not in nav(client, "/")


def test_menu_is_in_the_visitors_language(client, menu_pages):
    """A translated page gives its title; an alias gives the French one, marked as French."""
    venues, _tree = menu_pages
    locales = {locale.language_code: locale for locale in ensure_locales()}
    synchronise_trees()
    translate(venues, locales["en"], {"Les lieux": "Places"})
    html = nav(client, "/en/")
    assert '<a href="/en/lieux/">Places</a>' in html
    assert '<a href="/en/qui-fait-quoi/" lang="fr" dir="ltr">Qui fait quoi ?</a>' in html


def test_menu_queries_are_bounded_and_cached(menu_pages, django_assert_max_num_queries):
    request = RequestFactory().get("/")
    with django_assert_max_num_queries(4):  # site, home page, its children, their URLs' site
        assert len(menu(request)["menu"]) == 2
    with django_assert_max_num_queries(1):  # the site only, the menu is cached
        assert len(menu(request)["menu"]) == 2


def test_upgrade_keeps_the_pages_the_menu_found_by_slug(home_page):
    """The data migration shows in menus what the former menu found by slug, drafts included."""
    venues = publish(home_page, VenueIndexPage(title="Les lieux", slug="lieux"))
    other = publish(home_page, VenueIndexPage(title="Autre", slug="autre"))
    venues.title = "Les lieux (brouillon)"
    venues.save_revision()
    migration = importlib.import_module("portal.migrations.0003_show_menu_pages_in_menus")
    migration.show_former_menu_pages_in_menus(apps, None)
    venues.refresh_from_db()
    other.refresh_from_db()
    assert venues.show_in_menus and not other.show_in_menus
    assert venues.get_latest_revision_as_object().show_in_menus
