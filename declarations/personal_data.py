"""What declarations keep about the people who send them, for the personal data page."""

from django.conf import settings

from portal.site_setup import to_fill

RETENTION = (
    "durée de conservation des déclarations, par exemple un an après la décision ; l'équipe "
    "supprime ensuite les plus anciennes dans l'administration"
)


def declarations_notice(_facts):
    session_days = settings.SESSION_COOKIE_AGE // 86400
    return f"""
<h3>Les déclarations de lieux et les signalements d'erreur</h3>
<p>Pour déclarer un lieu ou proposer une modification, vous donnez votre nom, votre e-mail et,
si vous le souhaitez, votre fonction, votre structure et votre téléphone, avec les informations
sur le lieu ; un signalement d'erreur peut être envoyé sans nom ni e-mail. Pendant que vous
remplissez le formulaire, ce que vous avez tapé attend d'une étape à l'autre dans une session
(cookie « {settings.SESSION_COOKIE_NAME} »), qui expire au bout de {session_days} jours au plus.</p>
<p>Ces données servent à vérifier et publier les informations sur les lieux, à vous envoyer
l'accusé de réception avec votre code de suivi et à vous dire ce qui a été décidé (base légale :
la mission d'intérêt public d'information des habitants, article 6.1.e du RGPD). Seule
l'équipe de modération du site les voit ; votre nom et votre e-mail ne sont jamais publiés.
Elles sont conservées {to_fill(RETENTION)}.</p>
"""
