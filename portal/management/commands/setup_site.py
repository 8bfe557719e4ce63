"""python manage.py setup_site --city "Ville de Metz" --url https://numerique.metz.fr [--email …]

The first run of a city's site (portal/site_setup.py): the Site record at the public address,
the city's name, and the whole page tree in French, published. Run again, it changes no page:
it creates only what is missing and says what was already there; the address and the name follow
the arguments. Languages whose tree is synchronised from French get the new pages as aliases.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import ngettext

from portal.language_trees import synchronise_trees
from portal.site_setup import public_address, set_up_site


class Command(BaseCommand):
    help = (
        "Met le site en service : adresse publique, nom de la collectivité et pages en français "
        "(accueil, lieux, Qui fait quoi ?, actualités, agenda, lettre, guide, accessibilité, "
        "mentions légales, données personnelles, contact, données ouvertes, plan du site). "
        "Ne crée que ce qui manque."
    )

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="nom de la collectivité")
        parser.add_argument(
            "--url", required=True, help="adresse publique du site, par exemple https://…"
        )
        parser.add_argument(
            "--email", default="", help="e-mail de contact de la collectivité (facultatif)"
        )

    def handle(self, *args, city, url, email, **options):
        try:
            public_address(url)
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            with transaction.atomic():
                set_up_site(url=url, city=city, email=email, log=self.stdout.write)
                aliases = synchronise_trees()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if aliases:
            self.stdout.write(
                ngettext(
                    "Autres langues : %(count)d page ajoutée en alias.",
                    "Autres langues : %(count)d pages ajoutées en alias.",
                    aliases,
                )
                % {"count": aliases}
            )
