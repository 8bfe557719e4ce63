"""The health check a load balancer polls."""

from django.core.cache import cache


def test_health_is_200_with_database_and_cache_ok(client, db):
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "errors": {}}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_cache_is_reported_but_the_site_still_serves(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.json()["cache"] == "indisponible"
    assert response.json()["errors"] == {"cache": "ConnectionError"}


class RestartingDatabase:
    def cursor(self):
        raise ConnectionError("database restarting")


def test_a_failing_database_answers_503(client, db, monkeypatch):
    monkeypatch.setattr("portal.health.connection", RestartingDatabase())
    response = client.get("/sante/")
    assert response.status_code == 503
    assert response.json()["database"] == "indisponible"
