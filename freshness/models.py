"""What the monthly freshness reminders sent (freshness/reminders.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.models import VenuePage


class VenueReminder(models.Model):
    """One e-mail asking a venue's contact to confirm its data, and whether they did.

    The row is written before the e-mail leaves, so a run that stops midway and is started
    again never writes to the same venue twice (see ``reminders.remind_stale_venues``).
    """

    venue = models.ForeignKey(
        VenuePage, verbose_name=_("lieu"), on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(_("envoyé le"))
    email = models.CharField(_("adresses"), max_length=500)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("relance de vérification")
        verbose_name_plural = _("relances de vérification")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["venue", "-sent_at"])]
        # The table kept its name from when reminders were part of the guide app.
        db_table = "guide_venuereminder"

    def __str__(self):
        return f"{self.venue_id} {self.sent_at:%Y-%m-%d}"
