"""The territory's diagnosis in the demo: an illustrative fragility index of the demo's communes
(invented values, marked as such in the file's name and its README) and the public
Observatoire page, which a real site adds only if it wants one."""

from diagnostic.fragility import DEMO_FILE, import_fragility
from diagnostic.models import FragilityIndex, ObservatoryPage
from portal.site_setup import SiteSection, ensure_section

OBSERVATORY_ORDER = 90


def observatory(_facts):
    return ObservatoryPage(
        title="Observatoire de l'aide au numérique",
        slug="observatoire",
        intro=(
            "<p>Où trouver de l'aide au numérique dans la métropole, à quel niveau et quand : "
            "les chiffres des lieux publiés sur ce site, mis à jour à chaque publication.</p>"
        ),
    )


OBSERVATORY = SiteSection(OBSERVATORY_ORDER, ObservatoryPage, observatory)


def load_demo_diagnosis(home, log=print):
    """The index only when none was imported: an editor's real figures are never mixed with
    these; the Observatoire only when the site has none."""
    if not FragilityIndex.objects.exists():
        report = import_fragility(DEMO_FILE.read_text(encoding="utf-8"))
        log(
            f"Démo : indice de fragilité ILLUSTRATIF (valeurs inventées) de {report.imported} "
            "communes, pour le diagnostic du territoire."
        )
    ensure_section(home, OBSERVATORY, log=log)
