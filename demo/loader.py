"""Demo content from the seeds: real Metz venues, the Bordeaux M5 entry, news, a newsletter.

It builds on a city's first run (``portal.site_setup.set_up_site``: the home page, the sections,
the legal pages) and adds its content to them. Idempotent and respectful of edits: what already
exists (matched by slug) is left as it is, so running it again, as ``make run`` does, never
overwrites what an editor changed.
"""

import json
import os
import secrets
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import ngettext
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.signal_handlers import disable_reference_index_auto_update

from demo.news import load_demo_news
from demo.newsletter import ensure_demo_newsletter
from guide.catalogue import ensure_catalogue
from guide.models import (
    GuideEdition,
    ServiceItem,
    Territory,
    TerritoryModerators,
    VenueEquipment,
    VenuePage,
    VenueServiceLevel,
)
from guide.site_sections import VENUE_INDEX
from portal.site_setup import ensure_home_page, ensure_section, set_up_site

from .declarations import load_demo_declarations
from .diagnosis import load_demo_diagnosis
from .identity import ensure_demo_identity
from .locales import load_demo_languages
from .statistics import load_demo_usage
from .tree import load_demo_tree

DATA_FILE = Path(__file__).with_name("venues.json")


def read_demo_data():
    with DATA_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def ensure_territories(rows):
    locale = Locale.get_default()
    territories = {}
    for order, row in enumerate(rows):
        territory, _created = Territory.objects.get_or_create(
            slug=row["slug"],
            locale=locale,
            defaults={
                "name": row["name"],
                "guide_heading": row.get("heading", ""),
                "code_prefix": row.get("code_prefix", ""),
                "sort_order": order,
            },
        )
        # Also on a database loaded before territories had it: Bordeaux's leaves Metz's lists.
        outside_area = row.get("outside_area", False)
        if territory.outside_area != outside_area:
            territory.outside_area = outside_area
            territory.save(update_fields=["outside_area"])
        territories[row["slug"]] = territory
    return territories


def paragraphs(texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def build_venue(row, territories, items):
    """A venue of ``venues.json``, not saved; ``items`` are the French items by slug."""
    support = row.get("support", {})
    venue = VenuePage(
        title=row["name"],
        slug=row["slug"],
        code=row.get("code", ""),
        territory=territories[row["territory"]],
        typology=row.get("typology", []),
        legal_status=row.get("legal_status", ""),
        programmes=row.get("programmes", []),
        summary=row["summary"],
        presentation=paragraphs(row.get("presentation", [])),
        access_conditions=row.get("access_conditions", ""),
        delay=row.get("delay", ""),
        steps=row.get("steps", ""),
        documents_to_bring=row.get("documents_to_bring", ""),
        access_modes=row.get("access_modes", []),
        fee=row.get("fee", "gratuit"),
        fee_details=row.get("fee_details", ""),
        address=row["address"],
        address_complement=row.get("address_complement", ""),
        postcode=row["postcode"],
        commune=row["commune"],
        insee_code=row.get("insee", ""),
        latitude=row.get("lat"),
        longitude=row.get("lon"),
        phone=row.get("phone", ""),
        emails=", ".join(row.get("emails", [])),
        website=row.get("website", ""),
        transport=row.get("transport", ""),
        step_free=row.get("step_free"),
        publics=row.get("publics", []),
        support_by_appointment=support.get("by_appointment", False),
        support_drop_in=support.get("drop_in", False),
        support_workshops=support.get("workshops", False),
        support_remote=support.get("remote", False),
        support_self_service=support.get("self_service", False),
        mediators_count=row.get("mediators_count"),
        mediators_note=row.get("mediators_note", ""),
        interpreter=row.get("interpreter", False),
        languages=row.get("languages", []),
        opening_hours=row.get("opening_hours", ""),
        hours_note=row.get("hours_note", ""),
    )
    venue.equipment = [
        VenueEquipment(kind=item["kind"], count=item.get("count"), note=item.get("note", ""))
        for item in row.get("equipment", [])
    ]
    # {item slug: level}, in the catalogue's order: each detailed service has its own stars.
    venue.service_levels = [
        VenueServiceLevel(item=items[slug], level=level, sort_order=order)
        for order, (slug, level) in enumerate(row.get("services", {}).items())
    ]
    return venue


# Months since each demo venue was last verified, in turn: some fresh, some to check, some
# obsolete, one never verified, so that the freshness report has something to show.
DEMO_VERIFICATION_AGES = (1, 3, 5, 7, 10, 13, 16, 20, 25, 30, None)


def demo_verification_date(number, today):
    months = DEMO_VERIFICATION_AGES[number % len(DEMO_VERIFICATION_AGES)]
    return None if months is None else today - relativedelta(months=months)


EDITION_EDITORIAL = (
    "<p>Déclarer ses revenus, demander une aide, chercher un emploi : tout passe désormais par "
    "internet, et une personne sur six n'y a pas accès. Ce guide recense les lieux où chacun "
    "peut être accompagné, près de chez lui, souvent gratuitement.</p>"
)


def ensure_guide_edition(log=print):
    """One edition of the guide, not built: building is the editor's click."""
    if not GuideEdition.objects.exists():
        GuideEdition.objects.create(
            year=2026, title="Le numérique pour tous — guide 2026", editorial=EDITION_EDITORIAL
        )
        log("Démo : édition 2026 du guide créée (à générer depuis l'administration).")


MODERATORS_GROUP = "Modérateurs"
DEMO_MODERATOR = "moderatrice-metz"


def ensure_moderators(index, territory, log=print):
    """A "Modérateurs" group (declarations, venues) and a demo moderator of one territory.

    Her password comes from DEMO_MODERATOR_PASSWORD, or is drawn at random and printed once.
    """
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["declarations", "wagtailadmin"],
            codename__in=["access_admin", "view_declaration", "change_declaration"],
        )
    )
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    entry, _created = TerritoryModerators.objects.get_or_create(territory=territory)
    entry.groups.add(group)
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_MODERATOR, defaults={"email": f"{DEMO_MODERATOR}@example.org"}
    )
    user.groups.add(group)
    if created:
        password = os.environ.get("DEMO_MODERATOR_PASSWORD") or secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        log(
            f"Démo : modératrice « {DEMO_MODERATOR} » ({territory.name}), "
            f"mot de passe « {password} »."
        )


