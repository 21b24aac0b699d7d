"""Production settings pass Django's deployment checks; bad configuration fails at start."""

import os
import subprocess
import sys
from pathlib import Path

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
