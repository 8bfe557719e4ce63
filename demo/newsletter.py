"""Demo newsletter: the ``/lettre/`` archive and a published issue n° 1 with every block.

It shows whatever demo news, events and venues exist (made by their own demo loaders) and works
without any. Idempotent by slug: what exists is left as an editor may have changed it.
The practical tips follow seed 004 (Axe 2: cheap data plans, sharing a connection, refurbished
computers) and the most common question in help places: scam text messages.
"""

import uuid

from django.utils import timezone

from actualites.models import EventPage, NewsletterIssuePage, NewsPage
from actualites.periods import period_end, period_start_of
from actualites.site_sections import NEWSLETTER_INDEX
from guide.models import VenuePage
from portal.site_setup import ensure_section

ISSUE_SLUG = "numero-1"

EDITORIAL = (
    "<p>Chaque jour, des habitants renoncent à une démarche faute d'ordinateur, de connexion ou "
    "de quelqu'un pour les aider. Pourtant, près de chez vous, des lieux vous accueillent, souvent "
    "gratuitement.</p>"
    "<p>Tous les deux mois, cette lettre vous dit ce qui se passe dans le réseau : les nouveautés, "
    "les ateliers à venir, un lieu à découvrir et quelques astuces pour payer moins cher et "
    "rester en sécurité.</p>"
)
TIPS = [
    {
        "title": "Un forfait mobile à petit prix",
        "text": (
            "<p>Pour téléphoner et consulter vos e-mails, un forfait de quelques euros par mois "
            "suffit souvent. Comparez les offres <b>sans engagement</b> et demandez à votre "
            "opérateur s'il propose un <b>tarif social</b> si vous touchez le RSA ou l'ASS.</p>"
            "<p>Un conseiller numérique peut vous aider à comparer.</p>"
        ),
    },
    {
        "title": "Partager la connexion de son téléphone",
        "text": (
            "<p>Pas de box à la maison ? Votre téléphone peut servir de point d'accès pour un "
            "ordinateur :</p>"
            "<ol><li>ouvrez les réglages, puis « Partage de connexion » ;</li>"
            "<li>activez le point d'accès et notez le mot de passe ;</li>"
            "<li>sur l'ordinateur, choisissez ce réseau Wi-Fi.</li></ol>"
            "<p>Attention : cela consomme les données de votre forfait.</p>"
        ),
    },
    {
        "title": "Un ordinateur reconditionné",
        "text": (
            "<p>Des associations locales remettent en état des ordinateurs donnés par des "
            "entreprises et les revendent à petit prix, parfois avec une aide à la prise en main. "
            "Renseignez-vous auprès du CCAS ou de votre centre social.</p>"
        ),
    },
    {
        "title": "Repérer un SMS frauduleux",
        "text": (
            "<p>Colis en attente, amende à payer, compte bloqué : ces messages vous pressent "
            "d'agir. <b>Ne cliquez pas sur le lien</b> et ne donnez jamais vos codes bancaires.</p>"
            "<p>En cas de doute, transférez le SMS au 33700, puis supprimez-le.</p>"
        ),
        "link": "https://www.33700.fr/",
        "link_label": "Signaler un SMS au 33700",
    },
]


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def chooser(kind, heading, page_ids):
    pages = [{"type": "item", "value": pk, "id": str(uuid.uuid4())} for pk in page_ids]
    return block(kind, {"heading": heading, "pages": pages})


def demo_content(period_start, locale_id):
    """Every block: the demo's news and events when there are some, the first venue, tips."""
    in_locale = {"locale_id": locale_id}
    news = NewsPage.objects.live().filter(**in_locale).order_by("-date")
    events = EventPage.objects.live().filter(**in_locale).order_by("start")
    in_period = events.filter(
        start__date__gte=period_start, start__date__lte=period_end(period_start)
    )
    upcoming = in_period if in_period.exists() else events.filter(start__gte=timezone.now())
    content = [
        chooser("news", "Actualités", news.values_list("pk", flat=True)[:3]),
        chooser("events", "Agenda", upcoming.values_list("pk", flat=True)[:4]),
    ]
    if venue := VenuePage.objects.live().filter(**in_locale).order_by("title").first():
        text = (
            "Un lieu où l'on vous accueille pour vos démarches en ligne et pour apprendre à vous "
            "servir d'un smartphone ou d'un ordinateur, à votre rythme."
        )
        content.append(block("spotlight", {"venue": venue.pk, "text": text}))
    content += [block("tip", {"link": "", "link_label": "", **tip}) for tip in TIPS]
    content.append(
        block(
            "text",
            {
                "heading": "Vous aussi, faites passer le mot",
                "text": (
                    "<p>Cette lettre paraît dans le magazine municipal, sur le site et par "
                    "e-mail. Abonnez-vous, partagez-la, et parlez-en autour de vous.</p>"
                ),
            },
        )
    )
    return content


def ensure_demo_newsletter(home, log=print):
    """The archive and issue n° 1, published; left untouched when they exist."""
    index, created = ensure_section(home, NEWSLETTER_INDEX, log=log)
    if created:
        log("Lettre d'information : page /lettre/ créée.")
    if NewsletterIssuePage.objects.child_of(index).filter(slug=ISSUE_SLUG).exists():
        return index
    period_start = period_start_of(timezone.localdate())
    issue = NewsletterIssuePage(
        title="Bienvenue dans la lettre du numérique pour tous",
        slug=ISSUE_SLUG,
        number=1,
        period_start=period_start,
        editorial=EDITORIAL,
        content=demo_content(period_start, index.locale_id),
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    log(f"Lettre d'information : numéro 1 ({issue.period_label}) publié.")
    return index
