from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from .api import api_router
from .health import health
from .icons import favicon, site_icon
from .robots import robots_txt
from .routing import file_without_final_slash
from .sitemap import TranslatedSitemap
from .theme import theme_css

handler400 = "portal.errors.bad_request"
handler500 = "portal.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sante/", health, name="health"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("icon.svg", site_icon, name="site_icon"),
    path("theme.css", theme_css, name="theme_css"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    # Open data files are the same in every language: no prefix.
    path("donnees/", include("opendata.urls")),
    # The read-only JSON API (portal/api.py, each app's api.py): the same in every language,
    # ?locale= filters.
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves page paths made of slugs only; files a page serves through its routes, such as
# a venue's fiche.pdf or an event's evenement.ics, go to the same view: the page routes them
# (RoutablePageMixin). The same address with a final slash, as ``routablepageurl`` writes it,
# redirects there.
PAGE_FILE_PATTERN = r"^((?:[\w\-]+/)+[\w\-]+\.(?:pdf|ics))$"
PAGE_FILE_WITH_SLASH_PATTERN = PAGE_FILE_PATTERN.replace("$", "/$")

# French, the source language, is served without a prefix; /en/, /ar/, /uk/ for the others.
urlpatterns += i18n_patterns(
    path("", include("actualites.urls")),
    path("", include("freshness.urls")),
    path("declarer/", include("declarations.urls")),
    path("", include("guide.urls")),
    re_path(PAGE_FILE_PATTERN, wagtail_views.serve, name="wagtail_serve_file"),
    re_path(PAGE_FILE_WITH_SLASH_PATTERN, file_without_final_slash),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
