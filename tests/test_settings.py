"""Production settings pass Django's deployment checks; bad configuration fails at start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY="x" * 20 + "-a-real-production-secret-key-that-is-long-enough",
        SITE_URL="https://news.example.org", DEBUG="0", ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_configuration_fails_at_start_with_a_clear_message():
    result = run_manage("check", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr
    result = run_manage("check", SITE_URL="news.example.org")
    assert "SITE_URL must be an absolute http(s) URL" in result.stderr


PRODUCTION = {
    "SECRET_KEY": "x" * 20 + "-a-real-production-secret-key-that-is-long-enough",
    "SITE_URL": "https://news.example.org", "DEBUG": "0", "ALLOWED_HOSTS": "news.example.org",
}


def test_check_deploy_is_clean_behind_a_proxy_with_two_factor_required():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
        SECURE_PROXY_SSL_HEADER="1", TRUSTED_PROXY_COUNT="1", OTP_REQUIRED_ROLES="Editor,Admin",
        LOG_FORMAT="json",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_speaks_up_when_https_is_turned_off():
    """The clean result above means something: weakened settings are reported."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
                        SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012"]:
        assert check in result.stderr + result.stdout


def test_production_settings_harden_cookies_and_https():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', "
        "'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'OTP_REQUIRED_ROLES', 'SECURE_PROXY_SSL_HEADER']}))"
    )
    result = run_manage("shell", "-c", script, **PRODUCTION, SECURE_PROXY_SSL_HEADER="1",
                        OTP_REQUIRED_ROLES="Editor, Admin")
    import json

    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["OTP_REQUIRED_ROLES"] == ["Editor", "Admin"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_the_demo_defaults_leave_two_factor_optional():
    result = run_manage("shell", "-c", "from django.conf import settings; print(settings.OTP_REQUIRED_ROLES)")
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("LOG_FORMAT", "xml", "LOG_FORMAT must be json or plain"),
    ("OTP_REQUIRED_ROLES", "Editors", "OTP_REQUIRED_ROLES takes Writer, Editor and Admin"),
    ("TRUSTED_PROXY_COUNT", "-1", "TRUSTED_PROXY_COUNT must be 0 or more"),
    ("TRUSTED_PROXY_COUNT", "one", "TRUSTED_PROXY_COUNT must be a whole number"),
    ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be 1 or more"),
    ("SESSION_IDLE_TIMEOUT", "soon", "SESSION_IDLE_TIMEOUT must be a whole number"),
])
def test_bad_security_settings_fail_at_start(name, value, message):
    result = run_manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_csp_reports_can_go_elsewhere_or_nowhere():
    script = "from django.conf import settings; print(settings.SECURE_CSP['report-uri'])"
    elsewhere = run_manage("shell", "-c", script, CSP_REPORT_URI="https://reports.example.org/csp")
    assert elsewhere.stdout.strip().splitlines()[-1] == "https://reports.example.org/csp"
    assert run_manage("shell", "-c", script, CSP_REPORT_URI="").stdout.strip().splitlines()[-1] == "None"


DATABASE_OPTIONS = (
    "from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {});"
    " print(o.get('server_side_binding'), o.get('prepare_threshold'))"
)


def test_postgresql_statements_are_prepared_unless_a_pooler_forbids_it():
    pg = {"DATABASE_URL": "postgres://newsroom@db.example.org:5432/newsroom"}
    last = lambda result: result.stdout.strip().splitlines()[-1]  # noqa: E731
    assert last(run_manage("shell", "-c", DATABASE_OPTIONS, **pg)) == "True 1"
    assert last(run_manage("shell", "-c", DATABASE_OPTIONS, **pg, DB_PREPARE_THRESHOLD="5")) == "True 5"
    assert last(run_manage("shell", "-c", DATABASE_OPTIONS, **pg, DB_PREPARED_STATEMENTS="0")) == "None None"
    failed = run_manage("check", **pg, DB_PREPARE_THRESHOLD="soon")
    assert failed.returncode != 0 and "DB_PREPARE_THRESHOLD must be a whole number" in failed.stderr


def test_the_wsgi_worker_freezes_what_it_loaded_out_of_garbage_collection():
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    script = "import gc, newsroom.wsgi; print(gc.get_freeze_count(), len(gc.get_objects()))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    frozen, collected = map(int, result.stdout.split())
    assert frozen > 10 * max(collected, 1), result.stderr  # Django, the apps and the URLconf
