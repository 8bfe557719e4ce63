"""``/robots.txt``: search engines may index the public pages, not the admin nor the forms' steps,
and find every page through the sitemap (Wagtail's, all languages)."""

from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .public_address import absolute_url

DISALLOWED = ("/admin/", "/documents/", "/declarer/", "/verifier/", "/lettre/desabonnement/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {absolute_url('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
