"""``manage.py build_guide``: the printable guide (or an extract of it) as a PDF file."""

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from guide.models.guide_scope import GuideOptions
from guide.pdf.content import EmptyGuideError
from guide.pdf.guide import render_guide


class Command(BaseCommand):
    help = (
        "Produit le guide imprimable « Le numérique pour tous » (PDF) à partir des lieux "
        "publiés, ou un extrait pour un territoire ou un besoin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Année de l'édition.")
        parser.add_argument(
            "--territory",
            action="append",
            default=[],
            metavar="SLUG",
            help="Extrait limité à ce territoire (option répétable).",
        )
        parser.add_argument("--need", default="", metavar="SLUG", help="Extrait pour ce besoin.")
        parser.add_argument("--format", choices=("a4", "a5"), default="a4", dest="page_size")
        parser.add_argument("--title", default="", help="Titre du guide (couverture).")
        parser.add_argument("--cover-image", default=None, help="Image locale de couverture.")
        parser.add_argument(
            "--cover-alt",
            default="",
            help="Texte alternatif de l'image de couverture (sans lui, elle est décorative).",
        )
        parser.add_argument("--output", required=True, help="Fichier PDF à écrire.")

    def handle(self, *args, **options):
        guide_options = GuideOptions(
            year=options["year"],
            title=options["title"],
            cover_image_path=options["cover_image"],
            cover_image_alt=options["cover_alt"],
            page_size=options["page_size"],
            territory_slugs=tuple(options["territory"]),
            need_slug=options["need"],
        )
        output = options["output"]
        started = time.monotonic()
        last = {"line": None, "step": None, "percent": -100}
        interactive = self.stdout.isatty()

        def progress(step, done, total):
            percent = 100 * done // total if total else 100
            line = f"{step} — {percent} %"
            if line == last["line"]:
                return
            last["line"] = line
            if interactive:
                self.stdout.write(f"\r{line:<60}", ending="")
                self.stdout.flush()
            elif step != last["step"] or percent >= last["percent"] + 10 or percent == 100:
                # A log, not a terminal: a line per step and every tenth.
                last["step"], last["percent"] = step, percent
                self.stdout.write(line)

        try:
            pdf = render_guide(guide_options, progress=progress)
        except EmptyGuideError as error:
            if interactive:
                self.stdout.write("")
            self.stderr.write(str(error))
            raise CommandError(str(error)) from error
        if interactive:
            self.stdout.write("")
        partial = output + ".part"
        try:
            with open(partial, "wb") as file:
                file.write(pdf)
                file.flush()
                os.fsync(file.fileno())
            os.replace(partial, output)
        except BaseException:
            if os.path.exists(partial):
                os.remove(partial)
            raise
        self.stdout.write(
            f"Guide écrit dans {output} ({len(pdf) // 1024} Ko, "
            f"{time.monotonic() - started:.1f} s)."
        )
        sys.stdout.flush()