@transaction.atomic
def load_demo(log=print):
    """Load what is missing of the demo; the number of pages it created."""
    before = Page.objects.count()
    # Wagtail indexes the references of every object at each save (a page's creation, revision
    # and publication, and each alias): two thirds of the loading time. Indexed once at the end
    # instead, when anything was created.
    with disable_reference_index_auto_update():
        load_demo_content(log)
    created = Page.objects.count() - before
    if created:
        call_command("rebuild_references_index", verbosity=0)
    return created


def load_demo_content(log):
    data = read_demo_data()
    ensure_home_page()  # the default Site, which the city's identity belongs to
    ensure_demo_identity(log)  # before the first run, whose pages name the city
    home = set_up_site(url=settings.WAGTAILADMIN_BASE_URL, log=log)
    index, _created = ensure_section(home, VENUE_INDEX, log=log)
    families = ensure_catalogue()
    items = {item.slug: item for item in ServiceItem.objects.filter(family__in=families.values())}
    territories = ensure_territories(data["territories"])
    existing = set(VenuePage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    today = timezone.localdate()
    for number, row in enumerate(data["venues"]):
        if row["slug"] in existing:
            continue
        venue = build_venue(row, territories, items)
        venue.verified_on = demo_verification_date(number, today)
        venue.full_clean(exclude=["path", "depth"])
        index.add_child(instance=venue)
        venue.save_revision().publish()
        created += 1
    created_words = ngettext("%(count)d lieu créé", "%(count)d lieux créés", created)
    existing_words = ngettext("%(count)d déjà présent", "%(count)d déjà présents", len(existing))
    log(
        f"Démo : {created_words % {'count': created}}, {existing_words % {'count': len(existing)}}."
    )
    ensure_moderators(index, territories[data["territories"][0]["slug"]], log)
    load_demo_tree(home, log)
    load_demo_news(home, log)
    ensure_demo_newsletter(home, log)
    ensure_guide_edition(log)
    load_demo_declarations(log)
    load_demo_diagnosis(home, log)  # before the languages: its page gets its aliases
    load_demo_languages(home, log)
    load_demo_usage(log)
