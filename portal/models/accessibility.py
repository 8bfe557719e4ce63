"""The accessibility statement ("déclaration d'accessibilité") French public bodies must publish.

Its structure follows the RGAA 4.1 model statement: compliance status and rate, the audit, the
content that is not accessible and why, the technologies and test environment, how to report a
problem and the legal remedies. The footer of every page links to it with the compliance status,
as the RGAA requires.
"""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..validators import validate_web_url
from ..visibility import ResidentPageManager
from .settings import PortalSettings

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class AccessibilityStatementPage(Page):
    objects = ResidentPageManager()

    class Compliance(models.TextChoices):
        FULL = "totale", _("totalement conforme")
        PARTIAL = "partielle", _("partiellement conforme")
        NONE = "non", _("non conforme")

    organisation = models.CharField(
        _("organisme"),
        max_length=200,
        help_text=_(
            "Tel qu'il commence une phrase : « La Métropole de Metz ». Le nom de la collectivité "
            "des réglages du portail prend de lui-même son article : « Ville de Metz » donne "
            "« La Ville de Metz s'engage… »."
        ),
    )
    compliance = models.CharField(
        _("état de conformité"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_(
            "« Totalement conforme » demande un audit sans aucune non-conformité ; sans audit, "
            "le site est « non conforme »."
        ),
    )
    compliance_rate = models.PositiveSmallIntegerField(
        _("taux de critères RGAA respectés (%)"), null=True, blank=True
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    auditor = models.CharField(_("audit réalisé par"), max_length=200, blank=True)
    statement_date = models.DateField(_("date de la déclaration"))
    audit_sample = RichTextField(_("pages auditées"), blank=True, features=TEXT_FEATURES)
    non_compliant_content = RichTextField(
        _("contenus non accessibles : non-conformités"), blank=True, features=TEXT_FEATURES
    )
    disproportionate_burden = RichTextField(
        _("dérogations pour charge disproportionnée"), blank=True, features=TEXT_FEATURES
    )
    out_of_scope = RichTextField(
        _("contenus non soumis à l'obligation"), blank=True, features=TEXT_FEATURES
    )
    multi_year_plan_url = models.URLField(
        _("schéma pluriannuel (lien)"), blank=True, validators=[validate_web_url]
    )
    contact_email = models.EmailField(_("e-mail pour signaler un défaut d'accessibilité"))
    contact_address = models.TextField(_("adresse postale"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("organisation"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("compliance"), FieldPanel("compliance_rate")]),
                FieldRowPanel(
                    [
                        FieldPanel("statement_date"),
                        FieldPanel("audit_date"),
                        FieldPanel("auditor"),
                    ]
                ),
                FieldPanel("audit_sample"),
            ],
            heading=_("État de conformité"),
        ),
        FieldPanel("non_compliant_content"),
        FieldPanel("disproportionate_burden"),
        FieldPanel("out_of_scope"),
        FieldPanel("multi_year_plan_url"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_address")],
            heading=_("Retour d'information et contact"),
        ),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("déclaration d'accessibilité")
        verbose_name_plural = _("déclarations d'accessibilité")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation"] = self.organisation_as_subject(PortalSettings.for_request(request))
        return context

    def organisation_as_subject(self, identity):
        """The organisation starting a sentence: the city with its article when it is the
        city of the settings (« La Ville de Metz s'engage… »), else as the editor wrote it."""
        name = self.organisation.strip()
        if identity.city_name and name.casefold() == identity.city_name.strip().casefold():
            return capfirst(identity.city_with_article)
        return capfirst(name)
