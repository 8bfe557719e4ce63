"""Events of the agenda: workshops, forums, conferences, in a venue, elsewhere or online."""

import re
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.content_cache import cached
from portal.localized import localized, pages_in_locale
from portal.validators import validate_web_url
from portal.visibility import ResidentPageManager

from ..ics import calendar_response
from ..jsonld import event_jsonld
from ..when import describe_when
from .blocks import body_blocks
from .topics import TopicFilter

EVENTS_PER_PAGE = 10
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def start_of_day(now):
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def not_ended(now):
    """Events still to come or under way.

    A timed event ends at its end; one without an end, or lasting whole days, stays listed
    until the evening of its last day, since the day itself is all its reader knows.
    """
    today = start_of_day(now)
    return Q(end__gte=now) | Q(end__isnull=True, start__gte=today) | Q(all_day=True, end__gte=today)


def show_venues_in_language(events, locale_id):
    """Give each event its ``shown_venue`` in the list's language, with one query."""
    events = list(events)
    shown = pages_in_locale([event.venue for event in events if event.venue_id], locale_id)
    for event in events:
        event.shown_venue = shown.get(event.venue_id)
    return events


def is_not_ended(event, now):
    """``not_ended`` for one event already read."""
    today = start_of_day(now)
    if event.end is None:
        return event.start >= today
    return event.end >= now or (event.all_day and event.end >= today)


# How many of a venue's events of the day its page keeps: more than it shows, so that those
# ending during the day leave enough.
KEPT_EVENTS = 10


def upcoming_events_section(venue, now, limit=3):
    """The next events held in a venue, for its page, in the page's language.

    Events in another language than French are often aliases, which point to the French venue.
    The day's events are read once per day and publication; those ended since are left out
    here, minute by minute, and only a day of many events reads them again.
    """

    def events(moment):
        events = EventPage.objects.visible().filter(
            not_ended(moment),
            locale_id=venue.locale_id,
            venue__translation_key=venue.translation_key,
        )
        return list(events.order_by("start", "pk")[:KEPT_EVENTS])

    today = start_of_day(now)
    of_the_day = cached(
        f"venue-events:{venue.translation_key}:{venue.locale_id}:{today.date()}",
        lambda: events(today),
    )
    upcoming = [event for event in of_the_day if is_not_ended(event, now)][:limit]
    if len(upcoming) < limit and len(of_the_day) == KEPT_EVENTS:
        upcoming = events(now)[:limit]
    if not upcoming:
        return None
    return {"template": "actualites/includes/venue_events.html", "events": upcoming}


class MonthFilter:
    """The ``?mois=2027-01`` of the agenda; anything else is ignored, and the page says so."""

    parameter = "mois"

    def __init__(self, request):
        self.value = request.GET.get(self.parameter, "").strip()
        self.first_day = self._parse(self.value)
        self.is_unknown = bool(self.value) and self.first_day is None

    @staticmethod
    def _parse(value):
        match = MONTH_PATTERN.match(value)
        # Up to 9998: the filter reads up to the next month's first day, and Python's dates
        # end with 9999 (``mois=9999-12`` was a server error).
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 9998:
            return None
        return datetime(int(match[1]), int(match[2]), 1, tzinfo=timezone.get_current_timezone())

    def overlapping(self):
        """Events that take place, even partly, during the month."""
        # Wall-clock arithmetic (zoneinfo): midnight of the next month's first day in Paris.
        month_end = (self.first_day + timedelta(days=32)).replace(day=1)
        return Q(start__lt=month_end) & (
            Q(end__gte=self.first_day) | Q(end__isnull=True, start__gte=self.first_day)
        )


def topics_with_names():
    """Prefetch an event's ``topics`` with their Topic in the same query."""
    return Prefetch("topics", EventTopic.objects.select_related("topic"))


