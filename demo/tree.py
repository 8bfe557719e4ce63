"""Demo "Qui fait quoi ?" tree: Grenoble's six computing needs, online procedures, employment.

Like the venue loader, it only adds what is missing (matched by slug), never overwrites.
"""

import json
from pathlib import Path

from django.utils.html import escape
from wagtail.models import Locale

from guide.models import (
    NeedActor,
    NeedPage,
    NeedTreePage,
    NeedVenue,
    RemoteActor,
    ThemePage,
    VenuePage,
)

DATA_FILE = Path(__file__).with_name("tree.json")


def ensure_actors(rows):
    locale = Locale.get_default()
    actors = {}
    for row in rows:
        fields = {key: value for key, value in row.items() if key != "key"}
        actor = RemoteActor.objects.filter(name=row["name"], locale=locale).first()
        if actor is None:
            actor = RemoteActor(locale=locale, **fields)
            actor.full_clean()
            actor.save()
        actors[row["key"]] = actor
    return actors


def ensure_child(parent, page_class, row, **fields):
    existing = page_class.objects.child_of(parent).filter(slug=row["slug"]).first()
    if existing:
        return existing, False
    page = page_class(title=row["title"], slug=row["slug"], **fields)
    parent.add_child(instance=page)
    return page, True


def build_need(theme, row, families, actors):
    family = families.get(row.get("family"))
    need, created = ensure_child(
        theme,
        NeedPage,
        row,
        intro=f"<p>{escape(row['intro'])}</p>",
        keywords=row.get("keywords", ""),
        family=family,
        min_level=row.get("min_level", 1),
        items=list(family.items.filter(slug=row["item"])) if "item" in row else [],
    )
    if not created:
        return 0
    venues = VenuePage.objects.filter(slug__in=row.get("venues", []))
    if row.get("equipment"):
        venues = venues | VenuePage.objects.filter(equipment__kind__in=row["equipment"])
    need.chosen_venues = [NeedVenue(venue=venue) for venue in venues.distinct().order_by("title")]
    need.actor_links = [NeedActor(actor=actors[key]) for key in row.get("actors", [])]
    need.save_revision().publish()
    return 1


def load_demo_tree(home, families, log=print):
    with DATA_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    tree_row = data["tree"]
    tree, created = ensure_child(
        home,
        NeedTreePage,
        tree_row,
        intro=f"<p>{escape(tree_row['intro'])}</p>",
        show_in_menus=True,
    )
    if created:
        # First of the menu (the home page's children in order): the site's way in, by need.
        tree.move(home, pos="first-child")
        tree.refresh_from_db()
        tree.save_revision().publish()
    actors = ensure_actors(data["actors"])
    needs_created = 0
    for theme_row in data["themes"]:
        theme, created = ensure_child(tree, ThemePage, theme_row, intro=theme_row["intro"])
        if created:
            theme.save_revision().publish()
        for need_row in theme_row["needs"]:
            needs_created += build_need(theme, need_row, families, actors)
    log(f"Démo : {needs_created} besoin(s) créé(s) dans « Qui fait quoi ? ».")
