"""The bimonthly newsletter: numbered issues for two-month periods, published on every channel.

One issue is one Wagtail page. The same content gives the web page, the e-mail, the magazine
page and the social posts (``actualites/newsletter/``).
"""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponse
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from guide.models import VenuePage
from portal.csp import allow_inline_styles
from portal.validators import validate_web_url
from portal.visibility import ResidentPageManager

from ..channels import CHANNELS
from ..channels.prepared import prepare_issue
from ..forms import NewsletterIssueForm
from ..periods import PERIOD_START_MONTHS, period_end, period_label
from .blocks import RICH_TEXT_FEATURES
from .events import EventPage
from .news import NewsPage

ISSUES_PER_PAGE = 12
# The column variant of the magazine page, in millimetres: from a narrow column to a tabloid.
COLUMN_SIZE_VALIDATORS = [MinValueValidator(40), MaxValueValidator(450)]
SUBSCRIBE_FORM_TEMPLATE = "actualites/subscriptions/form.html"


class NewsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), default=_("Actualités"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="actualites.NewsPage"), label=_("actualités")
    )

    class Meta:
        icon = "doc-full"
        label = _("actualités choisies")


class EventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), default=_("Agenda"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="actualites.EventPage"), label=_("événements")
    )

    class Meta:
        icon = "date"
        label = _("événements de la période")


class SpotlightBlock(blocks.StructBlock):
    venue = blocks.PageChooserBlock(page_type="guide.VenuePage", label=_("lieu"))
    text = blocks.TextBlock(
        label=_("texte"), help_text=_("Pourquoi ce lieu : ce qu'on y trouve, pour qui.")
    )

    class Meta:
        icon = "site"
        label = _("lieu à la une")


class TipBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)
    link = blocks.URLBlock(label=_("lien"), required=False, validators=[validate_web_url])
    link_label = blocks.CharBlock(label=_("texte du lien"), required=False)

    class Meta:
        icon = "help"
        label = _("astuce pratique")


class TextBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("titre"), required=False)
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "pilcrow"
        label = _("texte libre")


class NewsletterIndexPage(Page):
    """``/lettre/``: the archive of issues, newest first, and the subscription form."""

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    # The slot the magazine's layout gives the newsletter: the same issue after issue, so it is
    # set here once rather than on every issue.
    magazine_column_width = models.PositiveSmallIntegerField(
        _("largeur de l'emplacement (mm)"),
        null=True,
        blank=True,
        validators=COLUMN_SIZE_VALIDATORS,
        help_text=_(
            "L'emplacement que la maquette du magazine réserve à la lettre, en millimètres : "
            "la page « colonne sans marges » est composée exactement à cette taille."
        ),
    )
    magazine_column_height = models.PositiveSmallIntegerField(
        _("hauteur de l'emplacement (mm)"),
        null=True,
        blank=True,
        validators=COLUMN_SIZE_VALIDATORS,
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("magazine_column_width"), FieldPanel("magazine_column_height")]
                )
            ],
            heading=_("Page du magazine"),
        ),
    ]
    subpage_types = ["actualites.NewsletterIssuePage"]
    max_count_per_parent = 1
    footer_link = "newsletter"  # every page's footer links the archive (portal/footer.py)

    class Meta:
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = (
            NewsletterIssuePage.objects.visible()
            .child_of(self)
            .only("title", "slug", "url_path", "number", "period_start", "locale_id")
            .order_by("-number")
        )
        context["issues"] = Paginator(issues, ISSUES_PER_PAGE).get_page(request.GET.get("page"))
        context.update(subscribe_box_context())
        return context

    def clean(self):
        super().clean()
        width, height = self.magazine_column_width, self.magazine_column_height
        if (width is None) != (height is None):
            missing = "magazine_column_width" if width is None else "magazine_column_height"
            raise ValidationError(
                {
                    missing: _(
                        "Donnez la largeur et la hauteur de l'emplacement, ou aucune des deux."
                    )
                }
            )

    @property
    def magazine_column_size(self):
        """``(width, height)`` in millimetres of the magazine's slot, or None when not given."""
        if self.magazine_column_width and self.magazine_column_height:
            return (self.magazine_column_width, self.magazine_column_height)
        return None


