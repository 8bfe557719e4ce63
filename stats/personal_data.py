"""Why the usage statistics hold no personal data, for the personal data page."""

from .retention import RETENTION_MONTHS


def statistics_notice(_facts):
    return f"""
<h3>Les statistiques de fréquentation</h3>
<p>Pour savoir où l'aide manque, le site compte chaque jour les recherches par code postal, les
besoins consultés, les filtres choisis et les recherches restées sans résultat. Seuls ces totaux
par jour sont enregistrés : ni cookie, ni adresse IP, ni navigateur, ni les mots que vous tapez.
Ils ne permettent pas de savoir qui a consulté le site. Ils sont gardés {RETENTION_MONTHS} mois,
puis effacés, comme le recommande la CNIL pour la mesure d'audience.</p>
"""
