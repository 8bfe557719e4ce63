"""The demo's declarations: services rated one by one, and a change showing each kind of change."""

from declarations import apply
from declarations.models import Declaration
from demo.declarations import load_demo_declarations


def test_demo_declarations_rate_services_and_show_their_changes(make_venue):
    library = make_venue(
        slug="mediatheque-jean-mace",
        services={"decouvrir": (3, []), "demarches": (1, ["caf-rsa", "impots"])},
        levels={"photos": 1},
    )
    load_demo_declarations(log=lambda message: None)

    new = Declaration.objects.get(kind=Declaration.Kind.NEW_VENUE)
    proposal = {row.label: row.proposed for row in apply.readable_proposal(new)}
    assert proposal["Services — Créer avec le numérique"].splitlines() == [
        "Images : retoucher ses photos : ★ basique",
        "Découverte et utilisation imprimante 3D : ★★★ expert",
        "Créer un site web de base : ★★ maîtrise",
        "Découvrir et expérimenter la programmation informatique (code) : ★★★ expert",
    ]

    change = Declaration.objects.get(kind=Declaration.Kind.CHANGE)
    changes = [str(change) for row in apply.differences(change, library) for change in row.changes]
    assert changes == [
        "Mails : créer, envoyer, recevoir : ★★★ expert → ★★ maîtrise",
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★ basique → ★★ maîtrise",
        "Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr) : "
        "non proposé → ★ basique",
        "Images : retoucher ses photos : ★ basique → non proposé",
    ]
