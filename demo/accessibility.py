"""The demo's accessibility statement, which the footer links to."""

from django.utils import timezone

from portal.models import AccessibilityStatementPage

NON_COMPLIANT = (
    "<ul><li>Les fichiers PDF des anciennes éditions du guide, déposés avant 2026, ne sont pas "
    "balisés : demandez-en une version accessible par e-mail.</li></ul>"
)


def ensure_accessibility_statement(home, log=print):
    if AccessibilityStatementPage.objects.child_of(home).exists():
        return
    statement = AccessibilityStatementPage(
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        organisation="Ville de Metz",
        compliance=AccessibilityStatementPage.Compliance.PARTIAL,
        statement_date=timezone.localdate(),
        audit_sample=(
            "<ul><li>Accueil</li><li>Trouver un lieu (liste et filtres)</li><li>Page d'un lieu"
            "</li><li>Qui fait quoi ?</li><li>Page d'un besoin</li><li>Actualités</li>"
            "<li>Agenda</li><li>Lettre d'information et abonnement</li><li>Déclarer un lieu"
            "</li><li>Guide à imprimer</li></ul>"
        ),
        non_compliant_content=NON_COMPLIANT,
        contact_email="accessibilite@example.org",
        contact_address="Hôtel de ville\n1 place d'Armes\n57000 Metz",
    )
    home.add_child(instance=statement)
    statement.save_revision().publish()
    log("Démo : déclaration d'accessibilité publiée.")
