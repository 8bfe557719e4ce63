"""What residents and venues send in: declarations of a venue, proposed changes, error reports.

One model for the moderators' single inbox. ``venue_data`` holds the proposed values of a venue
as JSON, keyed by the VenuePage field names listed in ``DECLARABLE_FIELDS``:

- text and choice fields: a string ("" when empty);
- MultipleChoiceField fields (typology, publics…): a list of vocabulary values;
- booleans: true/false; ``step_free``: true, false or null (unknown);
- ``presentation``: plain text, paragraphs separated by blank lines (turned into rich text when a
  moderator applies the declaration);
- ``services``: the declarant's self-assessed stars, one entry per detailed service offered, in
  the catalogue's order: ``[{"item": <ServiceItem slug>, "family": <ServiceFamily slug>,
  "level": 1-3}, …]``. The two slugs name the item (an item's slug is unique within its family
  only, and both are the same in every language); a service not offered has no entry. Entries
  whose slugs the catalogue no longer knows are ignored when read. Declarations stored before
  per-service levels had one entry per family, ``{"family", "level", "items": [slugs]}``;
  migration 0002 rewrote them.

The territory is a foreign key (moderators are limited to theirs), not part of ``venue_data``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guide.models import Territory, VenuePage
from guide.models.moderation import moderated_territory_ids, moderates_all_territories

# VenuePage fields a declarant may propose, in the order the form and the diff show them.
DECLARABLE_FIELDS = (
    "title",
    "typology",
    "legal_status",
    "pivot",
    "parent_structure",
    "programmes",
    "summary",
    "presentation",
    "address",
    "address_complement",
    "postcode",
    "commune",
    "phone",
    "emails",
    "website",
    "other_websites",
    "transport",
    "step_free",
    "accessibility_url",
    "access_conditions",
    "steps",
    "documents_to_bring",
    "access_modes",
    "fee",
    "fee_details",
    "booking_url",
    "publics",
    "support_by_appointment",
    "support_drop_in",
    "support_workshops",
    "support_remote",
    "support_self_service",
    "interpreter",
    "languages",
    "opening_hours",
    "hours_note",
)

# Crockford's base 32: no I, L, O or U, so a code read over the phone cannot be misheard.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_LENGTH = 12  # 60 bits: unguessable, and lookups are rate-limited


def new_tracking_code():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalize_tracking_code(typed):
    """The stored form of a code as someone typed it: case, spaces, dashes and look-alikes."""
    cleaned = "".join(typed.split()).replace("-", "").upper()
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


class DeclarationQuerySet(models.QuerySet):
    def for_moderator(self, user):
        """The declarations this user may see and act on: those of the territories she
        moderates (``guide.models.moderation``)."""
        if moderates_all_territories(user):
            return self
        return self.filter(territory_id__in=moderated_territory_ids(user))


class Declaration(models.Model):
    class Kind(models.TextChoices):
        NEW_VENUE = "nouveau", _("Nouveau lieu")
        CHANGE = "modification", _("Modification d'un lieu")
        ERROR_REPORT = "signalement", _("Signalement d'erreur")

    class Status(models.TextChoices):
        RECEIVED = "recue", _("Reçue")
        IN_PROGRESS = "en_cours", _("En cours de traitement")
        ACCEPTED = "acceptee", _("Acceptée et publiée")
        REFUSED = "refusee", _("Refusée")

    class Origin(models.TextChoices):
        FORM = "formulaire", _("Formulaire public")
        VERIFICATION = "verification", _("Lien de vérification envoyé au lieu")
        DATA_INCLUSION = "data-inclusion", _("data·inclusion")

    tracking_code = models.CharField(
        _("code de suivi"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    origin = models.CharField(
        _("origine"), max_length=20, choices=Origin.choices, default=Origin.FORM
    )
    venue = models.ForeignKey(
        VenuePage,
        verbose_name=_("lieu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
        help_text=_("Le lieu concerné, ou celui créé à partir de la déclaration."),
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="declarations",
    )

    # Blank only for anonymous error reports; the declaration form requires both.
    declarant_name = models.CharField(_("nom du déclarant"), max_length=150, blank=True)
    declarant_role = models.CharField(_("fonction"), max_length=150, blank=True)
    declarant_structure = models.CharField(_("structure"), max_length=200, blank=True)
    declarant_email = models.EmailField(_("e-mail du déclarant"), blank=True)
    declarant_phone = models.CharField(_("téléphone du déclarant"), max_length=30, blank=True)
    language = models.CharField(
        _("langue du déclarant"), max_length=10, choices=settings.LANGUAGES, default="fr"
    )

    venue_data = models.JSONField(_("informations proposées"), default=dict, blank=True)
    message = models.TextField(
        _("message"), blank=True, help_text=_("Pour un signalement : ce qui est faux.")
    )
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    # An imported declaration (opendata/data_inclusion_import.py): the producer and the record's
    # id in the file, and a fingerprint of what it proposes, so that importing the same file
    # again creates nothing.
    source = models.CharField(_("source des données"), max_length=120, blank=True)
    external_id = models.CharField(_("identifiant dans la source"), max_length=200, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("déclaration")
        verbose_name_plural = _("déclarations et signalements")
        ordering = ["-created_at"]
        # The table kept its name from when declarations were part of the guide app.
        db_table = "guide_declaration"
        constraints = [
            # One open declaration per imported record: a re-import updates it or waits.
            models.UniqueConstraint(
                fields=["origin", "source", "external_id"],
                condition=models.Q(status__in=["recue", "en_cours"]) & ~models.Q(external_id=""),
                name="one_open_declaration_per_imported_record",
            ),
        ]

    def __str__(self):
        subject = self.venue_data.get("title") or (self.venue.title if self.venue else "")
        return f"{self.get_kind_display()} — {subject}" if subject else self.get_kind_display()

    @property
    def display_code(self):
        """The code as printed for people: three groups of four."""
        code = self.tracking_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
