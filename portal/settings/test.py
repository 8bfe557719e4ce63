"""Test runs: fast hashing, in-memory e-mail, no manifest for static files."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

# Serve static files straight from the source folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Guide builds run at once, inside the request that enqueues them (one test switches "guide" to
# the database queue and runs the db_worker command).
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "guide": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "newsletter": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}

# The guide is laid out in this process (tests run side by side already); the one test of the
# pool of processes sets it to 2.
GUIDE_PDF_PROCESSES = 1

# No network in tests: a geocoding test points this at its local stub; any other call fails fast.
GEOCODER_URL = "http://127.0.0.1:9/search/"

# Usage counts written at the end of each request, as the tests read them at once.
USAGE_COUNTS_WRITE_SECONDS = 0
