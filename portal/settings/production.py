"""Production: safe by default; every secret and host comes from the environment.

``DJANGO_SETTINGS_MODULE=portal.settings.production python manage.py check --deploy`` reports
nothing with the environment documented in docs/exploitation.md. Web processes keep
no state of their own: sessions and task queues live in PostgreSQL, the cache in Redis, media on
the storage backend below, so that any number of them can run behind a load balancer.
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

# Persistent connections, checked before each request reuses one: after a database restart the
# first request opens a fresh connection instead of failing on a dead one.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Media (documents, images, generated guides): local files by default; any Django storage, such
# as django-storages' S3 backend, for several servers: MEDIA_STORAGE_BACKEND is its dotted path,
# MEDIA_STORAGE_OPTIONS its options as JSON.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# /sante/ answers the load balancer's plain-HTTP probe without a redirect.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "1") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# One JSON object per line on standard output, for the platform's log collector; LOG_FORMAT=text
# for people reading a terminal. Errors carry their traceback inside the record, never in a page.
# LOG_LEVEL applies to the handler too: libraries that set their own logger's level (Django's
# task framework, axes) stay below it.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "level": LOG_LEVEL,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.request": {"level": "WARNING"}},
}
