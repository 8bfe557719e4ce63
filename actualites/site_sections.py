"""The news pages of a city's first run (portal/site_setup.py): news, agenda and the newsletter
archive, whose address /lettre/ the subscription pages share."""

from portal.site_setup import SiteSection

from .models import EventIndexPage, NewsIndexPage, NewsletterIndexPage


def news_index(_facts):
    return NewsIndexPage(
        title="Actualités",
        slug="actualites",
        show_in_menus=True,
        intro="<p>Les nouvelles de l'inclusion numérique près de chez vous.</p>",
    )


def event_index(_facts):
    return EventIndexPage(
        title="Agenda",
        slug="agenda",
        show_in_menus=True,
        intro="<p>Ateliers, permanences, forums : les rendez-vous pour se faire aider.</p>",
    )


def newsletter_index(_facts):
    return NewsletterIndexPage(
        title="La lettre du numérique pour tous",
        slug="lettre",
        intro="<p>Tous les deux mois, l'actualité de l'inclusion numérique près de chez vous.</p>",
    )


NEWS_INDEX = SiteSection(30, NewsIndexPage, news_index)
EVENT_INDEX = SiteSection(40, EventIndexPage, event_index)
NEWSLETTER_INDEX = SiteSection(50, NewsletterIndexPage, newsletter_index)
NEWS_SECTIONS = [NEWS_INDEX, EVENT_INDEX, NEWSLETTER_INDEX]
