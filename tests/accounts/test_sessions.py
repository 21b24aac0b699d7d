"""Sessions end after SESSION_IDLE_TIMEOUT idle seconds, and at SESSION_COOKIE_AGE at most."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import LAST_SEEN
from tests.accounts.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def idle_for(client, seconds):
    session = client.session
    session[LAST_SEEN] -= seconds
    session.save()


def test_an_idle_login_ends(client, settings, audit_log):
    settings.SESSION_IDLE_TIMEOUT = 3600
    user = UserFactory(username="night-desk", role="Editor")
    log_in(client, "night-desk")
    assert client.get(INDEX).status_code == 200
    idle_for(client, 3000)
    assert client.get(INDEX).status_code == 200  # still within the limit; the clock restarts
    idle_for(client, 3601)
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    (event,) = [r for r in audit_log() if r.event == "auth.session_expired"]
    assert str(event.user_id) == str(user.pk)


def test_the_idle_limit_can_be_turned_off(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    UserFactory(username="always-on", role="Editor")
    log_in(client, "always-on")
    idle_for(client, 10 * 24 * 3600)
    assert client.get(INDEX).status_code == 200


def test_activity_is_noted_without_writing_the_session_on_every_page(client):
    UserFactory(username="busy", role="Editor")
    log_in(client, "busy")
    client.get(INDEX)
    with CaptureQueriesContext(connection) as queries:
        client.get(INDEX)
    assert not [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert not [q["sql"] for q in queries if "otp_" in q["sql"]]  # the two-factor check is settled at login


def test_readers_get_no_session(client):
    response = client.get("/robots.txt")
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies


def test_the_session_cookie_is_hardened(client):
    UserFactory(username="cookie", role="Writer")
    response = log_in(client, "cookie")
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == django_settings.SESSION_COOKIE_AGE == 12 * 3600
