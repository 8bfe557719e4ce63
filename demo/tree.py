"""The demo's "Qui fait quoi ?": the first run's default tree, with Metz's places and actors.

The tree itself (Grenoble's six computing needs, online procedures, employment) is the one every
new site gets (guide/site_sections.py). The demo adds what only Metz has (``tree.json``): actors
that are not places, and venues chosen by hand where no service of the catalogue describes the
need (computers in free access, repairs). It adds them to needs still as the first run made them,
so that an editor's changes are never overwritten.
"""

import json
from pathlib import Path

from django.utils.translation import ngettext
from wagtail.models import Locale

from guide.models import NeedActor, NeedPage, NeedVenue, RemoteActor, VenuePage
from guide.site_sections import NEED_TREE
from portal.site_setup import ensure_section

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


def as_first_created(page):
    """Whether nobody changed the page since it was created: it has a single revision."""
    return page.revisions.count() == 1


def add_metz_help(need, row, actors):
    venues = VenuePage.objects.filter(slug__in=row.get("venues", []))
    if row.get("equipment"):
        venues = venues | VenuePage.objects.filter(equipment__kind__in=row["equipment"])
    need.chosen_venues = [NeedVenue(venue=venue) for venue in venues.distinct().order_by("title")]
    need.actor_links = [NeedActor(actor=actors[key]) for key in row.get("actors", [])]
    need.save_revision().publish()


def load_demo_tree(home, log=print):
    with DATA_FILE.open(encoding="utf-8") as handle:
        data = json.load(handle)
    tree, _created = ensure_section(home, NEED_TREE, log=log)
    actors = ensure_actors(data["actors"])
    needs = NeedPage.objects.descendant_of(tree).filter(slug__in=data["needs"])
    completed = 0
    for need in needs:
        if as_first_created(need):
            add_metz_help(need, data["needs"][need.slug], actors)
            completed += 1
    log(
        ngettext(
            "Démo : %(count)d besoin complété avec des lieux et acteurs de Metz.",
            "Démo : %(count)d besoins complétés avec des lieux et acteurs de Metz.",
            completed,
        )
        % {"count": completed}
    )
