"""Demo news and events from the seeds: the city's plan, the Aginum programme, workshops.

Idempotent and respectful of edits, like the guide's demo: pages and topics are matched by
slug and left alone when they exist. Upcoming events are placed a few weeks from the day the
demo is loaded, so that the agenda is never empty; the Aginum programme keeps its real dates.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import ngettext
from wagtail.models import Locale

from actualites.models import EventPage, NewsPage, Topic
from actualites.site_sections import EVENT_INDEX, NEWS_INDEX
from guide.models import VenuePage
from portal.site_setup import ensure_section

TOPICS = [
    ("demarches-en-ligne", "Démarches en ligne"),
    ("ateliers", "Ateliers"),
    ("securite-en-ligne", "Sécurité en ligne"),
    ("equipement", "Équipement"),
    ("connexion", "Connexion à petit prix"),
    ("reseau", "Réseau des acteurs"),
]

NEWS = [
    {
        "slug": "un-plan-pour-un-numerique-inclusif",
        "title": "Un plan pour un numérique inclusif",
        "days_ago": 40,
        "summary": (
            "La Ville et ses partenaires ont arrêté un plan d'actions en quatre axes : faire "
            "connaître l'offre, faciliter l'accès au matériel et à la connexion, accompagner "
            "les usages et coordonner les acteurs."
        ),
        "body": [
            "Une personne sur six n'a pas utilisé internet depuis un an, une sur trois manque "
            "de compétences numériques de base. Or de plus en plus de démarches ne se font "
            "plus qu'en ligne.",
            "Des groupes de travail ont réuni tous les partenaires qui luttent contre la "
            "fracture numérique. Ils ont abouti à un plan partagé : un guide des lieux d'aide, "
            "une lettre d'information tous les deux mois, des ateliers de proximité et une "
            "instance qui réunit les acteurs chaque semestre.",
        ],
        "topics": ["reseau"],
    },
    {
        "slug": "le-guide-des-lieux-d-aide-est-en-ligne",
        "title": "Le guide des lieux d'aide au numérique est en ligne",
        "days_ago": 25,
        "summary": (
            "Où se faire aider pour une démarche en ligne, apprendre à se servir d'un "
            "smartphone ou imprimer un document ? Le guide recense les lieux, leurs horaires "
            "et ce qu'on y trouve."
        ),
        "body": [
            "Centres sociaux, médiathèques, France Services, associations : chaque lieu est "
            "décrit au même format, avec ses conditions d'accès, ses publics et ses services "
            "notés d'une à trois étoiles.",
            "Le guide existe aussi sur papier, pour les professionnels qui orientent et pour "
            "tous ceux qui préfèrent lire sur une feuille.",
        ],
        "topics": ["demarches-en-ligne", "reseau"],
    },
    {
        "slug": "nouveaux-ateliers-au-sablon",
        "title": "De nouveaux ateliers à la Médiathèque du Sablon",
        "days_ago": 12,
        "summary": (
            "Chaque mardi après-midi, la Médiathèque du Sablon propose un atelier pour "
            "débutants : allumer une tablette, envoyer un e-mail, faire une visio avec ses "
            "proches."
        ),
        "body": [
            "Les ateliers sont gratuits et accueillent six personnes au plus, pour que chacun "
            "avance à son rythme. Les tablettes sont prêtées sur place.",
            "Inscription à l'accueil de la médiathèque ou par téléphone.",
        ],
        "topics": ["ateliers"],
        "venues": ["mediatheque-du-sablon"],
    },
    {
        "slug": "forfaits-et-partage-de-connexion",
        "title": "Internet moins cher : forfaits sociaux et partage de connexion",
        "days_ago": 6,
        "summary": (
            "Des forfaits mobiles à quelques euros par mois existent, et un téléphone peut "
            "partager sa connexion avec un ordinateur. Le point sur ce qui peut réduire la "
            "facture."
        ),
        "body": [
            "Plusieurs opérateurs proposent des offres sociales pour les personnes à faibles "
            "ressources. Des recharges à prix solidaire sont aussi disponibles dans certains "
            "lieux relais.",
            "Le partage de connexion, ou « point d'accès mobile », permet d'utiliser "
            "l'internet de son téléphone sur un ordinateur ou une tablette. Un conseiller "
            "numérique peut vous montrer comment l'activer.",
        ],
        "topics": ["connexion"],
    },
    {
        "slug": "des-ordinateurs-reconditionnes-a-petit-prix",
        "title": "Des ordinateurs reconditionnés à petit prix",
        "days_ago": 3,
        "summary": (
            "Des associations remettent en état des ordinateurs donnés par des entreprises et "
            "les proposent à tarif solidaire, avec une formation aux premiers pas."
        ),
        "body": [
            "Pour en bénéficier, parlez-en à votre travailleur social ou à un conseiller "
            "numérique : il vous orientera vers le bon partenaire.",
        ],
        "topics": ["equipement"],
        "venues": ["mixytes-cyber-cafe-social"],
    },
    {
        "slug": "arnaques-en-ligne-les-bons-reflexes",
        "title": "Arnaques en ligne : les bons réflexes",
        "days_ago": 1,
        "summary": (
            "Faux message de l'Assurance maladie, colis bloqué, compte à mettre à jour : "
            "quelques réflexes simples évitent de se faire piéger."
        ),
        "body": [
            "Un organisme public ne vous demande jamais vos codes bancaires par e-mail ou par "
            "SMS. En cas de doute, ne cliquez pas : allez directement sur le site officiel.",
        ],
        "topics": ["securite-en-ligne"],
    },
]

# Upcoming events, so many days from the day the demo is loaded, at a local time.
UPCOMING = [
    {
        "slug": "atelier-tablette-sablon",
        "title": "Atelier tablette pour débutants",
        "in_days": 5,
        "hours": ((14, 0), (16, 30)),
        "summary": "Allumer une tablette, se connecter au wifi, envoyer ses premières photos.",
        "venue": "mediatheque-du-sablon",
        "audience": "Adultes débutants",
        "registration": "inscription",
        "registration_phone": "03 87 55 53 33",
        "capacity_note": "6 places",
        "topics": ["ateliers"],
    },
    {
        "slug": "permanence-declaration-revenus",
        "title": "Permanence : déclarer ses revenus en ligne",
        "in_days": 9,
        "hours": ((9, 0), (12, 0)),
        "summary": "Un conseiller numérique vous aide à déclarer vos revenus sur impots.gouv.fr.",
        "venue": "centre-social-pioche",
        "audience": "Tout public",
        "topics": ["demarches-en-ligne"],
    },
    {
        "slug": "arnaques-en-ligne-conference",
        "title": "Arnaques en ligne : reconnaître et réagir",
        "in_days": 16,
        "hours": ((18, 0), (19, 30)),
        "summary": "Une conférence suivie d'un temps d'échange, à la médiathèque ou en ligne.",
        "venue": "agora-metz-nord-patrotte",
        "online_url": "https://www.example.org/direct/arnaques",
        "audience": "Tout public, seniors bienvenus",
        "topics": ["securite-en-ligne"],
    },
    {
        "slug": "forum-numerique-pour-tous",
        "title": "Forum « Le numérique pour tous »",
        "in_days": 30,
        "last_day_in": 31,
        "summary": (
            "Deux jours pour rencontrer les lieux d'aide, essayer du matériel reconditionné et "
            "poser toutes ses questions."
        ),
        "place_name": "Arsenal de Metz",
        "address": "3 avenue Ney",
        "postcode": "57000",
        "commune": "Metz",
        "audience": "Tout public",
        "topics": ["reseau", "equipement"],
    },
    {
        "slug": "reunion-reseau-acteurs",
        "title": "Réunion du réseau des acteurs de l'inclusion numérique",
        "in_days": 44,
        "hours": ((14, 0), (17, 0)),
        "summary": "La rencontre semestrielle des partenaires du plan d'actions.",
        "place_name": "Hôtel de ville",
        "address": "1 place d'Armes",
        "postcode": "57000",
        "commune": "Metz",
        "audience": "Professionnels",
        "registration": "invitation",
        "topics": ["reseau"],
    },
]

UPCOMING_PAST = [
    {
        "slug": "atelier-smartphone-borny",
        "title": "Atelier smartphone",
        "in_days": -20,
        "hours": ((10, 0), (12, 0)),
        "summary": "Les réglages utiles, les applications des services publics.",
        "venue": "la-passerelle-borny-buzz",
        "audience": "Tout public",
        "topics": ["ateliers"],
    },
]

AGINUM_SITE = "https://aginum.bordeaux-metropole.fr/programme"
AGINUM_SUMMARY = (
    "Aginum (Agir pour l'inclusion numérique), l'événement phare du réseau des acteurs de "
    "l'inclusion numérique de Bordeaux Métropole."
)
# The Aginum programme (seed 003): Thursday 26 and Friday 27 August 2021.
AGINUM = [
    ((2021, 8, 26), (10, 0), (11, 0), "Observatoire des inégalités numériques", "Les Forges"),
    (
        (2021, 8, 26),
        (11, 30),
        (12, 30),
        "Vers une alliance de territoire pour l'inclusion numérique",
        "Les Forges",
    ),
    (
        (2021, 8, 26),
        (12, 45),
        (13, 30),
        "Les Fenêtres Aginum, toute l'actualité du territoire",
        "Les Fenêtres",
    ),
    (
        (2021, 8, 26),
        (14, 0),
        (15, 0),
        "Couverture métropolitaine des lieux-ressources",
        "Les Forges",
    ),
    (
        (2021, 8, 27),
        (9, 30),
        (10, 30),
        "Réseau de collecte et de distribution de matériel numérique. Volet 1 : la collecte",
        "Les Forges",
    ),
    (
        (2021, 8, 27),
        (11, 0),
        (12, 0),
        "Réseau de collecte et de distribution de matériel numérique. Volet 2 : la distribution",
        "Les Forges",
    ),
    (
        (2021, 8, 27),
        (12, 45),
        (13, 30),
        "Les Fenêtres Aginum, toute l'actualité du territoire",
        "Les Fenêtres",
    ),
    (
        (2021, 8, 27),
        (14, 30),
        (15, 30),
        "Pour l'inclusion numérique, quelle politique publique ?",
        "Les Passerelles",
    ),
]
# "Les Forges" sessions were "Sur invitation"; the others "Accessible en direct et en replay".
INVITATION_ONLY = "Les Forges"


def ensure_topics():
    locale = Locale.get_default()
    topics = {}
    for order, (slug, name) in enumerate(TOPICS):
        topics[slug], _created = Topic.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "sort_order": order}
        )
    return topics


def paragraphs(texts):
    return [("paragraph", f"<p>{escape(text)}</p>") for text in texts]


def publish_new(index, page, topics, topic_slugs):
    page.topics = [page.topics.model(topic=topics[slug]) for slug in topic_slugs]
    page.full_clean(exclude=["path", "depth"])
    index.add_child(instance=page)
    page.save_revision().publish()


def local_moment(day, hour_minute):
    return timezone.make_aware(datetime.combine(day, time(*hour_minute)))


def load_news(index, topics, venues, today):
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for row in NEWS:
        if row["slug"] in existing:
            continue
        page = NewsPage(
            title=row["title"],
            slug=row["slug"],
            date=today - timedelta(days=row["days_ago"]),
            summary=row["summary"],
            body=paragraphs(row["body"]),
        )
        page.venues = [
            page.venues.model(venue=venues[slug])
            for slug in row.get("venues", [])
            if slug in venues
        ]
        publish_new(index, page, topics, row["topics"])
        created += 1
    return created


def relative_event(row, venues, today):
    day = today + timedelta(days=row["in_days"])
    if "hours" in row:
        start, end, all_day = (
            local_moment(day, row["hours"][0]),
            local_moment(day, row["hours"][1]),
            False,
        )
    else:
        last_day = today + timedelta(days=row["last_day_in"])
        start, end, all_day = local_moment(day, (0, 0)), local_moment(last_day, (0, 0)), True
    fields = {
        key: row[key]
        for key in (
            "place_name",
            "address",
            "postcode",
            "commune",
            "online_url",
            "audience",
            "registration",
            "registration_phone",
            "capacity_note",
        )
        if key in row
    }
    return EventPage(
        title=row["title"],
        slug=row["slug"],
        start=start,
        end=end,
        all_day=all_day,
        summary=row["summary"],
        venue=venues.get(row.get("venue")),
        **fields,
    )


def aginum_events():
    for number, (day, start, end, title, room) in enumerate(AGINUM, start=1):
        on_invitation = room == INVITATION_ONLY
        yield EventPage(
            title=title,
            slug=f"aginum-2021-{number}",
            start=local_moment(date(*day), start),
            end=local_moment(date(*day), end),
            summary=AGINUM_SUMMARY,
            place_name=f"Aginum — {room}",
            commune="Bordeaux",
            online_url="" if on_invitation else AGINUM_SITE,
            replay_url="" if on_invitation else AGINUM_SITE,
            audience="Professionnels de l'action sociale et de l'inclusion numérique",
            registration=(
                EventPage.Registration.INVITATION if on_invitation else EventPage.Registration.NONE
            ),
        )


def load_events(index, topics, venues, today):
    existing = set(EventPage.objects.child_of(index).values_list("slug", flat=True))
    # An event held in a venue the editors have deleted is left out rather than misplaced.
    rows = [
        row
        for row in UPCOMING + UPCOMING_PAST
        if row.get("venue", "") in venues or "venue" not in row
    ]
    events = [relative_event(row, venues, today) for row in rows]
    topic_slugs = {row["slug"]: row["topics"] for row in UPCOMING + UPCOMING_PAST}
    created = 0
    for event in [*events, *aginum_events()]:
        if event.slug in existing:
            continue
        publish_new(index, event, topics, topic_slugs.get(event.slug, ["reseau"]))
        created += 1
    return created


def load_demo_news(home, log=print):
    """The /actualites/ and /agenda/ pages with their topics, news and events."""
    topics = ensure_topics()
    news_index, _created = ensure_section(home, NEWS_INDEX, log=log)
    event_index, _created = ensure_section(home, EVENT_INDEX, log=log)
    venues = {"": None, **{venue.slug: venue for venue in VenuePage.objects.all()}}
    today = timezone.localdate()
    news = load_news(news_index, topics, venues, today)
    events = load_events(event_index, topics, venues, today)
    news_words = ngettext("%(count)d actualité", "%(count)d actualités", news)
    event_words = ngettext("%(count)d événement créé", "%(count)d événements créés", events)
    log(f"Démo : {news_words % {'count': news}} et {event_words % {'count': events}}.")
