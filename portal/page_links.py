"""Page addresses, kept until the content changes.

Wagtail works a page's address out anew at each ``get_url`` (site root paths, language prefix,
URL reversing): a list, its map, its breadcrumb and its neighbours ask for dozens per request.
An address changes only with a publication, a move or a Site record's change, which all start a
new content generation, so each is kept per requesting site and language until then.
"""

from django.utils.translation import get_language
from wagtail.models import Site

from .content_cache import cached_many, is_preview


def page_links(pages, request):
    """{page id: address} of ``pages``, relative when on the requesting site."""
    if is_preview(request):
        return {page.pk: page.get_url(request) for page in pages}
    site = Site.find_for_request(request) if request is not None else None
    prefix = f"page-link:{site.pk if site else 0}:{get_language()}"
    by_name = {f"{prefix}:{page.pk}": page for page in pages}
    links = cached_many(
        list(by_name), lambda names: {name: by_name[name].get_url(request) for name in names}
    )
    return {page.pk: links[name] for name, page in by_name.items()}


def page_link(page, request):
    return page_links([page], request)[page.pk]
