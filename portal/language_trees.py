"""The other languages' page trees: aliases of the French pages, shown in French with a notice
until an editor translates them.

A language whose tree is synchronised from French (wagtail-localize's ``LocaleSynchronization``,
set when a locale is added in Paramètres › Langues, or by the demo) has an alias of every French
page. wagtail-localize creates those aliases when the synchronisation is saved (through its job
runner, which a site may defer to a queue) and when an editor adds a page in the admin; pages
created by code (the first run, the demo) are neither, so ``synchronise_trees`` adds what is
missing, synchronously, with one page index for every language. A language without pages gets
the aliases of the whole French site in one go (``alias_whole_tree``).
"""

from wagtail.models import Page, Site
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree

from .content_cache import content_changed


def alias_whole_tree(home, locale):
    """A locale without pages gets the aliases of the whole French site in one go.

    wagtail-localize's ``synchronize_tree`` adds aliases one page at a time, each validated and
    inserted into the tree on its own. Wagtail's recursive alias reserves the tree positions of
    a whole branch and saves its pages as they are, several times faster. The home page's alias
    is made the way wagtail-localize makes it (its slug), each top-level section's branch at
    once below it.
    """
    if Page.objects.filter(locale=locale, depth=home.depth).exists():
        return
    home_alias = home.copy_for_translation(locale, alias=True)
    for section in home.get_children().specific():
        section.create_alias(
            recursive=True, parent=home_alias, update_locale=locale, reset_translation_key=False
        )


def synchronise_trees():
    """Create, now, the aliases of every French page missing from a synchronised locale;
    returns how many pages were created."""
    before = Page.objects.count()
    home = Site.objects.get(is_default_site=True).root_page
    for sync in LocaleSynchronization.objects.select_related("locale"):
        alias_whole_tree(home, sync.locale)
    page_index = PageIndex.from_database().sort_by_tree_position()
    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(sync.sync_from, sync.locale, page_index=page_index)
    created = Page.objects.count() - before
    if created:
        content_changed()  # cached menus and filters now have pages in these languages
    return created
