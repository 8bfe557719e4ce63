"""The printable guide's editions, built in the background, and the public page that lists them.

An edition is what an editor sets once a year (or for an extract: one territory or one need);
a task (``guide.tasks``) builds its PDF with ``guide.pdf.guide``. An edition remembers a
fingerprint of what it was built from, so the admin can say "à régénérer" once a venue in its
scope is published again, leaves or joins the scope, or the edition itself is edited.
"""

import hashlib
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal.models import PortalSettings
from portal.visibility import ResidentPageManager

from .catalogue import Territory
from .guide_scope import GuideOptions, guide_venues

# A build that has not reported progress for this long is considered dead (worker killed), so
# the editor may start it again.
BUILD_TIMEOUT = timedelta(minutes=30)

TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


def current_year():
    return timezone.localdate().year


def french_territories():
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class GuideEdition(models.Model):
    """One edition of the printable guide: the whole guide, or an extract."""

    class Status(models.TextChoices):
        NEVER = "never", _("jamais généré")
        PENDING = "pending", _("en attente")
        RUNNING = "running", _("en cours")
        READY = "ready", _("prêt")
        FAILED = "failed", _("échec")

    class PageSize(models.TextChoices):
        A4 = "a4", _("A4")
        A5 = "a5", _("A5")

    class Binding(models.TextChoices):
        BOOKLET = "booklet", _("agrafée (pages par multiples de 4)")
        SPIRAL = "spiral", _("spirale (pages par multiples de 2)")

    class Output(models.TextChoices):
        SCREEN = "screen", _("écran et impression de bureau")
        PRESS = "press", _("pour l'imprimeur (fond perdu, traits de coupe, noir pur)")

    year = models.PositiveSmallIntegerField(
        _("année"),
        default=current_year,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    title = models.CharField(
        _("titre"),
        max_length=200,
        help_text=_("Par exemple « Le numérique pour tous — guide 2026 »."),
    )
    editorial = RichTextField(
        _("éditorial"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_("Le mot d'introduction imprimé au début du guide."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = RichTextField(
        _("contact"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_("Qui joindre pour corriger une fiche ou commander des exemplaires."),
    )
    page_size = models.CharField(
        _("format des pages"), max_length=2, choices=PageSize.choices, default=PageSize.A4
    )
    binding = models.CharField(
        _("reliure"),
        max_length=10,
        choices=Binding.choices,
        default=Binding.BOOKLET,
        help_text=_("Des pages blanches complètent le guide avant la quatrième de couverture."),
    )
    output = models.CharField(
        _("fichier"),
        max_length=10,
        choices=Output.choices,
        default=Output.SCREEN,
        help_text=_(
            "Le fichier pour l'imprimeur a 3 mm de fond perdu, des traits de coupe et le texte "
            "en noir seul ; le fichier écran est plus léger, à mettre en ligne."
        ),
    )
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territoires"),
        blank=True,
        related_name="+",
        limit_choices_to=french_territories,
        help_text=_("Aucun territoire coché : tous les territoires (le guide complet)."),
    )
    need = models.ForeignKey(
        "guide.NeedPage",
        verbose_name=_("besoin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif : un extrait avec seulement les lieux qui répondent à ce besoin."),
    )

    # Filled by the build, never by the form.
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document PDF"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.NEVER, editable=False
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"),
        default=0,
        editable=False,
        validators=[MaxValueValidator(100)],
    )
    progress_step = models.CharField(_("étape"), max_length=200, blank=True, editable=False)
    error = models.TextField(_("erreur"), blank=True, editable=False)
    built_at = models.DateTimeField(_("généré le"), null=True, blank=True, editable=False)
    built_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("page_size")]),
        FieldRowPanel([FieldPanel("binding"), FieldPanel("output")]),
        FieldPanel("title"),
        FieldPanel("editorial"),
        FieldPanel("cover_image"),
        FieldPanel("contact"),
        MultiFieldPanel(
            [
                FieldPanel("territories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("need"),
            ],
            heading=_("Lieux du guide"),
            help_text=_(
                "Seuls les lieux publiés, en français, entrent dans le guide. Un territoire ou un "
                "besoin choisi en fait un extrait."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("édition du guide")
        verbose_name_plural = _("éditions du guide")
        ordering = ["-year", "title"]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def is_extract(self):
        return bool(self.need_id) or self.territories.exists()

    @property
    def is_building(self):
        """A build is queued or running and still gives signs of life."""
        if self.status not in (self.Status.PENDING, self.Status.RUNNING):
            return False
        changed = self.status_changed_at
        return changed is None or timezone.now() - changed < BUILD_TIMEOUT

    def options(self, with_cover=True):
        """What ``guide.pdf.guide.render_guide`` needs to print this edition."""
        cover_path, cover_alt = None, ""
        if with_cover and self.cover_image_id:
            cover_alt = self.cover_image.description
            try:
                cover_path = self.cover_image.file.path
            except NotImplementedError:  # a storage without local files
                cover_path = None
        return GuideOptions(
            year=self.year,
            title=self.title,
            editorial_html=self.editorial,
            contact_html=self.contact,
            cover_image_path=cover_path,
            cover_image_alt=cover_alt,
            page_size=self.page_size,
            binding=self.binding,
            for_press=self.output == self.Output.PRESS,
            territory_slugs=tuple(self.territories.values_list("slug", flat=True)),
            need_slug=self.need.slug if self.need_id else "",
        )

    def scope_venues(self, options=None):
        """The live French venues this edition prints."""
        return guide_venues(options or self.options(with_cover=False))

    def current_fingerprint(self, options=None):
        """A digest of what the PDF is made of: the edition's settings and its venues' versions."""
        options = options or self.options(with_cover=False)
        digest = hashlib.sha256()
        settings_part = (
            options.year,
            options.title,
            options.editorial_html,
            options.contact_html,
            self.cover_image_id,
            options.page_size,
            options.binding,
            options.for_press,
            tuple(sorted(options.territory_slugs)),
            options.need_slug,
        )
        digest.update(repr(settings_part).encode())
        rows = self.scope_venues(options).order_by("pk").values_list("pk", "last_published_at")
        for pk, published_at in rows:
            digest.update(f"|{pk}:{published_at.isoformat() if published_at else ''}".encode())
        return digest.hexdigest()

    @property
    def is_stale(self):
        """« À régénérer »: built, but a venue or the edition changed since."""
        if not (self.built_at and self.document_id and self.built_fingerprint):
            return False
        return self.current_fingerprint() != self.built_fingerprint

    def document_title(self):
        return f"Guide {self.year} — {self.title}"

    def file_name(self):
        """« guide-2026-metz.pdf »: the year, the city or the extract's territories, its need."""
        places = list(self.territories.values_list("slug", flat=True)) or [city_slug()]
        if self.need_id:
            places.append(self.need.slug)
        name = slugify("-".join(place for place in places if place))[:80] or str(self.pk)
        return f"guide-{self.year}-{name}.pdf"


def city_slug():
    """The city's name in a file name, « Ville de » left out: « Ville de Metz » → « metz »."""
    slug = slugify(PortalSettings.for_default_site().city_name)
    return slug.removeprefix("ville-de-")


def human_size(size):
    """A file size the French way: « 850 ko », « 2,3 Mo »."""
    if size is None:
        return ""
    if size < 1000 * 1000:
        return gettext("%(size)s ko") % {"size": number_format(max(1, round(size / 1000)))}
    return gettext("%(size)s Mo") % {"size": number_format(size / 1000 / 1000, decimal_pos=1)}


class GuideDownloadsPage(RoutablePageMixin, Page):
    """``/guide/``: the printable guide to download, the current edition first."""

    objects = ResidentPageManager()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("page des guides à télécharger")
        verbose_name_plural = _("pages des guides à télécharger")

    def editions(self):
        """(current, others): the latest full guide, then everything else with a file."""
        editions = list(
            GuideEdition.objects.filter(document__isnull=False)
            .select_related("document")
            .prefetch_related("territories")
            .select_related("need")
            .order_by("-year", "title")
        )
        for edition in editions:
            edition.extract_of = [t.name for t in edition.territories.all()]
            if edition.need_id:
                edition.extract_of.append(edition.need.title)
            edition.size_label = human_size(edition.document.file_size)
            # The route without the slash Wagtail's routing adds.
            edition.download_url = self.url + self.reverse_subpage(
                "edition_pdf", args=[edition.pk]
            ).rstrip("/")
        current = next((e for e in editions if not e.extract_of), None)
        return current, [e for e in editions if e is not current]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current"], context["others"] = self.editions()
        return context

    @path("edition-<int:edition_id>.pdf/", name="edition_pdf")
    def edition_pdf(self, request, edition_id):
        """The edition's PDF at an address that outlives its rebuilds.

        Each build stores a file under a new name, and Wagtail serves a document only under its
        current name: links in bookmarks, e-mails or partners' sites point here instead.
        """
        edition = get_object_or_404(GuideEdition, pk=edition_id, document__isnull=False)
        return redirect(edition.document.url)
