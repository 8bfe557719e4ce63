import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Crée (ou réinitialise) le compte administrateur de démonstration et affiche ses "
        "identifiants. Mot de passe : DEMO_ADMIN_PASSWORD, sinon un mot de passe aléatoire."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DEMO_ADMIN_USER", "admin")
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(9)
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        port = os.environ.get("PORT", "8000")
        self.stdout.write(
            f"Administration : http://127.0.0.1:{port}/admin/ — "
            f"identifiant « {username} », mot de passe « {password} »"
        )
