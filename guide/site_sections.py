"""The guide's pages of a city's first run (portal/site_setup.py): "Qui fait quoi ?" with its
default tree of needs, the venue list and the printable guide's page.

The default tree (``default_tree.json``) is solidarites-grenoble.fr's theme "Informatique –
téléphonie" and its six needs, plus online procedures and employment. Each need whose help the
catalogue describes has its rule (a family, and the detailed services that answer it), so that
venues, imported or typed, appear under it as soon as they are rated; buying and repairing
equipment match no service of the catalogue: editors add places and actors to them by hand.
The tree is created with its page only: a need an editor deleted does not come back.
"""

import json
from pathlib import Path

from django.utils.html import escape

from portal.site_setup import SiteSection

from .catalogue import ensure_catalogue
from .models import GuideDownloadsPage, NeedPage, NeedTreePage, ThemePage, VenueIndexPage

DEFAULT_TREE = Path(__file__).with_name("default_tree.json")

GUIDE_INTRO = (
    "<p>Le guide « Le numérique pour tous » rassemble tous les lieux d'aide au numérique, "
    "classés par territoire, au format imprimable : pour les professionnels qui orientent, et "
    "pour tous ceux qui préfèrent le papier.</p>"
)


def read_default_tree():
    with DEFAULT_TREE.open(encoding="utf-8") as handle:
        return json.load(handle)


def need_tree(_facts):
    row = read_default_tree()["tree"]
    return NeedTreePage(
        title=row["title"],
        slug=row["slug"],
        intro=f"<p>{escape(row['intro'])}</p>",
        show_in_menus=True,
    )


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def default_need(row, families):
    family = families.get(row.get("family"))
    return NeedPage(
        title=row["title"],
        slug=row["slug"],
        intro=f"<p>{escape(row['intro'])}</p>",
        keywords=row.get("keywords", ""),
        family=family,
        min_level=row.get("min_level", 1),
        items=[item for item in family.items.all() if item.slug in row.get("items", [])]
        if family
        else [],
    )


def add_default_needs(tree):
    """The default themes and needs below a new "Qui fait quoi ?" page."""
    families = ensure_catalogue()
    themes = read_default_tree()["themes"]
    needs = 0
    for row in themes:
        theme = publish_child(
            tree, ThemePage(title=row["title"], slug=row["slug"], intro=row["intro"])
        )
        for need_row in row["needs"]:
            publish_child(theme, default_need(need_row, families))
            needs += 1
    return f"« {tree.title} » : {len(themes)} thèmes et {needs} besoins créés."


def venue_index(_facts):
    return VenueIndexPage(
        title="Les lieux qui vous aident",
        slug="lieux",
        show_in_menus=True,
        intro=(
            "<p>Tous les lieux où l'on vous aide à utiliser le numérique et à faire vos "
            "démarches en ligne, classés par quartier.</p>"
        ),
    )


def guide_downloads(_facts):
    return GuideDownloadsPage(
        title="Le guide à imprimer", slug="guide", intro=GUIDE_INTRO, show_in_menus=True
    )


NEED_TREE = SiteSection(10, NeedTreePage, need_tree, populate=add_default_needs)
VENUE_INDEX = SiteSection(20, VenueIndexPage, venue_index)
GUIDE_DOWNLOADS = SiteSection(60, GuideDownloadsPage, guide_downloads)
GUIDE_SECTIONS = [NEED_TREE, VENUE_INDEX, GUIDE_DOWNLOADS]
