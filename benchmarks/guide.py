"""Printable guide benchmark: 300 venues (about twice Bordeaux's guide) in one PDF.

    .venv/bin/python benchmarks/guide.py [--venues 300] [--format a4] [--processes N]
                                         [--keep PATH]

Creates a throw-away SQLite database with the test settings, migrates it, fills it with
venues over ten territories with full data (long presentations, two to four service families
with each service at its own level, equipment, opening hours, closures), builds the guide with
``render_guide`` (its parts laid out by one process per core unless ``--processes`` says
otherwise) and prints seconds, pages, pages per second and peak memory: the largest sum, sampled
every 50 ms, of the resident memory of this process and of its worker processes. It also says
how many venue pages the layout had to tighten or let run over a page (``guide.pdf.guide``'s
log). Target: at most 30 s and 1 GB on a 2-core machine.

The exit code is always 0: this is a report, read its TARGET MET / TARGET MISSED lines.
"""

import argparse
import io
import logging
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from stack.system import TreeMemory

PROJECT_DIR = Path(__file__).resolve().parent.parent
MAX_SECONDS = 30
MAX_RSS_MB = 1024
WORDS = (
    "accompagnement numérique démarches en ligne atelier initiation ordinateur tablette "
    "smartphone caf impôts retraite emploi familles seniors jeunes accueil gratuit "
    "rendez-vous quartier association médiathèque centre social permanence partenaires"
).split()
COMMUNES = ("Metz", "Montigny-lès-Metz", "Woippy", "Marly", "Le Ban-Saint-Martin")
HOURS = (
    "Mo-Fr 09:00-12:00,13:30-17:00",
    "Mo,Tu,Fr 13:30-18:30; We 09:00-12:00,13:30-18:30; Th 09:00-12:00,13:30-17:00",
    "Tu-Sa 10:00-18:00",
    "Mo-Th 08:30-12:00,13:30-16:30; Fr 08:30-12:00",
    "We 14:00-18:00; Sa 09:30-12:30",
)


def text(rng, words):
    sentence = " ".join(rng.choice(WORDS) for _ in range(words))
    return sentence[0].upper() + sentence[1:] + "."


def setup(db_path):
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def populate(count, seed=2026):
    from wagtail.models import Locale, Page, Site

    from guide import vocab
    from guide.catalogue import ensure_catalogue
    from guide.models import (
        Territory,
        VenueClosure,
        VenueEquipment,
        VenueIndexPage,
        VenuePage,
        VenueServiceLevel,
    )
    from portal.models import HomePage

    rng = random.Random(seed)
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-bench", locale=locale))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    index = home.add_child(instance=VenueIndexPage(title="Les lieux", slug="lieux"))
    families = list(ensure_catalogue().values())
    territories = [
        Territory.objects.create(
            name=f"Quartier {number}",
            slug=f"quartier-{number}",
            code_prefix=chr(ord("A") + number),
            sort_order=number,
            locale=locale,
        )
        for number in range(10)
    ]
    publics = [value for value, _label in vocab.Public.choices]
    kinds = [value for value, _label in vocab.Equipment.choices]
    for number in range(count):
        territory = territories[number % len(territories)]
        paragraphs = "".join(f"<p>{text(rng, rng.randint(40, 90))}</p>" for _ in range(3))
        venue = VenuePage(
            title=f"{rng.choice(['Centre social', 'Médiathèque', 'Espace France services'])} "
            f"{number + 1} {text(rng, 2)[:-1]}",
            slug=f"lieu-{number}",
            code=f"{territory.code_prefix}{number // len(territories) + 1}",
            territory=territory,
            live=True,
            summary=text(rng, 25)[:280],
            presentation=paragraphs,
            access_conditions=text(rng, rng.randint(10, 40)),
            delay="2 semaines environ",
            steps=text(rng, rng.randint(8, 25)),
            documents_to_bring="Pièce d'identité\nIdentifiants\nTéléphone portable",
            access_modes=["se-presenter", "telephoner"],
            legal_status=vocab.LegalStatus.choices[0][0],
            address=f"{number + 1} rue des Lilas",
            postcode="57000",
            commune=rng.choice(
                ["Metz", "Montigny-lès-Metz", "Woippy", "Marly", "Le Ban-Saint-Martin"]
            ),
            phone="03 87 00 00 00",
            emails=f"contact{number}@example.org",
            website=f"https://lieu{number}.example.org/",
            transport="Mettis A, lignes 5 et 11",
            step_free=rng.choice([True, False, None]),
            publics=rng.sample(publics, rng.randint(3, 9)),
            support_by_appointment=True,
            support_drop_in=rng.random() < 0.5,
            support_workshops=rng.random() < 0.5,
            mediators_count=rng.randint(1, 5),
            mediators_note="salariés et bénévoles",
            opening_hours=rng.choice(HOURS),
            hours_note=text(rng, 8),
        )
        venue.equipment = [
            VenueEquipment(kind=kind, count=rng.randint(1, 10))
            for kind in rng.sample(kinds, rng.randint(2, 5))
        ]
        venue.closures = [VenueClosure(start_date=date(2026, 8, 1), end_date=date(2026, 8, 21))]
        # Each service offered its own level, around the family's usual one: one line each
        # in the guide's "Niveau d'expertise" tables.
        levels = []
        for family in rng.sample(families, rng.randint(2, 4)):
            items = list(family.items.all())
            usual = rng.randint(1, 3)
            for item in rng.sample(items, rng.randint(1, len(items))):
                level = min(3, max(1, usual + rng.choice([-1, 0, 0, 1])))
                levels.append(VenueServiceLevel(item=item, level=level, sort_order=len(levels)))
        venue.service_levels = levels
        index.add_child(instance=venue)


