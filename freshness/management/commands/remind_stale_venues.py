"""python manage.py remind_stale_venues [--dry-run] [--older-than-months 12]

Monthly (cron): e-mails each stale venue's contact a link to confirm its data or propose
changes (freshness/reminders.py says who, and why a run started twice sends nothing twice).
"""

from django.core.management.base import BaseCommand, CommandError

from freshness.reminders import DEFAULT_OLDER_THAN_MONTHS, remind_stale_venues


class Command(BaseCommand):
    help = "Relance par e-mail les lieux dont les informations n'ont pas été vérifiées récemment."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="ne rien envoyer ni enregistrer")
        parser.add_argument(
            "--older-than-months",
            type=int,
            default=DEFAULT_OLDER_THAN_MONTHS,
            help=f"âge minimal des informations, en mois (défaut : {DEFAULT_OLDER_THAN_MONTHS})",
        )

    def handle(self, *args, dry_run, older_than_months, **options):
        if older_than_months < 1:
            raise CommandError("--older-than-months : indiquez un nombre de mois, 1 au moins.")
        run = remind_stale_venues(older_than_months=older_than_months, dry_run=dry_run)
        verb = "À relancer" if dry_run else "Relancé"
        for venue in run.sent:
            self.stdout.write(f"{verb} : {venue.title} ({', '.join(venue.email_list)})")
        for venue in run.without_email:
            self.stdout.write(f"Sans adresse e-mail : {venue.title}")
        for venue, error in run.failed:
            self.stderr.write(f"Échec : {venue.title} : {error}")
        if dry_run:
            self.stdout.write("Simulation : aucun e-mail envoyé, rien n'a été enregistré.")
        self.stdout.write(run.summary())
