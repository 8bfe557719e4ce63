"""Page-serving benchmark on PostgreSQL with the production settings and gunicorn.

    /work/main/.venv/bin/python benchmarks/pages.py [--venues 2000] [--clients 20]
        [--requests 400] [--keep-db] [--show-queries] [--profile]

1. Creates a fresh PostgreSQL database, migrates it with ``portal.settings.production`` and runs
   ``collectstatic`` (the production storage needs the manifest); empties the Redis database
   used as the shared cache, as in production (``REDIS_URL``).
2. Fills it in-process with the ORM (``populate``): a home page, the venue index, 20 territories,
   the catalogue, venues with varied data, the "Qui fait quoi ?" tree (4 themes, 40 needs) and a
   bare Wagtail page with a title only, the floor.
3. Counts the SQL queries of the measured pages (home, need page with a postcode, ``/lieux/``
   with three filters and a postcode, venue page) with Django's test client, at 50 venues and
   again once the database holds every venue: the counts must be equal and at most 15.
4. Weighs each page's first visit: the HTML and the same-origin stylesheets, scripts, fonts and
   images it makes a browser fetch, text gzipped; at most 100 KB with a map, 30 KB without.
5. Serves the site with gunicorn (``portal.wsgi:application``) and measures each page with
   concurrent keep-alive clients: p50/p95 latency, requests per second and errors. Every request
   has its own URL, so that every page is rendered, as the first visit of each combination of
   need, postcode, filters and language is. The pages are taken in turn, in rounds
   (``--rounds``), so that a slow moment of the machine weighs on all of them. Target: every
   page's p95 at most twice the floor's, no error. A second, informative measure requests the
   same URL again (whole-page cache).

The exit code is always 0: this is a report, read its TARGET MET / TARGET MISSED lines.
"""

import argparse
import gzip
import html.parser
import http.client
import itertools
import os
import random
import re
import secrets
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from stack.system import Processes, free_port
from stack.website import start_web

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "portal.settings.production"
PG_SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# The shared cache production runs with (docs/exploitation.md): without it each gunicorn worker
# keeps its own small in-memory cache, which the benchmark's unique URLs keep emptying.
REDIS_URL = "redis://127.0.0.1:6379/9"
HOST = "127.0.0.1"
# Production sits behind a TLS-terminating proxy (SECURE_PROXY_SSL_HEADER) and redirects plain
# HTTP to HTTPS; the benchmark speaks plain HTTP and says what the proxy would say.
REQUEST_HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "benchmarks/pages.py"}

# "SELECT [DISTINCT] <columns> FROM": the column lists are long and say little.
COLUMN_LIST = re.compile(r"(SELECT (?:DISTINCT )?)(.+?)(?= FROM )")

MAX_QUERIES = 15
MAX_P95_RATIO = 2.0
MAX_WEIGHT_WITH_MAP = 100_000  # bytes, gzipped, first visit
MAX_WEIGHT_WITHOUT_MAP = 30_000
# Bodies a server compresses; images and fonts are sent as they are (already compressed).
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
# Leaflet's stylesheet and script, and the marker images, that static/js/map.js loads.
MAP_ELEMENT_ATTRIBUTES = (
    "data-leaflet-css",
    "data-leaflet-js",
    "data-marker-icon",
    "data-marker-icon-2x",
    "data-marker-shadow",
)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
SMALL_VENUE_COUNT = 50
VENUE_BATCH = 250  # venues created per transaction

# The four measured pages: the floor first, every other page is compared with it.
FLOOR = "floor"
PAGES = [
    (FLOOR, "bare Wagtail page (floor)"),
    ("home", "home page"),
    ("need", "need page ?cp=57000"),
    ("finder", "/lieux/ 3 filters + location"),
    ("venue", "venue page"),
]
FINDER_QUERY = "?famille=demarches&niveau=2&gratuit=1&cp=57070"
NEED_QUERY = "?cp=57000"


# --------------------------------------------------------------------------------------------
# Environment and database


