"""Sending an issue: one send, one delivery record per recipient (exactly once, resumable)."""

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from .subscribers import Subscriber


class NewsletterSend(models.Model):
    class Status(models.TextChoices):
        QUEUED = "attente", _("En attente")
        SENDING = "envoi", _("Envoi en cours")
        DONE = "termine", _("Terminé")
        FAILED = "echec", _("Échec")

    issue = models.ForeignKey(
        "actualites.NewsletterIssuePage",
        verbose_name=_("numéro"),
        on_delete=models.PROTECT,
        related_name="sends",
    )
    status = models.CharField(
        _("état"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("envoi de la lettre")
        verbose_name_plural = _("envois de la lettre")
        ordering = ["-created_at"]
        # A second click, or two editors at once, cannot start a second send of an issue.
        constraints = [models.UniqueConstraint(fields=["issue"], name="one_send_per_issue")]

    def __str__(self):
        return f"{self.issue} — {self.created_at:%d/%m/%Y}"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


class Delivery(models.Model):
    """One recipient of one send. The e-mail is blanked if the subscriber leaves."""

    class Status(models.TextChoices):
        PENDING = "attente", _("À envoyer")
        SENT = "envoye", _("Envoyé")
        FAILED = "echec", _("Échec")

    send = models.ForeignKey(NewsletterSend, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        "actualites.Subscriber", null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(_("adresse"), blank=True)
    status = models.CharField(
        _("état"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.TextField(_("raison de l'échec"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # Which worker holds this pending delivery, and until when (or, after a temporary SMTP
    # failure, not before when it may be tried again). Claims only spread the work: the change
    # to "sent" is conditional on the claim, so two workers never both send (newsletter/send.py).
    claim = models.CharField(max_length=32, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("destinataire")
        verbose_name_plural = _("destinataires")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["send", "status"])]

    def __str__(self):
        return self.email or str(self.pk)


@receiver(pre_delete, sender=Subscriber)
def forget_deliveries(sender, instance, **kwargs):
    """Whoever deletes a subscriber (unsubscribe link, editor), its address leaves with it.

    Past deliveries keep their state for the send's counts, without the address; deliveries
    not sent yet are dropped, and a worker holding one cannot mark it sent any more.
    """
    deliveries = Delivery.objects.filter(subscriber=instance)
    deliveries.filter(status=Delivery.Status.PENDING).delete()
    deliveries.update(email="", subscriber=None)
