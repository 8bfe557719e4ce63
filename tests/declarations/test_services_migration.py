"""Declarations stored with one level per family keep their services once rated item by item."""

from importlib import import_module

from django.apps import apps

from declarations import apply
from declarations.models import Declaration

migration = import_module("declarations.migrations.0002_services_per_item")

CATALOGUE = {
    "decouvrir": ["tablette-smartphone", "ordinateur", "internet", "mails"],
    "demarches": ["pole-emploi", "impots", "caf-rsa", "permis"],
    "creer": ["photos", "code"],
}
FAMILY_RATINGS = [
    {"family": "demarches", "level": 2, "items": ["permis", "caf-rsa"]},
    {"family": "decouvrir", "level": 1, "items": []},
    {"family": "creer", "level": 3, "items": ["fusee"]},  # no known item: the whole family
    {"family": "ancienne", "level": 2, "items": ["x"]},  # a family no longer in the catalogue
]


def test_each_listed_item_takes_its_family_level_in_the_catalogue_order():
    assert migration.services_per_item(FAMILY_RATINGS, CATALOGUE) == [
        {"item": "tablette-smartphone", "family": "decouvrir", "level": 1},
        {"item": "ordinateur", "family": "decouvrir", "level": 1},
        {"item": "internet", "family": "decouvrir", "level": 1},
        {"item": "mails", "family": "decouvrir", "level": 1},
        {"item": "caf-rsa", "family": "demarches", "level": 2},
        {"item": "permis", "family": "demarches", "level": 2},
        {"item": "photos", "family": "creer", "level": 3},
        {"item": "code", "family": "creer", "level": 3},
    ]


def test_converting_twice_changes_nothing():
    once = migration.services_per_item(FAMILY_RATINGS, CATALOGUE)
    assert migration.services_per_item(once, CATALOGUE) == once
    assert migration.services_per_item([], CATALOGUE) == []


def test_going_back_gives_each_family_its_best_level():
    per_item = [
        {"item": "ordinateur", "family": "decouvrir", "level": 1},
        {"item": "caf-rsa", "family": "demarches", "level": 2},
        {"item": "permis", "family": "demarches", "level": 3},
    ]
    assert migration.services_per_family(per_item, CATALOGUE) == [
        {"family": "decouvrir", "level": 1, "items": ["ordinateur"]},
        {"family": "demarches", "level": 3, "items": ["caf-rsa", "permis"]},
    ]


def test_stored_declarations_are_rewritten_and_readable(families, territory):
    old = Declaration.objects.create(
        kind=Declaration.Kind.NEW_VENUE,
        territory=territory,
        venue_data={"title": "Espace numérique", "services": FAMILY_RATINGS[:2]},
    )
    report = Declaration.objects.create(kind=Declaration.Kind.ERROR_REPORT, message="Fermé.")
    updated_at = old.updated_at

    migration.rewrite_services(migration.services_per_item)(apps, None)

    old.refresh_from_db()
    assert old.venue_data["title"] == "Espace numérique"
    assert old.venue_data["services"][:2] == [
        {"item": "tablette-smartphone", "family": "decouvrir", "level": 1},
        {"item": "ordinateur", "family": "decouvrir", "level": 1},
    ]
    assert len(old.venue_data["services"]) == 6 and old.updated_at == updated_at
    assert Declaration.objects.get(pk=report.pk).venue_data == {}
    proposal = {row.label: row.proposed for row in apply.readable_proposal(old)}
    assert proposal["Services — Faire ses démarches en ligne"] == (
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★★ maîtrise\n"
        "Permis et carte grise : ★★ maîtrise"
    )

    migration.rewrite_services(migration.services_per_family)(apps, None)
    old.refresh_from_db()
    assert old.venue_data["services"] == [
        {
            "family": "decouvrir",
            "level": 1,
            "items": ["tablette-smartphone", "ordinateur", "internet", "mails"],
        },
        {"family": "demarches", "level": 2, "items": ["caf-rsa", "permis"]},
    ]
