"""Two web instances sharing PostgreSQL and Redis, as docker-compose runs replicas.

Each instance is a real gunicorn (DEBUG off, the page cache on) on its own
port; the test drives them over HTTP. A story published through one instance
must show through the other, whose pages are cached, within a second.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection

from bench.server import Gunicorn
from tests.factories import ArticleFactory, UserFactory, ready_article

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/13")
PASSWORD = "scale-out editor passphrase"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles_after_flush"),
]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def instances(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if not _redis_answers():
        pytest.skip(f"needs Redis at {REDIS_URL}")
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    db = connection.settings_dict
    env = {
        "DATABASE_URL": (
            f"postgres://{urllib.parse.quote(db['USER'] or 'postgres')}"
            f"{':' + urllib.parse.quote(db['PASSWORD']) if db['PASSWORD'] else ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "OTP_REQUIRED_ROLES": "",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env={**os.environ, **env}, check=True,
    )
    first = Gunicorn(env, "127.0.0.1", _free_port(), workers=2, log_path=tmp_path / "a.log")
    second = Gunicorn(env, "127.0.0.1", _free_port(), workers=2, log_path=tmp_path / "b.log")
    with first, second:
        yield f"http://127.0.0.1:{first.port}", f"http://127.0.0.1:{second.port}"


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read().decode()


def _editor_session(base, username):
    """Log in to the admin of one instance; return an opener that keeps the session."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{base}/admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/admin/",
    }).encode()
    request = urllib.request.Request(f"{base}/admin/login/", data=data, headers={"Referer": base + "/"})
    landed = opener.open(request, timeout=10)
    assert landed.url.endswith("/admin/"), "the editor could not log in"
    return opener


def _admin_action(opener, base, action, article):
    changelist = f"{base}/admin/articles/article/"
    page = opener.open(changelist, timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": token, "action": action, "_selected_action": article.pk, "index": 0,
    }).encode()
    request = urllib.request.Request(changelist, data=data, headers={"Referer": changelist})
    assert opener.open(request, timeout=10).status == 200


def _seconds_until(url, predicate, limit=5.0):
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if predicate(_get(url)[2]):
            return time.monotonic() - started
        time.sleep(0.05)
    return float("inf")


def test_a_publish_through_one_instance_shows_through_the_other_within_a_second(instances, settings):
    first, second = instances
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    editor = UserFactory(username="desk", role="Editor", password=PASSWORD)
    ArticleFactory(live=True, headline="Harbour cranes stand idle")
    story = ready_article(headline="Dock strike ends after nine days")

    for base in (first, second):  # both instances now hold the home page in their caches
        for _ in range(3):
            status, headers, html = _get(f"{base}/")
            assert status == 200 and "Harbour cranes stand idle" in html
        assert "Age" in headers, "the home page should be served from the page cache"

    opener = _editor_session(first, editor.username)
    _admin_action(opener, first, "publish_selected", story)
    story.refresh_from_db()
    assert story.status == "published"
    seen_after = _seconds_until(f"{second}/", lambda html: "Dock strike ends after nine days" in html)
    assert seen_after < 1.0, f"the other instance showed the story after {seen_after:.2f} s"
    assert _get(f"{second}{story.get_absolute_url()}")[0] == 200

    # And back: withdrawn through the second instance, gone from the first's cached pages.
    opener = _editor_session(second, editor.username)
    _admin_action(opener, second, "withdraw_selected", story)
    gone_after = _seconds_until(f"{first}/", lambda html: "Dock strike ends after nine days" not in html)
    assert gone_after < 1.0, f"the first instance still showed the story after {gone_after:.2f} s"
    with pytest.raises(urllib.error.HTTPError) as refused:
        _get(f"{first}{story.get_absolute_url()}")
    assert refused.value.code == 404
