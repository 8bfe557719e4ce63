"""The quality score data·inclusion gives each service, summed up for the editors.

The hub scores a service from 0 to 1 on ten criteria (``data_inclusion.schema.v1
.score_qualite``): an address, a phone, a description of a good length, recent "vérifiées le"…
``QualityReport`` averages the scores over an export and ranks the criteria by the points they
lose, each with what to fill in on the venues to win them back.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from data_inclusion.schema.v1 import score_qualite
from django.utils.translation import gettext_lazy as _

# What editors fill in on a venue to win the criterion's points back.
CRITERIA = {
    "adresse_bien_definie": _("adresse du lieu"),
    "modes_mobilisation_bien_definis": _("modalités d'accès (se présenter, téléphoner…)"),
    "au_moins_un_public": _("publics cibles"),
    "au_moins_une_thematique": _("thématiques data·inclusion des services détaillés"),
    "au_moins_un_moyen_de_contact": _("téléphone, e-mail ou prise de rendez-vous en ligne"),
    "courriel_bien_defini": _("e-mail (le lieu se contacte par e-mail)"),
    "date_maj_recente": _("« informations vérifiées le » (moins de six mois)"),
    "frais_bien_definis": _("coût, et précisions quand il est payant"),
    "description_bien_definie": _("résumé et présentation (200 à 2 000 caractères en tout)"),
    "telephone_bien_defini": _("téléphone (le lieu se contacte par téléphone)"),
}


@dataclass
class QualityReport:
    scores: list = field(default_factory=list)
    lost: dict = field(default_factory=lambda: defaultdict(float))  # criterion: points lost
    rejected: list = field(default_factory=list)  # (record id, error message)

    def add(self, service):
        total, details = score_qualite.score(service)
        self.scores.append(total)
        for criterion, value in details.items():
            if value is not None:
                self.lost[criterion] += 1 - value

    def reject(self, record_id, error):
        self.rejected.append((record_id, str(error)))

    @property
    def count(self):
        return len(self.scores)

    @property
    def average(self):
        return round(sum(self.scores) / len(self.scores), 2) if self.scores else None

    def weakest(self, limit=3):
        """(criterion, what to fill in, points lost per service) of the criteria losing the
        most, worst first."""
        ranked = sorted(self.lost.items(), key=lambda pair: (-pair[1], pair[0]))
        return [
            (criterion, CRITERIA.get(criterion, criterion), round(points / self.count, 2))
            for criterion, points in ranked[:limit]
            if points > 0
        ]
