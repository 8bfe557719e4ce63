"""Newsletter subscribers, kept with their consent date and nothing more than needed."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """One e-mail address. Unsubscribing deletes the row: no personal data outlives consent."""

    class Status(models.TextChoices):
        PENDING = "attente", _("En attente de confirmation")
        CONFIRMED = "confirme", _("Confirmé")

    class Source(models.TextChoices):
        FORM = "formulaire", _("Formulaire du site")
        IMPORT = "import", _("Import CSV")

    email = models.EmailField(_("adresse e-mail"), unique=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(
        _("origine"), max_length=12, choices=Source.choices, default=Source.FORM
    )
    language = models.CharField(_("langue"), max_length=8, default="fr")
    # Random per subscriber: signed links (confirm, unsubscribe) name it, so a link works for
    # one address only and stops working once the row is gone.
    key = models.CharField(max_length=40, default=new_key, unique=True, editable=False)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    consent_at = models.DateTimeField(_("consentement le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email
