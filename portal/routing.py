"""Route a URL to its page in a fixed number of queries, whatever the page's depth.

Wagtail's ``Page.route`` descends the tree one level at a time, with two queries per level (the
child, then its specific version): a need page four levels down costs eight queries before any
content is read. ``SinglePassRoutingMixin`` on the home page fetches every page on the URL's way
in one query, then the deepest one's specific version (kept until the content changes), and
hands it the remaining path so pages with their own sub-routes (``RoutablePageMixin``) keep
working. The ancestors are attached as each page's cached parent, as Wagtail itself does, so
breadcrumbs cost nothing.
"""

from django.http import HttpResponsePermanentRedirect
from wagtail.models import Page

from .content_cache import cached


class SinglePassRoutingMixin:
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        chain = self._pages_along(path_components)
        if not chain:
            return super().route(request, path_components)
        parent = self
        for page in chain:
            page._cached_parent_obj = parent
            parent = page
        deepest = _specific(chain[-1])
        deepest._cached_parent_obj = chain[-2] if len(chain) > 1 else self
        return deepest.route(request, path_components[len(chain) :])

    def _pages_along(self, path_components):
        """The existing pages for the URL's leading components, from the top, without gaps."""
        url_paths = [
            self.url_path + "".join(f"{slug}/" for slug in path_components[:length])
            for length in range(1, len(path_components) + 1)
        ]
        pages = Page.objects.filter(url_path__in=url_paths, path__startswith=self.path).order_by(
            "depth"
        )
        chain = []
        for page in pages:
            if page.depth != self.depth + len(chain) + 1:
                break
            chain.append(page)
        return chain


def _specific(page):
    """The page as its own model, shared until the content changes: one query fewer for every
    page that is more than a bare Wagtail page."""
    if isinstance(page, page.specific_class or Page):
        return page
    return cached(f"specific-page:{page.pk}", lambda: page.specific)


def file_without_final_slash(request, path):
    """``…/agenda.ics/`` → ``…/agenda.ics``: a page's file, linked with the slash Wagtail's
    routing adds to every route, at its one address (a permanent redirect keeps the query)."""
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(request.path.rstrip("/") + (f"?{query}" if query else ""))