def subscribe_box_context():
    """The subscribe form's context, empty until the subscriptions part provides its template
    and its view (``actualites:subscribe``), so this page works with or without them."""
    try:
        select_template([SUBSCRIBE_FORM_TEMPLATE])
        subscribe_url = reverse("actualites:subscribe")
    except (NoReverseMatch, TemplateDoesNotExist):
        return {}
    return {"subscribe_url": subscribe_url, "subscribe_template": SUBSCRIBE_FORM_TEMPLATE}


class NewsletterIssuePage(Page):
    objects = ResidentPageManager()
    in_site_map = False  # too many for the site map: the archive lists them

    number = models.PositiveIntegerField(_("numéro"))
    period_start = models.DateField(
        _("début de la période"),
        help_text=_("Le premier jour d'un mois impair : le numéro couvre ce mois et le suivant."),
    )
    editorial = RichTextField(_("éditorial"), features=RICH_TEXT_FEATURES)
    content = StreamField(
        [
            ("news", NewsBlock()),
            ("events", EventsBlock()),
            ("spotlight", SpotlightBlock()),
            ("tip", TipBlock()),
            ("text", TextBlock()),
        ],
        blank=True,
        verbose_name=_("contenu"),
    )
    social_hashtags = models.CharField(
        _("mots-dièse"),
        max_length=200,
        blank=True,
        default="#NumériquePourTous #InclusionNumérique",
        help_text=_("Ajoutés au message long des réseaux sociaux."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("period_start")]),
        FieldPanel("editorial"),
        FieldPanel("content"),
        MultiFieldPanel([FieldPanel("social_hashtags")], heading=_("Réseaux sociaux")),
    ]
    search_fields = Page.search_fields + [index.SearchField("editorial")]
    base_form_class = NewsletterIssueForm
    parent_page_types = ["actualites.NewsletterIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("numéro de la lettre")
        verbose_name_plural = _("numéros de la lettre")

    @property
    def period_end(self):
        return period_end(self.period_start)

    @property
    def period_label(self):
        """ "janvier-février 2027", in the active language."""
        return period_label(self.period_start)

    @property
    def number_label(self):
        """ "n° 4 — janvier-février 2027": how every channel names the issue."""
        return gettext("n° %(number)s — %(period)s") % {
            "number": self.number,
            "period": self.period_label,
        }

    def live_pages(self, wanted):
        """The live pages the issue's blocks choose, by id: ``wanted`` lists the ids of the
        ``news``, ``events`` and ``spotlight`` (venues) to read, one query for each."""
        pages = {
            "news": NewsPage.objects.select_related("image"),
            "events": EventPage.objects.select_related("venue"),
            "spotlight": VenuePage.objects.all(),
        }
        return {
            kind: queryset.visible().in_bulk(wanted[kind]) if wanted[kind] else {}
            for kind, queryset in pages.items()
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["prepared"] = prepare_issue(self, request)
        return context

    @property
    def preview_modes(self):
        """Every channel, so that editors see each of them before publishing."""
        return [
            (name, channel.label) for name, channel in CHANNELS.items() if channel.available(self)
        ]

    def serve_preview(self, request, mode_name):
        channel = CHANNELS.get(mode_name)
        if channel is None or channel.is_web or not channel.available(self):
            return super().serve_preview(request, "")
        if channel.styles_inlined:
            allow_inline_styles(request)
        content = channel.render(self, request)
        return HttpResponse(content, content_type=channel.content_type)

    def clean(self):
        super().clean()
        errors = {}
        if self.period_start and (
            self.period_start.day != 1 or self.period_start.month not in PERIOD_START_MONTHS
        ):
            errors["period_start"] = _(
                "Choisissez le 1er d'un mois impair (janvier, mars, mai, juillet, septembre ou "
                "novembre) : un numéro couvre deux mois."
            )
        if self.number:
            twins = NewsletterIssuePage.objects.filter(number=self.number, locale=self.locale_id)
            if self.pk:
                twins = twins.exclude(translation_key=self.translation_key)
            if twins.exists():
                errors["number"] = _("Un autre numéro porte déjà ce numéro.")
        if errors:
            raise ValidationError(errors)
