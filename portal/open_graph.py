"""What a link to a page shows when shared (Open Graph, read by social networks and messaging
apps) and the page's canonical address.

Everything comes from what the page has already loaded: its fields, the language links of
``portal.languages`` (cached) and the site's settings; a news image's rendition is the JPEG one
the page shows already, found in the cache.
"""

from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .images import rendition_or_none
from .public_address import absolute_url
from .typography import one_line

# The page fields that summarise it, first found wins.
SUMMARY_FIELDS = ("search_description", "summary", "intro", "easy_read")
DESCRIPTION_LENGTH = 300
LOCALES = {"fr": "fr_FR", "en": "en_GB", "ar": "ar_AR", "uk": "uk_UA"}
# One of the renditions news and event pages show in their <picture>: a JPEG every network reads.
IMAGE_RENDITION = "format-jpeg|width-1280"


@dataclass(frozen=True)
class OpenGraph:
    title: str
    description: str
    url: str
    type: str
    locale: str
    alternate_locales: list
    site_name: str
    image: object = None  # a rendition
    image_url: str = ""
    published: object = None  # the date of an article


def page_summary(page):
    """The page's own summary as plain text, '' when it has none."""
    for name in SUMMARY_FIELDS:
        text = getattr(page, name, "") or ""
        text = one_line(unescape(strip_tags(str(text))))
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def canonical_path(request, languages):
    """The address without its query; an alias's is the French page's, whose text it shows."""
    path = request.path
    if languages and languages.untranslated:
        shown = next(link.url for link in languages.links if link.is_current)
        if path.startswith(shown):
            path = languages.source.url + path[len(shown) :]
    return path


def site_description(city):
    """What the site is, for a page without a summary of its own."""
    if not city:
        return _(
            "Les lieux où se faire aider avec le numérique, leurs horaires, les ateliers et "
            "l'actualité de l'inclusion numérique."
        )
    return _(
        "%(city)s : les lieux où se faire aider avec le numérique, leurs horaires, "
        "les ateliers et l'actualité de l'inclusion numérique."
    ) % {"city": city}


def open_graph(request, page, languages, title, city):
    shown_language = settings.LANGUAGE_CODE if languages.untranslated else get_language()
    image = getattr(page, "image", None) if getattr(page, "image_id", None) else None
    if image is not None and image.is_svg():
        image = None  # networks show JPEG or PNG previews, not SVG
    rendition = rendition_or_none(image, IMAGE_RENDITION) if image else None
    kind = getattr(page, "open_graph_type", "website")
    return OpenGraph(
        title=title,
        description=page_summary(page) or site_description(city),
        url=absolute_url(canonical_path(request, languages)),
        type=kind,
        locale=LOCALES.get(shown_language, shown_language),
        alternate_locales=[
            LOCALES.get(code, code) for code in languages.written_in if code != shown_language
        ],
        site_name=f"{_('Le numérique pour tous')} — {city}"
        if city
        else _("Le numérique pour tous"),
        image=rendition,
        image_url=absolute_url(rendition.url) if rendition else "",
        published=getattr(page, "date", None) if kind == "article" else None,
    )
