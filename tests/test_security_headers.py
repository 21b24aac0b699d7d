"""Security headers on every response: public, admin, errors; the CSP itself and its report endpoint."""

import base64
import hashlib
import json
import re
from pathlib import Path

import django_prose_editor
import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse

from newsroom import urls as newsroom_urls
from tests.factories import ready_article

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), *newsroom_urls.urlpatterns]
handler500 = newsroom_urls.handler500


def assert_hardened(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    return csp


@pytest.fixture
def published_url():
    from articles import workflow
    from tests.factories import UserFactory

    article = ready_article()
    workflow.transition(article, "publish", user=UserFactory(username="hdr-chief", role="Admin"))
    article.refresh_from_db()
    return article.get_absolute_url()


def test_public_pages_carry_the_headers(client, published_url):
    for url in ["/", published_url, "/robots.txt"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = assert_hardened(response)
        assert "script-src 'self'" in csp and "object-src 'none'" in csp and "report-uri /csp-report" in csp


def test_admin_pages_carry_the_headers_and_a_nonce_matching_their_scripts(editor_client):
    for url in [reverse("admin:login"), reverse("admin:index"), reverse("admin:articles_article_add")]:
        response = editor_client.get(url)
        assert response.status_code in (200, 302), url
        csp = assert_hardened(response)
        if response.status_code == 200:
            nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
            html = response.text
            inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
            assert all(f'nonce="{nonce}"' in tag for tag in inline), inline
    add_form = editor_client.get(reverse("admin:articles_article_add")).text
    assert re.search(r'<script type="importmap" nonce="[^"]+">', add_form)  # the rich-text editor's modules


def test_anonymous_admin_and_error_responses_carry_the_headers(client, settings):
    settings.ROOT_URLCONF = "tests.test_security_headers"
    assert_hardened(client.get("/no-such-page/"))
    crashing = Client(raise_request_exception=False)
    response = crashing.get("/boom/")
    assert response.status_code == 500
    csp = assert_hardened(response)
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'<style nonce="{nonce}">' in response.text  # the branded page keeps its style


def test_refused_host_and_csrf_failures_carry_the_headers(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert_hardened(response)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert_hardened(response)


def test_cached_public_pages_carry_a_fresh_nonce_matching_their_header(client, published_url, settings):
    """JSON-LD blocks carry the nonce; each cache hit gets its own, in the body and the header alike."""
    settings.PAGE_CACHE = True
    seen = set()
    for _ in range(3):
        response = client.get(published_url)
        nonce = re.search(r"'nonce-([^']+)'", assert_hardened(response)).group(1)
        assert f'nonce="{nonce}"' in response.text
        seen.add(nonce)
    assert len(seen) == 3


def test_style_hash_matches_the_installed_editor_css():
    """The allowed hash is the one of the stylesheet the installed editor injects."""
    editor_js = Path(django_prose_editor.__file__).parent / "static/django_prose_editor/editor.js"
    css = re.search(r"`(\.ProseMirror \{\n  position: relative;\n\}.*?)`", editor_js.read_text(), re.S)
    assert css, "the editor's injected base CSS was not found in editor.js; review the CSP style hash"
    digest = base64.b64encode(hashlib.sha256(css.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.PROSE_EDITOR_STYLE_HASH, (
        "django-prose-editor's base CSS changed: set PROSE_EDITOR_STYLE_HASH in settings to "
        f"'sha256-{digest}'"
    )


def test_https_redirect_honours_the_proxy_header(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/robots.txt")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    response = client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200  # probes speak plain HTTP


def csp_report(client, payload, content_type="application/csp-report"):
    return client.post("/csp-report", json.dumps(payload), content_type=content_type)


def test_csp_reports_are_logged_without_query_strings(client, caplog):
    report = {"csp-report": {
        "document-uri": "https://news.example.org/admin/?token=secret", "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem", "blocked-uri": "inline", "disposition": "enforce",
    }}
    with caplog.at_level("WARNING", logger="newsroom.csp"):
        assert csp_report(client, report).status_code == 204
    (record,) = [r for r in caplog.records if r.name == "newsroom.csp"]
    assert record.event == "csp.violation" and record.effective_directive == "script-src-elem"
    assert record.document_uri == "https://news.example.org/admin/"
    api = [{"type": "csp-violation", "body": {"documentURL": "https://news.example.org/",
                                              "effectiveDirective": "style-src-attr", "blockedURL": "inline"}}]
    assert csp_report(client, api, "application/reports+json").status_code == 204


@pytest.mark.parametrize("body", [b"not json", b"{}", b"[1, 2]", b'{"csp-report": "x"}', b"x" * 20_000])
def test_bad_csp_reports_are_refused_cleanly(client, body):
    response = client.post("/csp-report", body, content_type="application/csp-report")
    assert response.status_code == 400
    assert client.get("/csp-report").status_code == 405


@pytest.mark.parametrize("url", [
    "/admin/articles/article/?status__exact=%00", "/admin/?q=a%00", "/admin/autocomplete/?term=%00",
])
def test_nul_bytes_never_reach_an_admin_lookup(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 400
    assert_hardened(response)


@pytest.mark.parametrize(("url", "status"), [("/tags/pilots/?page=%00", 404), ("/tags/x%00y/", 404),
                                             ("/2026/%00/", 404), ("/?page=%00", 200)])
def test_nul_bytes_in_public_addresses_are_handled_by_the_views(client, url, status):
    assert client.get(url).status_code == status


def test_pages_served_from_the_page_cache_carry_the_headers(client, published_url, settings,
                                                            django_assert_num_queries):
    settings.PAGE_CACHE = True
    client.get(published_url)
    with django_assert_num_queries(0):
        response = client.get(published_url)  # a cache hit: no view, no query
    assert response.status_code == 200
    assert_hardened(response)
