"""Local development: debug on, a fixed throw-away secret, e-mails printed to the console."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Usage counts written at the end of each request: the demo's statistics show a visit at once.
USAGE_COUNTS_WRITE_SECONDS = 0
