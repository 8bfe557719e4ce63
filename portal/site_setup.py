"""A city's site on its first run: its address, its home page and the pages every site needs.

``python manage.py setup_site --city … --url …`` calls ``set_up_site``, and so does the demo's
loader before it adds its venues and news. It only adds what is missing: a page is created when
no page of its type (and footer role) exists under the home page, so editors' changes, moves and
renamings stay as they are; the Site record and the city's name follow the command's arguments,
which are the operator's decisions.

Portal is the bottom layer: the pages other apps own (the venue list and "Qui fait quoi ?", the
news, the agenda, the newsletter archive, the printable guide, the open data page) are declared
by those apps in their AppConfig.ready() with ``add_site_section``, and what each app keeps about
people, for the personal data page, with ``add_personal_data_notice``. Portal declares its own
pages (``portal.first_pages``) the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext
from wagtail.models import Locale, Page, Site

from .models import HomePage, PortalSettings

HOME_TITLE = "Trouver de l'aide pour le numérique"
HOME_INTRO = (
    "<p>Déclarer ses revenus, prendre rendez-vous chez le médecin, chercher un emploi, parler à "
    "ses proches en vidéo… Beaucoup de démarches passent désormais par internet. Près de chez "
    "vous, des lieux vous accompagnent, souvent gratuitement : centres sociaux, médiathèques, "
    "France Services, associations, conseillers numériques.</p>"
    "<p>Ce site vous dit <b>qui fait quoi</b>, où et quand : cherchez un lieu selon votre "
    "besoin, voyez s'il est ouvert maintenant et comment y être aidé.</p>"
)
HOME_BODY = [
    ("heading", "Pour les professionnels"),
    (
        "paragraph",
        "<p>Travailleurs sociaux, agents France Services, conseillers numériques, secrétaires de "
        "mairie : chaque lieu est décrit au format du guide « Le numérique pour tous » — "
        "conditions d'accès, publics, accompagnement, matériel et services notés de une à trois "
        "étoiles — pour orienter chaque personne vers le bon endroit.</p>",
    ),
]


@dataclass(frozen=True)
class SiteFacts:
    """What the first pages' texts say about the site: whose it is, where, whom to write to."""

    city: str
    address: str  # the public address, e.g. "https://numerique.metz.fr"
    contact_email: str  # may be empty: the texts then ask for it, « [à compléter] »

    @classmethod
    def of(cls, site):
        portal_settings = PortalSettings.for_site(site)
        return cls(
            city=portal_settings.city_name,
            address=site.root_url,
            contact_email=portal_settings.contact_email,
        )


@dataclass(frozen=True)
class SiteSection:
    """A page the first run creates under the home page when no page like it exists there."""

    order: int  # its place among the home page's children, hence in the main menu
    model: type[Page]
    build: Callable[[SiteFacts], Page]  # the page to create, unsaved, in French
    # Field values that tell this page from others of its type (a legal page's role).
    match: dict = field(default_factory=dict)
    # Once the page is created and published: what goes below it (the tree's themes and needs).
    # Returns a line for the report, or "".
    populate: Callable[[Page], str] | None = None


_sections = []
_personal_data_notices = []


def to_fill(what):
    """A fact only the city knows, marked for editors to find and complete (docs/editeurs.md)."""
    return f"[à compléter : {what}]"


def add_site_section(*sections):
    _sections.extend(sections)


def site_sections():
    return sorted(_sections, key=attrgetter("order"))


def add_personal_data_notice(order, notice):
    """Declare what an app keeps about people: ``notice(facts)`` is rich text, an <h3> first."""
    _personal_data_notices.append((order, notice))


def personal_data_notices(facts):
    return "".join(notice(facts) for _order, notice in sorted(_personal_data_notices))


def find_section(home, section):
    return section.model.objects.descendant_of(home).filter(**section.match).first()


