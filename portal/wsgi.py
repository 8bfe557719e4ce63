import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

from portal.startup import load_urls_in_site_language  # noqa: E402 - needs Django set up

load_urls_in_site_language()

# Everything loaded so far (Django, Wagtail, the URLs, the templates' code) lives as long as the
# process: out of the collector's sight, a full collection no longer walks its ~250,000 objects,
# which had stalled a list page for 10 ms every few dozen requests (benchmarks/pages.py).
gc.freeze()
