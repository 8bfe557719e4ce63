"""What a city's IT department relies on: deploy checks, security headers, error pages, logs."""

import importlib
import json
import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.test import Client, RequestFactory
from django.utils.csp import LazyNonce
from wagtail.models import Site

from portal.logs import JsonFormatter
from portal.page_cache import UpdateCacheMiddleware
from portal.settings import base as base_settings

DOCUMENTED_ENVIRONMENT = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "numerique.example.fr",
    "BASE_URL": "https://numerique.example.fr",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/7",
    "TRUSTED_PROXIES": "127.0.0.1,::1",
}


def deploy_check(environment):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            **environment,
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.lint
def test_check_deploy_is_silent_with_the_documented_environment():
    """The production settings as an operator sets them up, checked in a process of their own."""
    result = deploy_check(DOCUMENTED_ENVIRONMENT)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def portal_checks(databases=None):
    """What the project's own deployment checks, as registered, say about the settings."""
    checks = registry.get_checks(include_deployment_checks=True)
    return {
        message.id
        for check in checks
        if check.__module__ == "portal.checks"
        for message in check(app_configs=None, databases=databases)
    }


def test_check_deploy_warns_about_a_missing_shared_cache_and_plain_http(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.WAGTAILADMIN_BASE_URL = "http://numerique.example.fr"
    assert portal_checks() == {"portal.W001", "portal.W002"}
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": "redis://redis"}
    }
    settings.WAGTAILADMIN_BASE_URL = "https://numerique.example.fr"
    assert portal_checks() == set()


def test_production_refuses_a_local_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://localhost:8000"
    assert "portal.E001" in portal_checks()


@pytest.mark.django_db
def test_production_refuses_a_site_record_that_is_not_base_url(settings, home_page):
    settings.CACHES = {
        "default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": "redis://redis"}
    }
    settings.WAGTAILADMIN_BASE_URL = "https://numerique.example.fr"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    errors = [
        message
        for check in registry.get_checks(include_deployment_checks=True)
        if check.__module__ == "portal.checks"
        for message in check(app_configs=None, databases=["default"])
    ]
    assert [error.id for error in errors] == ["portal.E002"]
    assert "setup_site --url https://numerique.example.fr" in errors[0].hint
    site.hostname, site.port = "numerique.example.fr", 443
    site.save()
    assert portal_checks(databases=["default"]) == set()


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setattr(base_settings, "SECRET_KEY", "")
    monkeypatch.delitem(sys.modules, "portal.settings.production", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        importlib.import_module("portal.settings.production")


def policy(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )


def test_public_pages_allow_only_the_site(client, home_page):
    response = client.get("/")
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_page_with_a_map_also_allows_the_tile_server_set_by_editors(client, make_venue):
    from wagtail.models import Site

    from portal.models import PortalSettings

    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.map_tile_url = "https://{s}.tuiles.metz.fr/{z}/{x}/{y}.png"
    portal.save()
    venue = make_venue(latitude=49.12, longitude=6.17)
    directives = policy(client.get(venue.url))
    assert directives["img-src"] == "'self' data: https://*.tuiles.metz.fr"


def test_the_admin_gets_the_policy_wagtail_needs(admin_client, home_page):
    response = admin_client.get("/admin/")
    directives = policy(response)
    assert "'unsafe-inline'" in directives["script-src"].split()
    assert directives["frame-ancestors"] == "'self'"


def test_a_page_that_used_its_nonce_is_not_cached_for_everyone():
    request = RequestFactory().get("/")
    request._csp_nonce = LazyNonce()
    request._cache_update_cache = True
    middleware = UpdateCacheMiddleware(lambda request: HttpResponse("ok"))
    assert middleware._should_update_cache(request, HttpResponse())
    f"<script nonce='{get_nonce(request)}'>"  # the template used it
    assert not middleware._should_update_cache(request, HttpResponse())


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.portal.error_urls")
def test_a_database_outage_gives_a_french_503_that_asks_to_retry(visitor, db):
    response = visitor.get("/panne/base/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "Connection refused" not in page and "Traceback" not in page


@pytest.mark.urls("tests.portal.error_urls")
def test_the_503_page_speaks_the_visitors_language(visitor, db):
    response = visitor.get("/uk/panne/base/")
    assert response.status_code == 503
    assert 'lang="uk"' in response.content.decode()
    assert "Сервіс тимчасово недоступний" in response.content.decode()


@pytest.mark.urls("tests.portal.error_urls")
def test_a_bug_gives_the_500_page_without_any_detail(visitor, db):
    response = visitor.get("/panne/bogue/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Une erreur s'est produite" in page
    assert "secret detail" not in page and "ZeroDivisionError" not in page


def test_an_unknown_address_gives_the_french_404_with_the_site_around_it(client, home_page):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'class="site-header"' in page


def test_an_unknown_host_gives_the_400_page(client, db):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_form_posted_without_its_token_is_explained(home_page):
    response = Client(enforce_csrf_checks=True).post("/lettre/abonnement/", {"email": "a@b.fr"})
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()


def test_log_records_are_json_lines_with_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/lieux/",),
            sys.exc_info(),
            extra={"status_code": 500, "request": RequestFactory().get("/lieux/")},
        )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "ERROR"
    assert entry["message"] == "Internal Server Error: /lieux/"
    assert entry["status_code"] == 500
    assert entry["path"] == "/lieux/"
    assert "ValueError: boom" in entry["exception"]
