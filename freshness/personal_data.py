"""What the venues' pages publish about the people who run them, and the reminders they get,
for the personal data page."""

from .reminders import DEFAULT_OLDER_THAN_MONTHS


def venue_contacts_notice(_facts):
    return f"""
<h3>Les coordonnées des lieux</h3>
<p>Les pages des lieux publient les coordonnées que les structures donnent pour être jointes :
adresse, téléphone, e-mail, site. Pour qu'elles restent exactes, le site écrit à l'e-mail d'un
lieu quand ses informations ont plus de {DEFAULT_OLDER_THAN_MONTHS} mois, avec un lien pour les
confirmer ou les corriger (base légale : la mission d'intérêt public d'information des habitants,
article 6.1.e du RGPD). Pour faire corriger ou retirer une information, utilisez « Proposer une
modification » sur la page du lieu, ou écrivez-nous.</p>
"""
