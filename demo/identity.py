"""The demo's city: the Ville de Metz, as its editors would set it in « Réglages du portail »."""

from wagtail.models import Site

from portal.models import PortalSettings

DEMO_IDENTITY = {
    "city_name": "Ville de Metz",
    "city_article": "la",
    "publisher_name": "Ville de Metz, pôle cohésion sociale",
    "postal_address": "Hôtel de ville\n1 place d'Armes\n57000 Metz",
    "contact_email": "numerique@example.org",
    "opening_hours": "du lundi au vendredi, de 8 h 30 à 17 h",
    "sender_name": "Ville de Metz — Le numérique pour tous",
}


def ensure_demo_identity(log=print):
    """Name the demo's city, unless a name is set already (an editor's, or a previous run's)."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    identity = PortalSettings.for_site(site)
    if identity.city_name:
        return
    for field, value in DEMO_IDENTITY.items():
        setattr(identity, field, value)
    identity.full_clean()
    identity.save()
    log(f"Démo : identité de la collectivité réglée (« {identity.city_name} »).")
