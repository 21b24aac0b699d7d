"""docker-compose.yml and the Dockerfile describe a runnable deployment."""

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_has_database_cache_web_and_proxy_with_volumes():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "web", "proxy"} <= set(services)
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert services["web"]["build"] == "."
    assert "media:/app/media" in services["web"]["volumes"]
    env = services["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and env["REDIS_URL"].startswith("redis://")
    assert {"pgdata", "media"} <= set(compose["volumes"])
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "migrate --noinput" in dockerfile and "gunicorn newsroom.wsgi" in dockerfile


def test_compose_config_parses_with_docker_compose(tmp_path):
    tool = shutil.which("docker-compose")
    if not tool:
        pytest.skip("docker-compose is not installed (CI installs Debian's docker-compose to run this)")
    result = subprocess.run(
        [tool, "-f", str(ROOT / "docker-compose.yml"), "config", "-q"], cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 50}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
