"""The illustrative fragility index of the demo's communes, so that the territory's diagnosis
ranks communes: invented values, marked as such in the file's name and its README."""

from diagnostic.fragility import DEMO_FILE, import_fragility
from diagnostic.models import FragilityIndex


def load_demo_fragility(log=print):
    """Only when no index was imported: an editor's real figures are never mixed with these."""
    if FragilityIndex.objects.exists():
        return
    report = import_fragility(DEMO_FILE.read_text(encoding="utf-8"))
    log(
        f"Démo : indice de fragilité ILLUSTRATIF (valeurs inventées) de {report.imported} "
        "communes, pour le diagnostic du territoire."
    )
