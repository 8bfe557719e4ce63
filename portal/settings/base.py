"""Settings shared by every environment.

Everything secret or site-specific is read from the environment here, once.
"""

import ipaddress
import os
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name):
    """Addresses and CIDR networks listed in the environment: a typo stops the start."""
    try:
        return [str(ipaddress.ip_network(item, strict=False)) for item in env_list(name)]
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from error


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The reverse proxies whose X-Forwarded-For the site believes, to know each visitor's address
# (portal/client_address.py): rate limits and login lockouts count visitors, not the proxy.
# Empty: no proxy, the address is the connection's.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# The project's apps, lowest layer first (docs/architecture.md): each imports only those above
# it in this list, and demo, which nothing imports, may import them all.
INSTALLED_APPS = [
    "portal",
    "guide",
    "declarations",
    "freshness",
    "stats",
    "opendata",
    "actualites",
    "diagnostic",
    "demo",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "formtools",
    "rest_framework",
    "wagtail.api.v2",
    "crispy_forms",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
]

MIDDLEWARE = [
    "portal.content_cache.GenerationPerRequestMiddleware",
    "portal.page_cache.UpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "stats.middleware.UsageCountMiddleware",
    "portal.page_cache.FetchFromCacheMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Statistics: each web process writes the counts of its requests together, at most this often
# (stats/store.py): a write per list view made concurrent views queue on the same rows.
USAGE_COUNTS_WRITE_SECONDS = int(os.environ.get("USAGE_COUNTS_WRITE_SECONDS", "10"))
# Whole pages are cached for anonymous visitors until the next publication (portal/page_cache.py),
# at most this long for pages without their own max-age.
CACHE_MIDDLEWARE_SECONDS = 60

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.identity.identity",
                "portal.navigation.menu",
                "portal.footer.footer",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# Django's form templates, with drop-down lists rendered in Python (portal/form_renderer.py).
FORM_RENDERER = "portal.form_renderer.FormRenderer"

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server and the two task workers share one file (`make run`). Write-ahead log:
    # readers never wait for a writer; transactions take the write lock when they begin, so a
    # publish waits its turn behind a worker's poll (up to 20 s) instead of failing with
    # "database is locked" when its read would have to become a write; synced at checkpoints.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache shared by every web process (pages, menus, rate limits). Without REDIS_URL each
# process keeps its own; if Redis stops answering the site serves uncached (portal/cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# django-axes first: it refuses a locked-out client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Brute force on the admin's login (django-axes): after 5 wrong passwords for one username
# from one address, that pair is refused for 15 minutes (each new try during the lockout
# starts them again). Per pair rather than per username, which would let anyone lock an editor
# out, or per address, which would lock out a whole library's Wi-Fi or city hall: guessing
# stays at 5 tries per quarter of an hour per account and address. A successful login clears
# the count; an administrator lifts a lockout in Paramètres › Échecs de connexion or with
# `manage.py axes_reset_username` (docs/exploitation.md). Successful logins are not recorded.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "portal.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.lockout.lockout_response"
# The admin's password reset sends at most so many e-mails (portal/password_reset.py).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "portal.password_reset.ThrottledPasswordResetForm"  # nosec B105 - a class path

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French is the source language, served without a URL prefix.
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("ar", "العربية"),
    ("uk", "Українська"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Leaflet comes from the django-leaflet wheel (PyPI), served by the site under /static/leaflet/.
# Only its files are used: as an app it would require GDAL.
LEAFLET_DIR = Path(find_spec("leaflet").submodule_search_locations[0]) / "static" / "leaflet"
STATICFILES_DIRS = [BASE_DIR / "static", ("leaflet", LEAFLET_DIR)]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Le numérique pour tous")
# Page addresses in plain ASCII (« Espace numérique » → /espace-numerique/): accented letters
# travel percent-encoded (/espace-num%C3%A9rique/), unreadable once printed or pasted.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search: FTS5 on SQLite, full text on PostgreSQL, French and accent-free on
# both (guide/search_config.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"
    # The search index's GIN index needs it, or every management command's checks fail.
    INSTALLED_APPS.append("django.contrib.postgres")
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "odt", "docx", "xlsx", "ods", "txt"]
# An image file that cannot be decoded is refused with a form error (portal/image_forms.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "portal.image_forms.ImageForm"

# Wagtail's image formats and SVG, for the city's logo (portal/models/settings.py). An SVG may
# hold scripts: the proxy serves /media/images/*.svg with a policy that runs none
# (docs/exploitation.md), and every rendition keeps an SVG as SVG ("preserve-svg").
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]
WAGTAIL_MODERATION_ENABLED = True

# The public forms are rendered by the site's own pack (templates/portal_crispy/), in its style.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("portal_crispy",)
CRISPY_TEMPLATE_PACK = "portal_crispy"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ne-pas-repondre@example.org")
# The SMTP server, from the environment (development prints e-mails, tests keep them in memory).
# The newsletter's sender opens its connections through this mailer (actualites/newsletter/).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": os.environ.get("EMAIL_USE_TLS", "0") == "1",
            "use_ssl": os.environ.get("EMAIL_USE_SSL", "0") == "1",
            # A server that stops answering must not hold a worker for ever.
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
        },
    }
}

# The only external resource a page may load: map tiles, from a configurable server.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION") or _("© contributeurs OpenStreetMap")
# The venue editor's "Localiser l'adresse" (guide/geocoding.py): the Base Adresse Nationale's
# search service, or any service that answers like it (GeoJSON). Called only on an editor's click.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "https://api-adresse.data.gouv.fr/search/")

# Content Security Policy (portal/csp.py): everything from the site itself but the map tiles,
# allowed on the pages that show a map; an inline script needs the request's nonce
# (``{{ csp_nonce }}``). No page may be framed elsewhere (the partners' widget overrides this).
# The admin's policy allows Wagtail's inline code.
SITE_IMAGES = [CSP.SELF, "data:"]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": SITE_IMAGES,
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [*SITE_IMAGES, "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
# No request from the admin to third parties either: no Gravatar, no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Background tasks. Builds of the printable guide (guide/tasks.py) are queued in the database and
# run by `python manage.py db_worker --backend guide`; newsletter sends
# (actualites/newsletter/send.py) by `python manage.py db_worker --backend newsletter`, their own
# worker so that a long guide build never holds up a send. Wagtail's own tasks (search and
# reference indexes) stay on the default, immediate backend: they keep running inside the
# request, so search follows every publication even when no worker runs.
# Task start and end lines are for the workers' own logs, not for every immediate task.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django.tasks": {"level": "WARNING"}},
}

TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "guide": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "newsletter": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Processes laying out the printable guide side by side (guide/pdf/guide.py); empty: one per core.
GUIDE_PDF_PROCESSES = int(os.environ.get("GUIDE_PDF_PROCESSES") or 0) or None

LOGIN_URL = "wagtailadmin_login"
SITE_DESCRIPTION = _("Trouver de l'aide pour utiliser le numérique près de chez soi")