def bench_environment(db_name):
    """What production needs to start: secret, hosts, database and shared cache; nothing else
    is overridden."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DATABASE_URL": f"{PG_SERVER_URL}/{db_name}",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def _server_connection():
    import psycopg

    return psycopg.connect(f"{PG_SERVER_URL}/postgres", autocommit=True)


def create_database(db_name):
    from psycopg import sql

    with _server_connection() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name)))


def drop_database(db_name):
    from psycopg import sql

    with _server_connection() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name))
        )


def setup_django(environment):
    os.environ.update(environment)
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    import logging

    # Wagtail logs every created page and Django every search/reference-index task at INFO;
    # thousands of lines would drown the report.
    for name in ("wagtail", "django.tasks", "django_tasks"):
        logging.getLogger(name).setLevel(logging.WARNING)


# --------------------------------------------------------------------------------------------
# Data

TERRITORIES = [
    # name, slug, code prefix, postcode, commune, INSEE code
    ("Metz Ancienne Ville", "metz-ancienne-ville", "AV", "57000", "Metz", "57463"),
    ("Metz Nouvelle Ville", "metz-nouvelle-ville", "NV", "57000", "Metz", "57463"),
    ("Metz Sablon", "metz-sablon", "S", "57000", "Metz", "57463"),
    ("Metz Les Îles", "metz-les-iles", "I", "57000", "Metz", "57463"),
    ("Metz Magny", "metz-magny", "MG", "57000", "Metz", "57463"),
    ("Metz Queuleu", "metz-queuleu", "Q", "57070", "Metz", "57463"),
    ("Metz Plantières", "metz-plantieres", "P", "57070", "Metz", "57463"),
    ("Metz Borny", "metz-borny", "B", "57070", "Metz", "57463"),
    ("Metz Bellecroix", "metz-bellecroix", "BC", "57070", "Metz", "57463"),
    ("Metz Vallières", "metz-vallieres", "V", "57070", "Metz", "57463"),
    ("Metz Grange-aux-Bois", "metz-grange-aux-bois", "G", "57070", "Metz", "57463"),
    ("Metz Devant-les-Ponts", "metz-devant-les-ponts", "D", "57050", "Metz", "57463"),
    ("Metz Patrotte – Metz Nord", "metz-patrotte", "PN", "57050", "Metz", "57463"),
    ("Montigny-lès-Metz", "montigny-les-metz", "MO", "57950", "Montigny-lès-Metz", "57480"),
    ("Woippy", "woippy", "W", "57140", "Woippy", "57751"),
    ("Marly", "marly", "MA", "57155", "Marly", "57447"),
    (
        "Saint-Julien-lès-Metz",
        "saint-julien-les-metz",
        "SJ",
        "57070",
        "Saint-Julien-lès-Metz",
        "57616",
    ),
    ("Le Ban-Saint-Martin", "le-ban-saint-martin", "BSM", "57050", "Le Ban-Saint-Martin", "57049"),
    ("Longeville-lès-Metz", "longeville-les-metz", "L", "57050", "Longeville-lès-Metz", "57412"),
    ("Moulins-lès-Metz", "moulins-les-metz", "ML", "57160", "Moulins-lès-Metz", "57487"),
]

STRUCTURES = [
    # typology, legal status, title prefix
    ("CS", "association", "Centre social"),
    ("BIB", "commune", "Médiathèque"),
    ("EPN", "commune", "Espace public numérique"),
    ("RFS", "etablissement-public", "France Services"),
    ("MQ", "association", "Maison de quartier"),
    ("MJC", "association", "MJC"),
    ("CCAS", "ccas", "CCAS – antenne"),
    ("ASSO", "association", "Association"),
    ("FABLAB", "association", "Fablab"),
    ("ML", "association", "Mission locale – permanence"),
    ("MUNI", "commune", "Mairie de quartier"),
    ("TIERS_LIEUX", "association", "Tiers-lieu"),
    ("PIJ_BIJ", "commune", "Point information jeunesse"),
]
NAMES = [
    "Arc-en-Ciel",
    "Jean-Macé",
    "Louise-Michel",
    "Pablo-Picasso",
    "Les Tilleuls",
    "Le Lierre",
    "Champlain",
    "Pierre-Perret",
    "Verlaine",
    "Paul-Valéry",
    "Jacques-Prévert",
    "Simone-Veil",
    "Georges-Brassens",
    "Marie-Curie",
    "Victor-Hugo",
    "Le Trait d'union",
    "La Passerelle",
    "L'Agora",
    "Le Relais",
    "Les Quatre Bornes",
    "Bon Pasteur",
    "La Clé",
    "Le Carré",
    "Saint-Exupéry",
    "Rabelais",
    "Le Petit Prince",
    "La Boussole",
    "Les Coquelicots",
]
STREETS = [
    "rue Pioche",
    "rue Charles-Pêtre",
    "boulevard de Trèves",
    "rue de Pont-à-Mousson",
    "avenue de Strasbourg",
    "rue Mazelle",
    "place Saint-Louis",
    "rue du Général-Metman",
    "rue des Allemands",
    "rue Dembour",
    "boulevard Solidarité",
    "rue Lothaire",
    "rue de la Chenau",
    "rue Taison",
    "route de Woippy",
    "rue Saint-Bernard",
    "avenue de Nancy",
    "rue de Verdun",
    "rue Mangin",
    "boulevard de l'Europe",
    "rue des Jardins",
    "rue Haute-Seille",
]
OPENING_HOURS = [
    "Mo-Fr 09:00-12:00,13:30-17:00",
    "Tu-Sa 10:00-18:00",
    "Mo,We,Fr 14:00-18:00; Sa 09:00-12:00",
    "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00",
    "Tu,Th 09:00-12:00; We 14:00-19:00",
    "Mo-Fr 08:30-17:00",
    "Mo 14:00-18:00; Tu-Fr 10:00-12:30,14:00-18:00; Sa 10:00-17:00",
    "We 09:00-12:00,14:00-17:00; Sa 09:30-12:30",
    "Mo-Fr 09:00-12:00; Tu,Th 14:00-16:30",
    "Mo-Sa 10:00-19:00",
    "Mo-Fr 09:00-17:00; Jul-Aug Mo-Fr 09:00-12:00",
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "",  # hours unknown
]
SUMMARIES = [
    "Accompagnement aux démarches administratives en ligne et ateliers d'initiation à "
    "l'ordinateur, sur rendez-vous ou en accès libre.",
    "Postes informatiques en libre accès, Wi-Fi gratuit et aide ponctuelle d'un conseiller "
    "numérique pour les démarches du quotidien.",
    "Ateliers collectifs pour apprendre à utiliser son smartphone, ses e-mails et les services "
    "publics en ligne (CAF, ameli, impôts).",
    "Aide à la recherche d'emploi en ligne : CV, candidatures, espace France Travail, "
    "avec un accompagnateur.",
    "Un lieu pour créer avec le numérique : retouche photo, impression 3D, découverte du code, "
    "en petits groupes.",
]
PRESENTATIONS = [
    "<p>L'équipe accueille toutes les personnes qui ont besoin d'aide avec le numérique, "
    "<b>sans jugement</b> et à leur rythme.</p>",
    "<p>Venez avec vos identifiants et vos papiers : nous faisons la démarche <i>avec</i> vous, "
    "pas à votre place.</p><ul><li>ameli</li><li>CAF</li><li>impôts</li></ul>",
    "<p>Ateliers chaque semaine, inscription à l'accueil ou par téléphone.</p>",
    "",
]
CLOSURE_REASONS = ["Congés d'été", "Travaux", "Formation de l'équipe", "Inventaire", ""]

# Themes and needs of the "Qui fait quoi ?" tree: (title, family, min level, item or None).
THEMES = [
    (
        "Informatique et téléphone",
        [
            ("Utiliser mon smartphone ou ma tablette", "decouvrir", 1, "tablette-smartphone"),
            ("Allumer et utiliser un ordinateur", "decouvrir", 1, "ordinateur"),
            ("Naviguer sur internet", "decouvrir", 1, "internet"),
            ("Créer et utiliser une adresse e-mail", "decouvrir", 1, "mails"),
            ("Apprendre l'informatique pas à pas", "decouvrir", 2, None),
            ("Protéger mes comptes et mes mots de passe", "decouvrir", 2, "internet"),
            ("Envoyer une pièce jointe", "decouvrir", 1, "mails"),
            ("Faire une visio avec mes proches", "decouvrir", 1, "tablette-smartphone"),
            ("Trouver un ordinateur en libre accès", "decouvrir", 1, None),
            ("Aller plus loin avec l'ordinateur", "decouvrir", 3, "ordinateur"),
        ],
    ),
    (
        "Démarches en ligne",
        [
            ("Faire mes démarches en ligne", "demarches", 1, None),
            ("Déclarer mes revenus", "demarches", 1, "impots"),
            ("Demander le RSA ou la prime d'activité", "demarches", 2, "caf-rsa"),
            ("Gérer mon compte ameli", "demarches", 1, "ameli"),
            ("Préparer ma retraite", "demarches", 2, "retraite"),
            ("Refaire ma carte d'identité ou mon passeport", "demarches", 2, "etat-civil"),
            ("Demander un titre de séjour", "demarches", 3, "etat-civil"),
            ("Faire ma carte grise ou mon permis", "demarches", 2, "permis"),
            ("Comprendre mes factures d'énergie", "demarches", 1, "energie"),
            ("M'actualiser à France Travail", "demarches", 1, "pole-emploi"),
        ],
    ),
    (
        "Emploi et formation",
        [
            ("Faire mon CV", "insertion", 1, "cv"),
            ("Mettre mon CV en ligne", "insertion", 2, "diffuser-cv"),
            ("Chercher un emploi sur internet", "insertion", 1, "recherche-emploi"),
            ("Utiliser les services de France Travail", "insertion", 2, "emploi-store"),
            ("Être accompagné dans ma recherche d'emploi", "insertion", 1, None),
            ("Préparer un entretien en visio", "insertion", 2, None),
            ("Répondre à une offre d'emploi", "insertion", 1, "recherche-emploi"),
            ("Trouver une formation", "insertion", 2, None),
            ("Créer mon compte formation", "insertion", 3, None),
            ("Écrire une lettre de motivation", "insertion", 1, "cv"),
        ],
    ),
    (
        "Créer et apprendre",
        [
            ("Retoucher mes photos", "creer", 1, "photos"),
            ("Découvrir l'impression 3D", "creer", 2, "impression-3d"),
            ("Faire un diaporama", "creer", 1, "pao"),
            ("Créer un site web", "creer", 2, "site-web"),
            ("Apprendre à coder", "creer", 2, "code"),
            ("Suivre une formation en ligne (MOOC)", "creer", 1, "moocs"),
            ("Créer avec le numérique", "creer", 1, None),
            ("Faire une affiche", "creer", 1, "pao"),
            ("Programmer un robot", "creer", 3, "code"),
            ("Monter une vidéo", "creer", 2, None),
        ],
    ),
]
# The measured need: broad rule, venues added by hand and actors without a place.
MEASURED_NEED_SLUG = "faire-mes-demarches-en-ligne"
REMOTE_ACTORS = [
    {
        "name": "Solidarité numérique",
        "kind": "telephone",
        "description": "Une ligne nationale pour être aidé par téléphone dans ses démarches.",
        "phone": "01 70 77 23 72",
        "phone_cost": "Prix d'un appel local",
        "website": "https://www.solidarite-numerique.fr/",
        "opening_hours": "Mo-Fr 09:00-18:00",
    },
    {
        "name": "Bus France Services de Moselle",
        "kind": "itinerant",
        "description": "Un bus équipé qui s'arrête dans les quartiers pour les démarches.",
        "area": "Borny le mardi, Woippy le jeudi, Patrotte le vendredi",
        "opening_hours": "Tu,Th,Fr 09:00-16:00",
    },
    {
        "name": "Allô CAF",
        "kind": "telephone",
        "description": "Le numéro de la CAF pour les questions sur ses droits.",
        "phone": "3230",
        "phone_cost": "Appel gratuit",
    },
]


def _sample(rng, values, low, high):
    return rng.sample(list(values), rng.randint(low, min(high, len(values))))


def build_venue(number, territories, families, today):
    """One venue page, its equipment, closures and service levels; deterministic for a given
    number.

    Returns the unsaved page and ``extras``: (equipment, closures, service levels).
    """
    from guide import vocab
    from guide.models import VenueClosure, VenueEquipment, VenuePage, VenueServiceLevel

    rng = random.Random(number)
    territory_row = TERRITORIES[number % len(TERRITORIES)]
    territory = territories[territory_row[1]]
    typology, legal_status, prefix = rng.choice(STRUCTURES)
    title = f"{prefix} {rng.choice(NAMES)} – {territory.name}"
    rich = number == 0  # the measured venue page shows every section
    fee = rng.choices(
        [vocab.Fee.FREE, vocab.Fee.FREE_UNDER_CONDITION, vocab.Fee.PAID], weights=[6, 2, 2]
    )[0]
    has_coordinates = rich or rng.random() > 0.03
    venue = VenuePage(
        title=title,
        slug=f"lieu-{number:05d}",
        code=f"{territory.code_prefix}{number + 1}",
        territory=territory,
        typology=[typology],
        legal_status=legal_status,
        pivot=f"W57{rng.randrange(10**7):07d}" if legal_status == "association" else "",
        programmes=_sample(rng, vocab.Programme.values, 0, 2),
        parent_structure=rng.choice(["", "", "Ville de Metz", "Fédération des centres sociaux"]),
        summary=rng.choice(SUMMARIES),
        presentation=PRESENTATIONS[0] if rich else rng.choice(PRESENTATIONS),
        access_conditions=rng.choice(
            ["", "Sur rendez-vous par téléphone.", "Accueil libre aux heures d'ouverture."]
        ),
        delay=rng.choice(["", "Sous une semaine", "Immédiat"]),
        steps=rng.choice(["", "Appeler l'accueil pour prendre rendez-vous."]),
        documents_to_bring=rng.choice(
            ["", "Pièce d'identité, identifiants, téléphone portable chargé."]
        ),
        access_modes=_sample(rng, vocab.AccessMode.values[:4], 1, 3),
        fee=fee,
        fee_details="Adhésion annuelle de 10 €" if fee == vocab.Fee.PAID else "",
        booking_url="https://rdv.example.org/metz" if rng.random() < 0.2 else "",
        address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
        address_complement=rng.choice(["", "", "Bâtiment B, 1er étage", "Entrée par la cour"]),
        postcode=territory_row[3],
        commune=territory_row[4],
        insee_code=territory_row[5],
        latitude=round(rng.uniform(49.08, 49.15), 5) if has_coordinates else None,
        longitude=round(rng.uniform(6.13, 6.25), 5) if has_coordinates else None,
        phone=f"03 87 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        emails=f"accueil@lieu-{number}.example.org",
        website=f"https://lieu-{number}.example.org/" if rng.random() < 0.6 else "",
        transport=rng.choice(["", "Mettis A, arrêt République", "Ligne L3, arrêt Borny"]),
        step_free=rng.choice([True, True, False, None]),
        publics=_sample(rng, vocab.Public.values, 0, 3),
        support_by_appointment=rich or rng.random() < 0.6,
        support_drop_in=rich or rng.random() < 0.5,
        support_workshops=rng.random() < 0.4,
        support_remote=rng.random() < 0.2,
        support_self_service=rng.random() < 0.3,
        mediators_count=rng.choice([None, 1, 2, 3]),
        mediators_note=rng.choice(["", "salariés et bénévoles"]),
        interpreter=rng.random() < 0.1,
        languages=_sample(rng, vocab.Language.values, 0, 2),
        opening_hours=OPENING_HOURS[0] if rich else rng.choice(OPENING_HOURS),
        hours_note=rng.choice(["", "", "Fermé pendant les vacances scolaires le samedi."]),
    )
    equipment = [
        VenueEquipment(kind=kind, count=rng.choice([None, 1, 2, 4, 8]), sort_order=order)
        for order, kind in enumerate(_sample(rng, vocab.Equipment.values, 3 if rich else 0, 4))
    ]
    closures = []
    if rich or rng.random() < 0.15:
        for order in range(2 if rich else rng.randint(1, 2)):
            start = today + timedelta(days=rng.randint(-60, 60))
            closures.append(
                VenueClosure(
                    start_date=start,
                    end_date=start + timedelta(days=rng.randint(0, 14)),
                    reason=rng.choice(CLOSURE_REASONS),
                    sort_order=order,
                )
            )
        if rich:
            closures[0].start_date = today + timedelta(days=10)
            closures[0].end_date = today + timedelta(days=20)
    # "demarches" is the most common family, as in the real guide.
    family_slugs = rng.sample(["demarches", "decouvrir", "insertion", "creer"], rng.randint(1, 4))
    if rich:
        family_slugs = ["decouvrir", "insertion", "demarches", "creer"]
    # Each service its own level, around the family's usual one (a venue expert in online
    # procedures may only be basic with car registration); the measured venue offers them all.
    levels = []
    for slug in family_slugs:
        items = list(families[slug].items.all())
        usual = rng.randint(1, 3)
        for item in _sample(rng, items, len(items) if rich else 1, len(items)):
            level = min(3, max(1, usual + rng.choice([-1, 0, 0, 1])))
            levels.append(VenueServiceLevel(item=item, level=level, sort_order=len(levels)))
    return venue, (equipment, closures, levels)


def add_venue_children(created):
    """Bulk-insert the equipment, closures and service levels of freshly saved venues."""
    from guide.models import VenueClosure, VenueEquipment, VenueServiceLevel

    equipment, closures, levels = [], [], []
    for venue, (venue_equipment, venue_closures, venue_levels) in created:
        for row in (*venue_equipment, *venue_closures, *venue_levels):
            row.page_id = venue.pk
        equipment.extend(venue_equipment)
        closures.extend(venue_closures)
        levels.extend(venue_levels)
    VenueEquipment.objects.bulk_create(equipment)
    VenueClosure.objects.bulk_create(closures)
    VenueServiceLevel.objects.bulk_create(levels)


def ensure_home():
    from wagtail.models import Locale, Page, Site

    from portal.models import HomePage, PortalSettings

    site = Site.objects.get(is_default_site=True)
    if isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    welcome = site.root_page
    home = HomePage(
        title="Trouver de l'aide pour le numérique",
        slug="accueil",
        intro="<p>Des lieux près de chez vous pour vous aider avec le numérique.</p>",
        locale=Locale.get_default(),
    )
    Page.get_first_root_node().add_child(instance=home)
    site.root_page = home
    site.save()
    if welcome.depth == 2 and not welcome.get_children().exists():
        welcome.delete()
    PortalSettings.for_site(site)  # created now, not by the first request
    return home


def ensure_child(parent, page_class, **fields):
    existing = page_class.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if existing:
        return existing
    page = page_class(**fields)
    parent.add_child(instance=page)
    return page


def ensure_territories():
    from wagtail.models import Locale

    from guide.models import Territory

    locale = Locale.get_default()
    territories = {}
    for order, (name, slug, prefix, *_rest) in enumerate(TERRITORIES):
        territories[slug], _created = Territory.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={"name": name, "code_prefix": prefix, "sort_order": order},
        )
    return territories


def ensure_tree(home, families):
    from django.utils.text import slugify
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

    tree = ensure_child(
        home,
        NeedTreePage,
        title="Qui fait quoi ?",
        slug="qui-fait-quoi",
        intro="<p>Choisissez ce que vous voulez faire : nous vous disons qui peut vous aider.</p>",
    )
    locale = Locale.get_default()
    actors = []
    for row in REMOTE_ACTORS:
        actor = RemoteActor.objects.filter(name=row["name"], locale=locale).first()
        if actor is None:
            actor = RemoteActor(locale=locale, **row)
            actor.full_clean()
            actor.save()
        actors.append(actor)
    venues = list(VenuePage.objects.order_by("slug")[:SMALL_VENUE_COUNT])
    for theme_number, (theme_title, needs) in enumerate(THEMES):
        theme = ensure_child(
            tree,
            ThemePage,
            title=theme_title,
            slug=slugify(theme_title),
            intro=f"Les besoins du thème « {theme_title} ».",
        )
        for need_number, (title, family_slug, min_level, item_slug) in enumerate(needs):
            slug = slugify(title)
            if NeedPage.objects.child_of(theme).filter(slug=slug).exists():
                continue
            family = families[family_slug]
            need = NeedPage(
                title=title,
                slug=slug,
                intro=f"<p>Des lieux et des personnes pour vous aider : {title.lower()}.</p>",
                keywords=f"{family.name}, {title}",
                family=family,
                min_level=min_level,
            )
            if item_slug:
                need.items = [family.items.get(slug=item_slug)]
            rng = random.Random(f"need-{theme_number}-{need_number}")
            chosen = rng.sample(venues, min(len(venues), rng.choice([0, 0, 1, 2])))
            linked = rng.sample(actors, rng.choice([0, 0, 1]))
            if slug == MEASURED_NEED_SLUG:
                chosen, linked = venues[1:4], actors[:2]
            need.chosen_venues = [NeedVenue(venue=venue) for venue in chosen]
            need.actor_links = [NeedActor(actor=actor) for actor in linked]
            theme.add_child(instance=need)
    return tree


def populate(n_venues, log=print):
    """Create the site and venues until there are ``n_venues``; the structure is created once.

    Pages are created live with ``add_child`` (no revisions; the search index is updated by the
    save signals); equipment, closures and service levels are bulk-inserted per batch of venues.
    """
    from django.db import transaction
    from wagtail.models import Page

    from portal.content_cache import content_changed

    started = time.perf_counter()
    home, families, added = add_venues(n_venues)
    with transaction.atomic():
        ensure_tree(home, families)
        ensure_child(home, Page, title="Plancher", slug="plancher")
    content_changed()  # what publishing would do: no cached menu, choice or card survives
    elapsed = time.perf_counter() - started
    log(f"populate({n_venues}): {added} venue(s) added in {elapsed:.1f} s")
    return elapsed


def add_venues(n_venues):
    """Venues (and the home page, venue index, catalogue and territories they need) until the
    index holds ``n_venues``; returns (home, families, venues added)."""
    from django.db import transaction
    from django.utils import timezone

    from guide.catalogue import ensure_catalogue
    from guide.models import StarLegend, VenueIndexPage, VenuePage

    with transaction.atomic():
        home = ensure_home()
        index = ensure_child(
            home,
            VenueIndexPage,
            title="Les lieux qui vous aident",
            slug="lieux",
            intro="<p>Tous les lieux où l'on vous aide à utiliser le numérique.</p>",
        )
        families = ensure_catalogue()
        territories = ensure_territories()
        StarLegend.load()  # created now, not by the first request
    today = timezone.localdate()
    existing = VenuePage.objects.child_of(index).count()
    for start in range(existing, n_venues, VENUE_BATCH):
        with transaction.atomic():
            index = VenueIndexPage.objects.get(pk=index.pk)  # fresh numchild for add_child
            created = []
            for number in range(start, min(start + VENUE_BATCH, n_venues)):
                venue, extras = build_venue(number, territories, families, today)
                index.add_child(instance=venue)
                created.append((venue, extras))
            add_venue_children(created)
    return home, families, max(0, n_venues - existing)


def analyze():
    """Refresh the planner statistics, as autovacuum does in production after such a load.

    Without it PostgreSQL plans the finder's queries for empty tables (nested loops over
    thousands of rows), and autovacuum may kick in during the measurements.
    """
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")


def page_urls():
    """Path of each measured page, from the database."""
    from guide.models import NeedPage, VenuePage

    need = NeedPage.objects.get(slug=MEASURED_NEED_SLUG)
    venue = VenuePage.objects.get(slug="lieu-00000")
    return {
        FLOOR: "/plancher/",
        "home": "/",
        "need": need.url + NEED_QUERY,
        "finder": "/lieux/" + FINDER_QUERY,
        "venue": venue.url,
    }


def check_search_index():
    """Every live venue must be in Wagtail's search index, since the finder's ``q`` uses it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from guide.models import VenuePage

    venue_type = ContentType.objects.get_for_model(VenuePage)
    indexed = IndexEntry.objects.filter(content_type=venue_type).count()
    live = VenuePage.objects.live().count()
    found = VenuePage.objects.live().search("numérique").count()
    status = "ok" if indexed == live and found else "INCOMPLETE"
    print(f"search index: {indexed} venue entries for {live} live venues ({status})")


