import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from portal.startup import load_urls_in_site_language  # noqa: E402 - needs Django set up

load_urls_in_site_language()