class EventIndexPage(RoutablePageMixin, Page):
    """``/agenda/``: upcoming events soonest first; ``passes/``: past ones, newest first.

    Both filter by month and theme; ``agenda.ics`` is the calendar feed of upcoming events.
    """

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["actualites.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")

    def events(self):
        """Live events of this agenda with what their cards show."""
        return (
            EventPage.objects.visible()
            .child_of(self)
            .select_related("venue", "image")
            .prefetch_related("image__renditions", topics_with_names())
        )

    def upcoming(self, now):
        return self.events().filter(not_ended(now)).order_by("start", "pk")

    def past(self, now):
        return self.events().exclude(not_ended(now)).order_by("-start", "-pk")

    def calendar_url(self, request=None):
        """``/agenda/agenda.ics``: the route, without the slash Wagtail's routing adds."""
        return self.get_url(request) + self.reverse_subpage("ics").rstrip("/")

    def get_context(self, request, *args, past=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        topic_filter = TopicFilter(request, self.locale_id)
        month_filter = MonthFilter(request)
        events = self.past(now) if past else self.upcoming(now)
        if topic_filter.topic:
            events = events.filter(
                topics__topic__translation_key=topic_filter.topic.translation_key
            )
        months = events.datetimes("start", "month", order="DESC" if past else "ASC")
        if month_filter.first_day:
            events = events.filter(month_filter.overlapping())
        events_page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        events_page.object_list = show_venues_in_language(events_page.object_list, self.locale_id)
        context.update(
            now=now,
            past=past,
            calendar_url=self.calendar_url(request),
            topic_filter=topic_filter,
            month_filter=month_filter,
            months=months,
            events_page=events_page,
        )
        return context

    @path("")
    def upcoming_list(self, request):
        return self.render(request)

    @path("passes/", name="past")
    def past_list(self, request):
        return self.render(request, past=True)

    @path("agenda.ics/", name="ics")
    def calendar_feed(self, request):
        """Every upcoming event, for a calendar application to subscribe to."""
        return calendar_response(
            self.upcoming(timezone.now()).select_related("venue"),
            request,
            name=self.title,
            filename="agenda.ics",
        )


class EventPage(RoutablePageMixin, Page):
    objects = ResidentPageManager()
    in_site_map = False  # too many for the site map: the agenda lists them

    class Registration(models.TextChoices):
        NONE = "libre", _("Entrée libre")
        REQUIRED = "inscription", _("Sur inscription")
        INVITATION = "invitation", _("Sur invitation")

    class Status(models.TextChoices):
        SCHEDULED = "prevu", _("Prévu")
        POSTPONED = "reporte", _("Reporté")
        CANCELLED = "annule", _("Annulé")

    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"), null=True, blank=True)
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_(
            "Les heures sont alors ignorées : l'événement dure du jour de début au jour de fin."
        ),
    )
    status = models.CharField(
        _("état"),
        max_length=8,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text=_("Un événement annulé ou reporté reste affiché, avec la mention."),
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
    online_url = models.URLField(
        _("lien pour suivre en direct"), blank=True, validators=[validate_web_url]
    )
    replay_url = models.URLField(_("lien du replay"), blank=True, validators=[validate_web_url])

    audience = models.CharField(
        _("public"), max_length=160, blank=True, help_text=_("Par exemple : seniors, tout public.")
    )
    price = models.CharField(_("tarif"), max_length=120, blank=True, help_text=_("Vide : gratuit."))
    registration = models.CharField(
        _("inscription"), max_length=12, choices=Registration.choices, default=Registration.NONE
    )
    registration_url = models.URLField(
        _("lien d'inscription"), blank=True, validators=[validate_web_url]
    )
    registration_phone = models.CharField(_("téléphone d'inscription"), max_length=30, blank=True)
    capacity_note = models.CharField(
        _("places"), max_length=120, blank=True, help_text=_("Par exemple : 12 places.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldPanel("status"),
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
    # The read-only API (portal/api.py, /api/v2/evenements/); its queryset joins the venue.
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("status"),
        APIField("summary"),
        APIField("venue"),
        APIField("place_name"),
        APIField("address"),
        APIField("postcode"),
        APIField("commune"),
        APIField("location", serializer=serializers.CharField(source="location_text")),
        APIField("online_url"),
        APIField("replay_url"),
        APIField("audience"),
        APIField("price"),
        APIField("registration"),
        APIField("registration_url"),
        APIField("registration_phone"),
        APIField("capacity_note"),
    ]

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
                "Sur inscription : indiquez un lien ou un téléphone pour s'inscrire."
            )
        if self.venue_id is None and not (self.place_name or self.address or self.online_url):
            errors["venue"] = _(
                "Indiquez où a lieu l'événement : un lieu du guide, une adresse ou un lien pour "
                "le suivre en ligne."
            )
        if errors:
            raise ValidationError(errors)

    # What the page, the cards, the calendar file and the JSON-LD say about the event.

    @property
    def when(self):
        return describe_when(self.start, self.end, self.all_day)

    @property
    def is_in_person(self):
        return bool(self.venue_id or self.place_name or self.address)

    @property
    def is_online(self):
        return bool(self.online_url)

    @cached_property
    def shown_venue(self):
        """The venue in the event's language tree; lists set it for all their events at once
        (``show_venues_in_language``)."""
        return pages_in_locale([self.venue], self.locale_id).get(self.venue_id)

    @property
    def place_name_shown(self):
        return self.venue.title if self.venue_id else self.place_name

    @property
    def address_lines(self):
        """Street and town of the place: the venue's, or the ones typed in."""
        source = self.venue if self.venue_id else self
        town = " ".join(part for part in (source.postcode, source.commune) if part)
        return [line for line in (source.address, town) if line]

    @property
    def location_text(self):
        return ", ".join(part for part in [self.place_name_shown, *self.address_lines] if part)

    @property
    def price_label(self):
        return self.price or _("Gratuit")

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def calendar_url(self, request=None):
        """``<event>/evenement.ics``: the route, without the slash Wagtail's routing adds."""
        return self.get_url(request) + self.reverse_subpage("ics").rstrip("/")

    @path("")
    def event(self, request):
        return self.render(request)

    @path("evenement.ics/", name="ics")
    def calendar_file(self, request):
        """This event as a calendar file, to add it to one's phone or computer."""
        return calendar_response([self], request, name=self.title, filename=f"{self.slug}.ics")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            topics=[localized(link.topic) for link in self.topics.select_related("topic")],
            event_jsonld=event_jsonld(self, request),
            calendar_url=self.calendar_url(request),
        )
        return context


class EventTopic(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="topics")
    topic = models.ForeignKey(
        "actualites.Topic", verbose_name=_("thème"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("thème de l'événement")
        verbose_name_plural = _("thèmes de l'événement")
