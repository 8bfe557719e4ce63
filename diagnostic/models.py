"""What the diagnosis keeps of its own: the distance threshold, the fragility index, and the
public Observatoire page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from portal import admin_menu
from portal.content_cache import cached
from portal.visibility import ResidentPageManager

from .figures import diagnose
from .layout import public_sections
from .summary import offer_summary

DEFAULT_DISTANCE_KM = 5


@register_setting(icon="site", order=admin_menu.DIAGNOSTIC_SETTINGS)
class DiagnosticSettings(BaseGenericSetting):
    """How far is too far: a postcode whose nearest ★★ place for a need lies beyond this
    distance is flagged in the diagnosis."""

    distance_threshold_km = models.DecimalField(
        _("distance signalée (km)"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_DISTANCE_KM,
        validators=[MinValueValidator(0.5), MaxValueValidator(100)],
        help_text=_(
            "Un code postal dont le lieu le plus proche de niveau ★★ ou plus pour un besoin est "
            "plus loin que cette distance est signalé dans le diagnostic du territoire."
        ),
    )

    panels = [FieldPanel("distance_threshold_km")]

    class Meta:
        verbose_name = _("diagnostic du territoire")


class FragilityIndex(models.Model):
    """One commune's line of the national digital fragility index (fragilite-numerique.fr).

    Keyed by INSEE code: an upload replaces the lines it brings and keeps the others. The four
    sub-scores are optional, the published files do not all carry them.
    """

    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    commune = models.CharField(_("commune"), max_length=120)
    score = models.FloatField(_("indice de fragilité"))
    digital_access = models.FloatField(_("accès au numérique"), null=True, blank=True)
    information_access = models.FloatField(_("accès à l'information"), null=True, blank=True)
    administrative_skills = models.FloatField(
        _("compétences administratives"), null=True, blank=True
    )
    digital_skills = models.FloatField(_("compétences numériques"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importé le"), auto_now=True)

    class Meta:
        verbose_name = _("indice de fragilité numérique")
        verbose_name_plural = _("indices de fragilité numérique")
        ordering = ["-score", "insee_code"]
        default_permissions = ()
        permissions = [
            ("view_territorydiagnosis", _("Peut voir le diagnostic du territoire")),
        ]

    def __str__(self):
        return f"{self.insee_code} {self.commune}: {self.score}"


class ObservatoryPage(Page):
    """ "Observatoire": the offer's figures and charts for residents and partners, the same as
    the council's report, without the residents' searches nor the fragility index.

    Optional: a site that wants one adds it under its home page. Its figures are computed once
    per content generation and language (``content_cache``), as the site's other listings are.
    """

    objects = ResidentPageManager()

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Quelques mots sur ce que montre la page, pour qui et d'où viennent les chiffres."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("observatoire")
        verbose_name_plural = _("observatoires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(cached(f"observatory:{get_language()}", observatory_figures))
        return context


def observatory_figures():
    diagnosis = diagnose()
    return {"summary": offer_summary(diagnosis), "sections": public_sections(diagnosis)}
