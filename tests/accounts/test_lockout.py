"""Login throttling: repeated failures lock a username at an address; an Admin can unlock it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_user(db):
    return UserFactory(username="mina", role="Writer")


def fail(client, times, username="mina", **extra):
    return [log_in(client, username, "wrong-password-guess", **extra).status_code for _ in range(times)]


def test_locked_out_after_the_failure_limit_even_with_the_right_password(client, desk_user, settings, audit_log):
    settings.AXES_FAILURE_LIMIT = 3
    statuses = fail(client, 3)
    assert statuses[:2] == [200, 200]  # the login form again, with its error
    response = log_in(client, "mina")  # the right password, too late
    assert response.status_code == 429
    assert "Login locked" in response.text and "Try again in 15 minutes" in response.text
    assert response["X-Frame-Options"] == "DENY"
    assert "_auth_user_id" not in client.session
    events = [r.event for r in audit_log()]
    assert events.count("auth.login_failed") >= 3 and "auth.locked_out" in events


def test_lockout_is_per_username_and_address(client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="daniel", role="Writer")
    fail(client, 3)
    assert log_in(client, "daniel").status_code == 302  # a colleague at the same address
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert log_in(elsewhere, "mina").status_code == 302  # a stranger cannot lock mina out from afar


def test_behind_a_proxy_the_forwarded_address_counts(client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    fail(client, 3, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    # Another reader behind the same proxy is not locked; a forged left-most hop changes nothing.
    assert log_in(client, "mina", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    client.logout()
    assert log_in(client, "mina", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7").status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, 3)
    from datetime import timedelta

    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "mina").status_code == 302


def test_an_admin_unlocks_a_login_from_the_users_list(client, desk_user, admin_user_client, settings, audit_log):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, 3)
    response = admin_user_client.post(reverse("admin:auth_user_changelist"), {
        "action": "unlock_login", "_selected_action": [desk_user.pk],
    })
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "mina").status_code == 302
    (unlock,) = [r for r in audit_log() if r.event == "auth.unlocked"]
    assert unlock.target_user_id == desk_user.pk and unlock.user_id == admin_user_client.user.pk


@pytest.mark.parametrize("role_client", ["writer_client", "editor_client"])
def test_lower_roles_cannot_unlock(request, role_client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(Client(), 3)
    response = request.getfixturevalue(role_client).post(reverse("admin:auth_user_changelist"), {
        "action": "unlock_login", "_selected_action": [desk_user.pk],
    })
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()


def test_a_successful_login_clears_earlier_failures(client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    fail(client, 2)
    assert log_in(client, "mina").status_code == 302
    client.logout()
    fail(client, 2)
    assert log_in(client, "mina").status_code == 302
