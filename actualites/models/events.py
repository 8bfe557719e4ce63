"""Events of the agenda: workshops, forums, conferences, in a venue, elsewhere or online."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import body_blocks


class EventIndexPage(Page):
    """``/agenda/``: upcoming and past events, filtered by month and theme."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")


class EventPage(Page):
    class Registration(models.TextChoices):
        NONE = "libre", _("Entrée libre")
        REQUIRED = "inscription", _("Sur inscription")
        INVITATION = "invitation", _("Sur invitation")

    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_(
            "Les heures sont alors ignorées : l'événement dure du jour de début au jour de fin."
        ),
    )
    summary = models.TextField(_("résumé"), max_length=300)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), blank=True, verbose_name=_("contenu"))

    venue = models.ForeignKey(
        "guide.VenuePage",
        verbose_name=_("lieu du guide"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    place_name = models.CharField(
        _("nom du lieu"), max_length=160, blank=True, help_text=_("Si le lieu n'est pas au guide.")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    online_url = models.URLField(_("lien pour suivre en direct"), blank=True)
    replay_url = models.URLField(_("lien du replay"), blank=True)

    audience = models.CharField(
        _("public"), max_length=160, blank=True, help_text=_("Par exemple : seniors, tout public.")
    )
    price = models.CharField(_("tarif"), max_length=120, blank=True, help_text=_("Vide : gratuit."))
    registration = models.CharField(
        _("inscription"), max_length=12, choices=Registration.choices, default=Registration.NONE
    )
    registration_url = models.URLField(_("lien d'inscription"), blank=True)
    registration_phone = models.CharField(_("téléphone d'inscription"), max_length=30, blank=True)
    capacity_note = models.CharField(
        _("places"), max_length=120, blank=True, help_text=_("Par exemple : 12 places.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
            ],
            heading=_("Quand"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                FieldPanel("online_url"),
                FieldPanel("replay_url"),
            ],
            heading=_("Où"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("price"),
                FieldPanel("registration"),
                FieldRowPanel([FieldPanel("registration_url"), FieldPanel("registration_phone")]),
                FieldPanel("capacity_note"),
            ],
            heading=_("Pour qui, comment"),
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("topics", label=_("Thèmes")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["actualites.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [models.Index(fields=["start"])]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("La fin doit venir après le début.")
        if self.registration == self.Registration.REQUIRED and not (
            self.registration_url or self.registration_phone
        ):
            errors["registration_url"] = _(
                "Sur inscription : indiquez un lien ou un téléphone pour s'inscrire."
            )
        if self.venue_id is None and not (self.place_name or self.address or self.online_url):
            errors["venue"] = _(
                "Indiquez où a lieu l'événement : un lieu du guide, une adresse ou un lien pour "
                "le suivre en ligne."
            )
        if errors:
            raise ValidationError(errors)


class EventTopic(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(
        "actualites.Topic", verbose_name=_("thème"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]
