"""An editor whose role requires two-factor authentication enrols an app, then logs in with it."""

import base64

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.e2e.test_content_security_policy import watched_page
from tests.factories import UserFactory


def code(secret, offset=0):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, t0=-offset * 30):06d}"


def password_step(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")


def test_editor_enrols_then_logs_in_with_a_code(live_server, new_page, settings):
    settings.OTP_REQUIRED_ROLES = ["Editor", "Admin"]
    UserFactory(username="night-editor", role="Editor")

    page = watched_page(new_page)
    password_step(page, live_server, "night-editor")
    page.wait_for_url("**/admin/two-factor/setup/**")
    expect(page.locator("img.nr-two-factor__qr")).to_be_visible()
    secret = page.locator(".nr-two-factor__secret").inner_text().strip()
    page.fill("#id_token", "123")
    page.click("#two-factor-form input[type=submit]")
    expect(page.locator(".errornote")).to_contain_text("six digits")
    page.fill("#id_token", code(secret))
    page.click("#two-factor-form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator(".messagelist")).to_contain_text("Two-factor authentication is on")

    # Next time: password, then the code.
    page.click("#logout-form button")
    password_step(page, live_server, "night-editor")
    page.wait_for_url("**/admin/two-factor/verify/**")
    page.fill("#id_token", code(secret, offset=1))  # the next code: the first one was used
    page.click("#two-factor-form input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text("Two-factor authentication")
    assert page.violations == []
    assert page.errors == []
