"""/healthz: database and cache checked, nothing internal revealed, never cached, cheap."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthy(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_answers_probes_that_use_an_internal_host_name(client):
    assert client.get("/healthz", HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_database_failure_is_503_without_details(client, monkeypatch, caplog):
    def broken_cursor(*args, **kwargs):
        raise connection.OperationalError("could not connect to server at 10.0.0.5:5432 as newsroom")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert "10.0.0.5" not in response.text and "Operational" not in response.text
    assert any("10.0.0.5" in r.exc_text for r in caplog.records if r.exc_text)  # the reason is logged


def test_a_cache_failure_is_503(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "error"