# --------------------------------------------------------------------------------------------
# Query counts


UNIQUE_NUMBERS = itertools.count(1)


def uncached(path, number=None):
    """``path`` with a parameter no page reads, so the whole-page cache never has it."""
    number = next(UNIQUE_NUMBERS) if number is None else number
    return f"{path}{'&' if '?' in path else '?'}bench={number}"


def capture_queries(urls):
    """Queries of one rendering per page, after a warm-up request; {page: captured queries}.

    Both requests bypass the whole-page cache (``portal/page_cache.py``), which would otherwise
    answer the second one without any query; the warm-up fills the menu and choices caches.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=REQUEST_HEADERS, HTTP_HOST=HOST)
    captured = {}
    for key, url in urls.items():
        warm = client.get(uncached(url))
        if warm.status_code != 200:
            raise RuntimeError(f"{url} answered {warm.status_code} in-process")
        with CaptureQueriesContext(connection) as context:
            response = client.get(uncached(url))
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code} in-process")
        captured[key] = context.captured_queries
    return captured


def profile_pages(urls, repeat=5, top=12):
    """In-process time per request and where it goes: the project's functions, then overall."""
    import cProfile
    import io
    import pstats

    from django.test import Client

    client = Client(headers=REQUEST_HEADERS, HTTP_HOST=HOST)
    for key, label in PAGES:
        client.get(uncached(urls[key]))
        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.enable()
        for _ in range(repeat):
            client.get(uncached(urls[key]))
        profiler.disable()
        per_request = (time.perf_counter() - began) / repeat * 1000
        print(f"\n--- profile of {label}: {per_request:.1f} ms per request in-process")
        for restriction, order in (("(guide|portal)/", "cumulative"), ("", "tottime")):
            stream = io.StringIO()
            stats = pstats.Stats(profiler, stream=stream).sort_stats(order)
            stats.print_stats(*([restriction] if restriction else []), top)
            lines = stream.getvalue().splitlines()
            header = [i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")]
            print(f"    by {order}{' (project code)' if restriction else ''}:")
            for line in lines[header[0] if header else len(lines) :]:
                if line.strip():
                    print(f"    {line.replace(str(PROJECT_DIR) + '/', '')}")


def shorten_sql(sql, width):
    """The selected columns elided (``SELECT … FROM``), then at most ``width`` characters."""
    columns = COLUMN_LIST.match(sql)
    if columns:
        sql = f"{columns.group(1)}… {sql[columns.end(2) :]}"
    return sql if len(sql) <= width else f"{sql[:width]} … [{len(sql)} chars]"


def print_queries(label, queries, width=700):
    total_ms = sum(float(query["time"]) for query in queries) * 1000
    print(f"\n--- {label}: {len(queries)} queries, {total_ms:.1f} ms in SQL")
    for number, query in enumerate(queries, 1):
        sql = shorten_sql(query["sql"], width)
        print(f"{number:3}. ({float(query['time']) * 1000:.1f} ms) {sql}")


def print_query_table(small, large, n_small, n_large):
    print("\nSQL queries per page (Django test client, after a warm-up request)")
    header = f"{'page':32} {f'@{n_small}':>6} {f'@{n_large}':>6} {'equal?':>7} {'<=15?':>6}"
    print(header)
    print("-" * len(header))
    met = True
    for key, label in PAGES:
        a, b = len(small[key]), len(large[key])
        equal, bounded = a == b, max(a, b) <= MAX_QUERIES
        met = met and equal and bounded
        print(
            f"{label:32} {a:>6} {b:>6} {'yes' if equal else 'NO':>7} "
            f"{'yes' if bounded else 'NO':>6}"
        )
    return met


# --------------------------------------------------------------------------------------------
# First-visit weight


class PageResources(html.parser.HTMLParser):
    """The same-origin files a browser fetches to show a page: stylesheets, scripts, icon,
    images, and the files the map's element names (Leaflet, loaded by ``map.js``)."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.has_map = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and {"stylesheet", "icon", "preload"} & set(rel):
            self.urls.append(attrs.get("href"))
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if "data-leaflet-js" in attrs:
            self.has_map = True
            self.urls.extend(attrs.get(name) for name in MAP_ELEMENT_ATTRIBUTES)


def _same_origin(url):
    parts = urlsplit(url)
    return not parts.netloc or parts.hostname in ("localhost", HOST)


def _body(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} in-process")
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body, response.get("Content-Type", "")


def _sent_size(body, content_type):
    """What goes over the wire: gzipped (level 6, a proxy's default) for text, else as is."""
    if content_type.startswith(COMPRESSED_TYPES):
        return len(gzip.compress(body, compresslevel=6))
    return len(body)


def page_weight(client, url):
    """(bytes, has a map, {resource: bytes}) of a first visit to ``url``: the HTML and every
    same-origin file it makes a browser fetch, once each, with what the stylesheets reference
    (fonts, images). Map tiles come from the tile server and are not counted."""
    body, content_type = _body(client, url)
    parser = PageResources()
    parser.feed(body.decode("utf-8"))
    sizes = {url: _sent_size(body, content_type)}
    pending = [urljoin(url, found) for found in parser.urls if found and _same_origin(found)]
    while pending:
        resource = pending.pop(0)
        path = urlsplit(resource)._replace(scheme="", netloc="", fragment="").geturl()
        if path in sizes or not _same_origin(resource):
            continue
        body, content_type = _body(client, path)
        sizes[path] = _sent_size(body, content_type)
        if content_type.startswith("text/css"):
            text = body.decode("utf-8", errors="replace")
            pending.extend(
                urljoin(path, found)
                for found in CSS_URL.findall(text)
                if not found.startswith("data:")
            )
    return sum(sizes.values()), parser.has_map, sizes


def measure_weights(urls):
    """{page: (bytes, has a map, {resource: bytes})}, fetched in-process (WhiteNoise serves the
    collected static files as in production)."""
    from django.test import Client

    client = Client(headers=REQUEST_HEADERS, HTTP_HOST=HOST)
    return {key: page_weight(client, uncached(urls[key])) for key, _label in PAGES}


def print_weight_table(weights):
    print("\nFirst-visit weight (HTML + same-origin CSS, JS, fonts, images; gzipped text)")
    header = f"{'page':32} {'KB':>7} {'map':>4} {'limit KB':>9}  verdict"
    print(header)
    print("-" * len(header))
    met = True
    for key, label in PAGES:
        total, has_map, sizes = weights[key]
        limit = MAX_WEIGHT_WITH_MAP if has_map else MAX_WEIGHT_WITHOUT_MAP
        light = total <= limit
        met = met and light
        print(
            f"{label:32} {total / 1000:>7.1f} {'yes' if has_map else 'no':>4} "
            f"{limit / 1000:>9.0f}  {'ok' if light else 'MISSED'}"
        )
        for path, size in sizes.items():
            print(f"    {size / 1000:>7.1f}  {path if len(path) <= 72 else path[:71] + '…'}")
    return met


# --------------------------------------------------------------------------------------------
# Serving and load


def wait_until_ready(process, port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", path, headers=REQUEST_HEADERS)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)  # polling interval
    raise RuntimeError(f"gunicorn not ready after {timeout} s")


def report_server_log(path):
    """Say whether gunicorn or Django logged errors; print the first lines that did."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    flagged = [line for line in lines if "Traceback" in line or "ERROR" in line]
    print(f"gunicorn log: {len(lines)} lines, {len(flagged)} with an error or traceback")
    for line in flagged[:5]:
        print(f"    {line}")


class LoadResult:
    def __init__(self):
        self.latencies = []
        self.errors = 0
        self.error_samples = []
        self.retries = 0
        self.lock = threading.Lock()
        self.elapsed = 0.0

    def record(self, latency=None, error=None):
        with self.lock:
            if error is None:
                self.latencies.append(latency)
            else:
                self.errors += 1
                if len(self.error_samples) < 3:
                    self.error_samples.append(error)

    def retried(self):
        with self.lock:
            self.retries += 1

    def add(self, other):
        """Count ``other``'s requests with these, as one longer measurement."""
        self.latencies += other.latencies
        self.errors += other.errors
        self.error_samples = (self.error_samples + other.error_samples)[:3]
        self.retries += other.retries
        self.elapsed += other.elapsed

    def percentile(self, rank):
        if len(self.latencies) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[rank - 1] * 1000


def load(port, path, clients, requests, warmup, bypass_page_cache=False):
    """``warmup`` then ``requests`` GETs of one path, from ``clients`` keep-alive threads.

    With ``bypass_page_cache`` every request has its own URL, so every page is rendered.
    """
    result = LoadResult()
    remaining = {"warmup": warmup, "measured": requests}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    measuring = threading.Barrier(clients + 1)

    def take(phase):
        with lock:
            if remaining[phase] <= 0:
                return False
            remaining[phase] -= 1
            return True

    def one_request(connection):
        target = uncached(path) if bypass_page_cache else path
        connection.request("GET", target, headers=REQUEST_HEADERS)
        response = connection.getresponse()
        response.read()
        if response.will_close:
            connection.close()  # http.client reconnects on the next request
        return response.status

    def attempt(connection):
        """Status of one GET, or raise. Like browsers, a request that finds its kept-alive
        connection closed by the server before any answer is sent again once on a new one
        (counted in ``retries``; its latency includes both attempts)."""
        reused = connection.sock is not None
        try:
            return one_request(connection)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            if not reused:
                raise
            result.retried()
            return one_request(connection)

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        start.wait()
        for phase in ("warmup", "measured"):
            if phase == "measured":
                measuring.wait()
            while take(phase):
                began = time.perf_counter()
                try:
                    status = attempt(connection)
                except (OSError, http.client.HTTPException) as error:
                    connection.close()
                    result.record(error=f"{type(error).__name__}: {error}")
                    continue
                latency = time.perf_counter() - began
                if status != 200:
                    result.record(error=f"HTTP {status}")
                elif phase == "measured":
                    result.record(latency=latency)
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    start.wait()
    # Warm-up: every client sends until the shared warm-up budget is spent, then all start
    # measuring together.
    measuring.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - began
    return result


def load_interleaved(port, urls, args, bypass_page_cache=False):
    """{page: LoadResult} of every page, measured in ``args.rounds`` rounds that each take
    every page in turn: a slow moment of a shared machine then weighs on every page alike
    instead of on whichever page it fell on, and the ratios to the floor stay comparable."""
    results = {key: LoadResult() for key, _label in PAGES}
    per_round = max(1, args.requests // args.rounds)
    for _round in range(args.rounds):
        for key, _label in PAGES:
            measured = load(
                port, urls[key], args.clients, per_round, args.warmup, bypass_page_cache
            )
            results[key].add(measured)
    return results


def print_load_table(results, clients, requests, title):
    print(f"\n{title}: latency at {clients} concurrent clients, {requests} requests per page")
    header = (
        f"{'page':32} {'p50 ms':>8} {'p95 ms':>8} {'p95/floor':>9} {'req/s':>7} "
        f"{'errors':>6} {'retried':>7}  verdict"
    )
    print(header)
    print("-" * len(header))
    floor_p95 = results[FLOOR].percentile(95)
    met = True
    for key, label in PAGES:
        result = results[key]
        p50, p95 = result.percentile(50), result.percentile(95)
        ratio = p95 / floor_p95
        fast = key == FLOOR or ratio <= MAX_P95_RATIO
        met = met and fast and not result.errors
        if result.errors:
            verdict = "MISSED (errors)"
        elif key == FLOOR:
            verdict = "floor"
        else:
            verdict = f"{'ok' if fast else 'MISSED'} (<= {MAX_P95_RATIO}x)"
        rate = len(result.latencies) / result.elapsed if result.elapsed else 0
        print(
            f"{label:32} {p50:>8.1f} {p95:>8.1f} {ratio:>8.2f}x {rate:>7.1f} "
            f"{result.errors:>6} {result.retries:>7}  {verdict}"
        )
        for sample in result.error_samples:
            print(f"    error sample: {sample}")
    if any(result.retries for result in results.values()):
        print(
            "retried: requests sent again because the server had closed their kept-alive "
            "connection without answering (gunicorn under overload); not errors"
        )
    return met


# --------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venues", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per page")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="rounds taking every page in turn (see load_interleaved)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--database", default="bench_pages", help="database to create and drop")
    parser.add_argument(
        "--keep-db", action="store_true", help="keep the database (and collected static files)"
    )
    parser.add_argument(
        "--show-queries", action="store_true", help="print the SQL of every measured page"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile each page in-process (cProfile)"
    )
    args = parser.parse_args()
    if args.venues < SMALL_VENUE_COUNT:
        parser.error(f"--venues must be at least {SMALL_VENUE_COUNT}")
    return args


def main():
    args = parse_args()
    environment = bench_environment(args.database)
    static_root = PROJECT_DIR / "staticfiles"
    static_created = not static_root.exists()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    server = None
    print(f"database {args.database} on {PG_SERVER_URL}, settings {SETTINGS_MODULE}")
    create_database(args.database)
    try:
        setup_django(environment)
        from django.conf import settings
        from django.core.cache import cache
        from django.core.management import call_command
        from django.db import connections

        cache.clear()  # a previous run's entries hold another database's ids
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        call_command("collectstatic", interactive=False, verbosity=0)
        print(f"collectstatic into {settings.STATIC_ROOT}: {time.perf_counter() - started:.1f} s")

        population = populate(SMALL_VENUE_COUNT)
        analyze()
        urls = page_urls()
        for key, label in PAGES:
            print(f"  {label:32} {urls[key]}")
        small = capture_queries(urls)
        population += populate(args.venues)
        print(f"population total: {population:.1f} s for {args.venues} venues")
        analyze()
        check_search_index()
        large = capture_queries(urls)
        queries_met = print_query_table(small, large, SMALL_VENUE_COUNT, args.venues)
        if args.show_queries:
            for key, label in PAGES:
                print_queries(f"{label} @{SMALL_VENUE_COUNT}", small[key])
                print_queries(f"{label} @{args.venues}", large[key])
        weights_met = print_weight_table(measure_weights(urls))
        if args.profile:
            profile_pages(urls)
        connections.close_all()

        port = free_port()
        server = start_web(
            Processes(log_dir), environment, "gunicorn", port, args.workers, args.threads
        )
        command = server.args
        wait_until_ready(server, port, urls[FLOOR])
        conn_max_age = settings.DATABASES["default"]["CONN_MAX_AGE"]
        print(
            f"\ngunicorn: {' '.join(command[2:])}\n"
            f"  (gthread workers; DATABASE_CONN_MAX_AGE={conn_max_age}; "
            f"{os.cpu_count()} CPUs shared with the clients)"
        )
        rendered = load_interleaved(port, urls, args, bypass_page_cache=True)
        latency_met = print_load_table(
            rendered,
            args.clients,
            args.requests,
            "Every request rendered (each URL unique: the first visit of each combination)",
        )
        cached = load_interleaved(port, urls, args)
        print_load_table(
            cached,
            args.clients,
            args.requests,
            "Whole-page cache on (the same URL again, for information)",
        )

        print()
        print(
            f"TARGET {'MET' if latency_met else 'MISSED'}: every page p95 <= "
            f"{MAX_P95_RATIO}x the floor's p95 at {args.clients} clients with every request "
            "rendered, 0 errors"
        )
        print(
            f"TARGET {'MET' if queries_met else 'MISSED'}: SQL queries per page equal at "
            f"{SMALL_VENUE_COUNT} and {args.venues} venues, and <= {MAX_QUERIES}"
        )
        print(
            f"TARGET {'MET' if weights_met else 'MISSED'}: first visit <= "
            f"{MAX_WEIGHT_WITH_MAP // 1000} KB gzipped with a map, "
            f"<= {MAX_WEIGHT_WITHOUT_MAP // 1000} KB without"
        )
    finally:
        if server is not None:
            server.processes.stop(server)
        if "django" in sys.modules:
            from django.db import connections

            from stats.store import pending_counts

            pending_counts.write()  # the measured requests' counts, before the database goes
            connections.close_all()
        if args.keep_db:
            print(f"kept database {args.database} and {static_root}")
        else:
            drop_database(args.database)
            if static_created:
                shutil.rmtree(static_root, ignore_errors=True)
        if server is not None:
            report_server_log(log_dir / "gunicorn.log")
        if args.keep_db:
            print(f"kept the gunicorn log in {log_dir}")
        else:
            shutil.rmtree(log_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
