"""The pages every public site owes its visitors: legal notice, personal data, contact, site map.

A city's site must name its publisher and host (mentions légales, loi n° 2004-575 du 21 juin 2004,
article 6), say what personal data it keeps, why, how long and how to exercise one's rights
(RGPD, articles 12 to 14), and offer a site map (RGAA criterion 12.1). ``setup_site`` creates
them with texts written from what the code does, marked « [à compléter] » where only the city
knows the fact; the footer of every page links to them by their role, whatever their slug.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models

from ..content_cache import cached
from ..visibility import ResidentPageManager, visible_q

LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class LegalPage(Page):
    """A page of text the law or the footer asks for, kept up to date by the city."""

    objects = ResidentPageManager()

    class Role(models.TextChoices):
        LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
        PRIVACY = "donnees-personnelles", _("Données personnelles")
        CONTACT = "contact", _("Contact")
        OPEN_DATA = "donnees-ouvertes", _("Données ouvertes")

    role = models.CharField(
        _("lien du pied de page"),
        max_length=30,
        choices=Role.choices,
        blank=True,
        help_text=_(
            "Le lien du pied de page de chaque page qui mène ici. Une seule page par lien ; "
            "vide : aucun lien."
        ),
    )
    body = RichTextField(_("texte"), features=LEGAL_TEXT_FEATURES)
    last_updated = models.DateField(_("dernière mise à jour"), default=timezone.localdate)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("role"), FieldPanel("last_updated")]),
        FieldPanel("body"),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("page d'information légale")
        verbose_name_plural = _("pages d'information légale")

    def clean(self):
        super().clean()
        if not self.role:
            return
        same_role = LegalPage.objects.filter(role=self.role, locale_id=self.locale_id)
        if self.pk:
            same_role = same_role.exclude(pk=self.pk)
        if same_role.exists():
            raise ValidationError(
                {"role": _("Une autre page mène déjà à ce lien du pied de page.")}
            )


class SitemapPage(Page):
    """The site map: the site's pages as a tree, in the page's language.

    Page types whose pages are many and listed by their parent (venues, news, events, issues of
    the newsletter) say ``in_site_map = False``: the map lists their index page instead.
    """

    objects = ResidentPageManager()

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("plan du site")
        verbose_name_plural = _("plans du site")

    def entries(self):
        """This page's home page and the tree below it: [(title, url, [children…])], cached."""
        home = self.get_parent()
        return cached(f"site-map:{self.pk}", lambda: _tree_below(home))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.entries()
        return context


def _unlisted_types():
    return [model for model in get_page_models() if not getattr(model, "in_site_map", True)]


def _tree_below(home):
    """``home`` and the visible pages below it of the listed types, nested by tree path.

    A page whose parent is not listed (hidden, private, or of an unlisted type) is left out with
    its descendants: the map shows only what can be reached from its parent.
    """
    pages = (
        Page.objects.filter(visible_q())
        .descendant_of(home)
        .not_type(*_unlisted_types())
        .order_by("path")
    )
    children = {home.path: []}
    for page in pages:
        siblings = children.get(page.path[: -page.steplen])
        if siblings is None:
            continue
        node = (page.title, page.get_url(), [])
        siblings.append(node)
        children[page.path] = node[2]
    return [(home.title, home.get_url(), children[home.path])]
