"""Two-factor authentication: enrolment, the code at login, roles that require it, and resets."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_for, enrolled, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
VERIFY = reverse("admin:two_factor_verify")
SETUP = reverse("admin:two_factor_setup")
MANAGE = reverse("admin:two_factor")


@pytest.fixture(autouse=True)
def _no_throttle_between_tries(settings):
    # django-otp doubles a wait after each wrong code; tests that try again at once opt back in.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def form_error_code(response):
    return response.context["form"].errors.as_data()["token"][0].code


def test_an_editor_must_enrol_when_the_role_requires_it(client, settings, audit_log):
    settings.OTP_REQUIRED_ROLES = ["Editor", "Admin"]
    editor = UserFactory(username="desk-editor", role="Editor")
    response = log_in(client, "desk-editor")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(SETUP)

    # Nothing of the admin is reachable meanwhile: pages, autocomplete, the JS catalogue.
    for url in [INDEX, reverse("admin:articles_article_changelist"), reverse("admin:autocomplete"),
                reverse("admin:jsi18n"), MANAGE]:
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked["Location"].startswith(SETUP), url

    page = client.get(SETUP)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code, no script needed
    assert re.search(r"[A-Z2-7]{32}", page.text)  # the key, to type in by hand
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    wrong = client.post(SETUP, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert form_error_code(wrong) == "invalid_token"
    assert form_error_code(client.post(SETUP, {"token": "12ab56"})) == "malformed"
    response = client.post(SETUP, {"token": code_for(device), "next": INDEX})
    assert response.status_code == 302 and response["Location"] == INDEX
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(INDEX).status_code == 200
    events = [r.event for r in audit_log()]
    assert "otp.failed" in events and "otp.enrolled" in events


def test_a_writer_is_not_required_to_enrol(client, settings):
    settings.OTP_REQUIRED_ROLES = ["Editor", "Admin"]
    UserFactory(username="cub", role="Writer")
    log_in(client, "cub")
    assert client.get(INDEX).status_code == 200


def test_superusers_count_as_admins(client, settings):
    settings.OTP_REQUIRED_ROLES = ["Admin"]
    chief = UserFactory(username="boss", is_superuser=True)
    chief.groups.clear()
    log_in(client, "boss")
    assert client.get(INDEX)["Location"].startswith(SETUP)


def test_with_a_device_the_login_asks_for_the_code(client, audit_log):
    user = UserFactory(username="careful", role="Writer")  # enrolled of their own accord
    device = enrolled(user)
    log_in(client, "careful")
    response = client.get(INDEX)
    assert response["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.text

    wrong = "000000" if code_for(device) != "000000" else "111111"
    refused = client.post(VERIFY, {"token": wrong, "next": INDEX})
    assert refused.status_code == 200 and form_error_code(refused) == "invalid_token"
    assert client.get(INDEX).status_code == 302

    accepted = client.post(VERIFY, {"token": code_for(device), "next": INDEX})
    assert accepted.status_code == 302 and accepted["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    events = [(r.event, r.user_id) for r in audit_log()]
    assert ("otp.failed", user.pk) in events and ("otp.verified", user.pk) in events


def test_a_used_code_cannot_be_replayed(client):
    device = enrolled(UserFactory(username="replay", role="Writer"))
    code = code_for(device)
    log_in(client, "replay")
    assert client.post(VERIFY, {"token": code})["Location"] == INDEX
    other = Client()
    log_in(other, "replay")
    assert form_error_code(other.post(VERIFY, {"token": code})) == "invalid_token"


def test_wrong_codes_are_throttled(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = enrolled(UserFactory(username="guesser", role="Writer"))
    log_in(client, "guesser")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    assert form_error_code(client.post(VERIFY, {"token": wrong})) == "invalid_token"
    assert form_error_code(client.post(VERIFY, {"token": code_for(device)})) == "throttled"


def test_the_next_address_cannot_leave_the_site(client):
    device = enrolled(UserFactory(username="phished", role="Writer"))
    log_in(client, "phished")
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/admin/"})
    assert response["Location"] == INDEX


def test_one_can_log_out_halfway(client):
    enrolled(UserFactory(username="leaver", role="Writer"))
    log_in(client, "leaver")
    response = client.post(reverse("admin:logout"))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_password_alone_never_passes_the_verify_step_by_posting_elsewhere(client):
    enrolled(UserFactory(username="sneaky", role="Editor"))
    log_in(client, "sneaky")
    response = client.post(reverse("admin:articles_article_add"), {"headline": "x"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def test_a_user_may_turn_it_off_unless_the_role_requires_it(client, settings, audit_log):
    user = UserFactory(username="optional", role="Writer")
    device = enrolled(user)
    log_in(client, "optional")
    client.post(VERIFY, {"token": code_for(device)})
    assert "is <strong>on</strong>" in client.get(MANAGE).text
    response = client.post(MANAGE, {"token": code_for(device, offset=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "otp.disabled" in [r.event for r in audit_log()]

    settings.OTP_REQUIRED_ROLES = ["Editor"]
    editor = UserFactory(username="bound", role="Editor")
    device = enrolled(editor)
    other = Client()
    log_in(other, "bound")
    other.post(VERIFY, {"token": code_for(device)})
    assert other.post(MANAGE, {"token": code_for(device, offset=1)}).status_code == 403
    assert TOTPDevice.objects.filter(user=editor).exists()


def reset(client, *users):
    return client.post(reverse("admin:auth_user_changelist"), {
        "action": "reset_two_factor", "_selected_action": [u.pk for u in users],
    })


def test_an_admin_resets_a_colleagues_second_factor(admin_user_client, settings, audit_log):
    settings.OTP_REQUIRED_ROLES = ["Editor"]
    editor = UserFactory(username="lost-phone", role="Editor")
    enrolled(editor)
    response = reset(admin_user_client, editor)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    (event,) = [r for r in audit_log() if r.event == "otp.reset"]
    assert event.user_id == admin_user_client.user.pk and event.target_user_id == editor.pk
    # At the next login the editor enrols a new device.
    client = Client()
    log_in(client, "lost-phone")
    assert client.get(INDEX)["Location"].startswith(SETUP)


def test_a_reset_ends_the_verified_session_of_the_user(admin_user_client):
    user = UserFactory(username="stolen", role="Writer")
    device = enrolled(user)
    session = Client()
    log_in(session, "stolen")
    session.post(VERIFY, {"token": code_for(device)})
    assert session.get(INDEX).status_code == 200
    reset(admin_user_client, user)
    enrolled(user)  # someone enrols a new phone: the old session is not verified by it
    assert session.get(INDEX)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("role", ["Writer", "Editor"])
def test_lower_roles_cannot_reset_anyones_second_factor(role, client):
    actor = UserFactory(username=f"not-admin-{role}", role=role)
    target = UserFactory(username="target", role="Editor")
    enrolled(target)
    client.force_login(actor)
    assert reset(client, target).status_code == 403
    assert TOTPDevice.objects.filter(user=target).exists()


def test_admin_group_cannot_reset_a_superuser_nor_themselves(client):
    deputy = UserFactory(username="deputy")
    deputy.groups.add(Group.objects.get(name="Admin"))  # the Admin role, without superuser status
    chief = UserFactory(username="the-chief", role="Admin")
    enrolled(chief)
    enrolled(deputy)
    client.force_login(deputy)
    response = reset(client, chief, deputy)
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user__in=[chief, deputy]).count() == 2


def test_the_users_list_shows_who_has_a_second_factor(admin_user_client, django_assert_max_num_queries):
    for n in range(5):
        enrolled(UserFactory(username=f"enrolled-{n}"))
    with django_assert_max_num_queries(12):
        response = admin_user_client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 200
    assert response.text.count('alt="True"') >= 5


def test_the_stock_device_admin_is_not_exposed(admin_user_client):
    assert admin_user_client.get("/admin/otp_totp/totpdevice/").status_code == 404
