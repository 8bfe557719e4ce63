"""What the newsletter keeps about its subscribers, for the personal data page."""

from portal.site_setup import to_fill

from .newsletter.subscriptions import CONFIRMATION_MAX_AGE


def subscribers_notice(_facts):
    return f"""
<h3>La lettre d'information</h3>
<p>Pour recevoir la lettre par e-mail, vous donnez votre adresse e-mail et votre langue. Le site
enregistre aussi la date de votre demande et celle de votre consentement : vous le donnez en
cliquant sur le bouton de la page où mène l'e-mail de confirmation, dont le lien reste valable
{CONFIRMATION_MAX_AGE.days} jours. Sans cette confirmation, vous ne recevez pas la lettre. Des
adresses peuvent aussi être ajoutées par l'équipe à partir d'une liste dont les titulaires ont
déjà donné leur accord.</p>
<p>Ces données servent uniquement à vous envoyer la lettre (base légale : votre consentement,
article 6.1.a du RGPD). Elles sont gardées tant que vous êtes abonné : le lien de désabonnement
de chaque e-mail efface votre adresse aussitôt, y compris de la liste des envois passés, qui ne
garde que des totaux. Une demande jamais confirmée est effacée
{to_fill("délai au bout duquel l'équipe efface les demandes non confirmées")}.</p>
"""