def ensure_section(home, section, facts=None, log=print):
    """The section's page under ``home``, created, published and populated if missing;
    (page, created)."""
    existing = find_section(home, section)
    if existing is not None:
        return existing, False
    page = section.build(facts or SiteFacts.of(Site.objects.get(is_default_site=True)))
    home.add_child(instance=page)
    page.save_revision().publish()
    if section.populate and (line := section.populate(page)):
        log(line)
    return page, True


def public_address(url):
    """(hostname, port) of the site's public address, or ValueError saying why not.

    Wagtail's Site record holds a hostname and a port: it writes https only on port 443, and has
    no room for a path.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"« {url} » : donnez une adresse complète, comme https://numerique.ville.fr"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"« {url} » : le site doit être servi à la racine de son adresse")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(f"« {url} » : en HTTPS, le port doit être 443 (et 443 n'est que HTTPS)")
    return parts.hostname, port


def ensure_home_page():
    """The default site's home page, created with the default Site when either is missing;
    (home page, created).

    Wagtail's migrations leave a default site on a placeholder page: it is replaced by the home
    page, and deleted when nothing was added below it.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific, False
    home = HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()
    created = home is None
    if created:
        home = HomePage(
            title=HOME_TITLE,
            slug="accueil",
            intro=HOME_INTRO,
            body=HOME_BODY,
            locale=Locale.get_default(),
        )
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
        return home, created
    placeholder = site.root_page
    site.root_page = home
    site.save()
    if placeholder.depth == 2 and not placeholder.get_children().exists():
        placeholder.delete()
    return home, created


def configure_site(url=None, city=None, email=None, log=print):
    """The default Site at ``url``, named ``city``; the city's name and contact e-mail in the
    portal settings. What is left out stays as it is."""
    site = Site.objects.get(is_default_site=True)
    if url:
        site.hostname, site.port = public_address(url)
    if city:
        site.site_name = city
    site.full_clean()
    site.save()
    log(f"Site : {site.root_url} (« {site.site_name or site.hostname} »).")
    portal_settings = PortalSettings.for_site(site)
    if city:
        portal_settings.city_name = city
    if email:
        portal_settings.contact_email = email
    if city or email:
        portal_settings.full_clean()
        portal_settings.save()
    log(
        f"Collectivité : « {portal_settings.city_name} », e-mail de contact : "
        f"{portal_settings.contact_email or 'aucun'}."
    )
    return site


class SetupReport:
    """What the first run created and what was there already, for the operator, in French."""

    def __init__(self, log):
        self.log = log
        self.created = self.existing = 0

    def page(self, page, created, site):
        url = page.get_url(current_site=site) or page.url_path
        if created:
            self.created += 1
            self.log(f"Créée : « {page.title} » ({url}).")
        else:
            self.existing += 1
            self.log(f"Déjà présente, laissée telle quelle : « {page.title} » ({url}).")

    def summary(self):
        created = ngettext("%(count)d créée", "%(count)d créées", self.created)
        existing = ngettext("%(count)d déjà présente", "%(count)d déjà présentes", self.existing)
        return (
            f"Pages : {created % {'count': self.created}}, {existing % {'count': self.existing}}."
        )


def set_up_site(url=None, city=None, email=None, log=print):
    """The Site, the home page and every declared section; returns the home page.

    ``url``, ``city`` and ``email`` left out keep the Site's address, the city's name and its
    contact e-mail as they are.
    """
    home, created = ensure_home_page()
    site = configure_site(url, city, email, log)
    facts = SiteFacts.of(site)
    report = SetupReport(log)
    report.page(home, created, site)
    for section in site_sections():
        notes = []
        try:
            # A savepoint: a page refused (its slug taken) leaves its parent as it was.
            with transaction.atomic():
                page, created = ensure_section(home, section, facts, notes.append)
        except ValidationError as error:
            log(f"Non créée : {section.model._meta.verbose_name} — {' '.join(error.messages)}")
            continue
        report.page(page, created, site)
        for note in notes:
            log(note)
    log(report.summary())
    return home