class LayoutPasses(logging.Handler):
    """Counts what ``guide.pdf.guide`` logs: pages (venues, territory openings) tightened after
    a layout, venues over a page."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.tightened = self.overflowing = 0

    def emit(self, record):
        if record.msg.startswith("Guide layout: %d pages overflowing"):
            self.tightened += record.args[0]
        elif record.msg.startswith("%s runs over one page") and record.args[0].startswith("Venue "):
            self.overflowing += 1


def count_start_levels(guide_module):
    """How many venues ``start_level`` (the guess from ``Entry.weight``) put in each layout."""
    counts = {}
    guess = guide_module.start_level

    def counted(weight, page_size):
        level = guess(weight, page_size)
        counts[level] = counts.get(level, 0) + 1
        return level

    guide_module.start_level = counted
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venues", type=int, default=300)
    parser.add_argument("--format", choices=("a4", "a5"), default="a4")
    parser.add_argument("--processes", type=int, default=os.cpu_count(), help="one per core")
    parser.add_argument("--keep", help="write the PDF there")
    args = parser.parse_args()
    logging.basicConfig(format="%(message)s")
    logging.getLogger("guide.pdf").setLevel(logging.INFO)  # layout passes
    logging.getLogger("django.tasks").setLevel(logging.WARNING)  # one line per indexing task

    with tempfile.TemporaryDirectory() as folder:
        setup(Path(folder) / "bench.sqlite3")
        started = time.monotonic()
        populate(args.venues)
        print(f"{args.venues} venues created in {time.monotonic() - started:.1f} s")

        from django.conf import settings
        from pypdf import PdfReader

        from guide.models.guide_scope import GuideOptions
        from guide.pdf import guide as guide_module
        from guide.pdf.content import LEVELS

        settings.GUIDE_PDF_PROCESSES = args.processes
        passes = LayoutPasses()
        logging.getLogger("guide.pdf.guide").addHandler(passes)
        start_levels = count_start_levels(guide_module)
        started = time.monotonic()
        with TreeMemory({"guide": os.getpid()}) as memory:
            pdf = guide_module.render_guide(GuideOptions(year=2026, page_size=args.format))
        seconds = time.monotonic() - started
        rss_mb = memory.peak_mb("guide")
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if args.keep:
            Path(args.keep).write_bytes(pdf)

    print(f"guide: {seconds:.1f} s, {pages} pages, {pages / seconds:.1f} pages/s")
    print(f"processes: {args.processes}, peak RSS (all processes): {rss_mb:.0f} MB")
    print(f"PDF: {len(pdf) / 1e6:.1f} MB")
    guessed = ", ".join(
        f"{start_levels.get(level, 0)} {name or 'roomy'}" for level, name in enumerate(LEVELS)
    )
    print(
        f"venue layouts guessed from their weight: {guessed}; "
        f"{passes.tightened} tightened after layout, {passes.overflowing} over one page"
    )
    verdict = "MET" if seconds <= MAX_SECONDS else "MISSED"
    print(f"TARGET {verdict}: time {seconds:.1f} s (at most {MAX_SECONDS} s)")
    verdict = "MET" if rss_mb <= MAX_RSS_MB else "MISSED"
    print(f"TARGET {verdict}: memory {rss_mb:.0f} MB (at most {MAX_RSS_MB} MB)")


if __name__ == "__main__":
    main()
