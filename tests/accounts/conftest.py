import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

LOGIN_URL = reverse("admin:login")
PASSWORD = "a-long-test-password"


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"}, **extra)


def code_for(device, offset=0):
    """Return the six digits an authenticator app shows for ``device`` now (or ``offset`` steps away)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - offset * device.step, digits=device.digits):06d}"


def enrolled(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.fixture
def audit_log(caplog):
    """Return a function listing the audit events logged so far."""
    caplog.set_level("INFO", logger="newsroom.audit")
    return lambda: [r for r in caplog.records if r.name == "newsroom.audit"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests log in by password dozens of times; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
