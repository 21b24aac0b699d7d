"""
Two-factor authentication (TOTP) in one place: who needs it, what a login
still lacks, and the actions that enrol, verify, turn off and reset a device.

Each action writes an audit line (``otp.*``). Views and admin actions are thin
callers; nothing else creates, confirms or deletes a user's TOTP device.
"""

import base64
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom.audit import audit
from newsroom.clientip import client_ip

VERIFY, SETUP = "verify", "setup"
# Set in a session once its user was found to need no second factor, to the
# required roles of that moment: the check then costs no query per admin page.
SESSION_CLEAR = "nr_2fa_clear"


def _roles_fingerprint():
    return ",".join(sorted(settings.OTP_REQUIRED_ROLES)) or "-"


def required_for(user):
    """Return whether ``user``'s role must use a second factor (OTP_REQUIRED_ROLES)."""
    roles = settings.OTP_REQUIRED_ROLES
    if not roles:
        return False
    if user.is_superuser and "Admin" in roles:
        return True
    return user.groups.filter(name__in=roles).exists()


def confirmed_device(user):
    """Return the user's confirmed TOTP device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_step(request):
    """Return what the logged-in staff user must do before using the admin.

    VERIFY: enter a code (the user has a device); SETUP: enrol one (the role
    requires it); None: nothing.
    """
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return None
    return pending_step_for(user, request.session)


def pending_step_for(user, session):
    """Return the step ``user`` still owes in ``session`` (see pending_step)."""
    if not (user.is_active and user.is_staff):
        return None
    if session.get(SESSION_CLEAR) == _roles_fingerprint():
        return None
    if confirmed_device(user):
        return VERIFY
    if required_for(user):
        return SETUP
    session[SESSION_CLEAR] = _roles_fingerprint()
    return None


def pending_device(user):
    """Return the user's unconfirmed device, making one with a fresh secret if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def secret_base32(device):
    """Return the device's secret as the base32 text authenticator apps accept."""
    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def qr_code_data_uri(device):
    """Return the device's otpauth:// URL as an SVG QR code in a data: URI (no script needed)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _fields(request, user, **more):
    return {"user_id": user.pk, "ip": client_ip(request), **more}


def confirm_enrolment(request, device):
    """Confirm ``device`` (its code was checked) and count this login as verified."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    audit(
        "otp.enrolled",
        "User %s turned on two-factor authentication",
        device.user_id,
        **_fields(request, device.user),
    )


def mark_verified(request, device):
    """Record that this session's user gave a right code from ``device``."""
    otp_login(request, device)
    audit(
        "otp.verified",
        "User %s gave a valid two-factor code",
        device.user_id,
        **_fields(request, device.user),
    )


def record_failure(request, user, reason):
    audit(
        "otp.failed",
        "User %s gave a wrong two-factor code (%s)",
        user.pk,
        reason,
        **_fields(request, user, reason=reason),
    )


def turn_off(request, user):
    """Remove the user's own second factor; refused when their role requires one."""
    if required_for(user):
        raise PermissionDenied(
            _("Your role requires two-factor authentication; it cannot be turned off.")
        )
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(SESSION_CLEAR, None)
    audit(
        "otp.disabled",
        "User %s turned off two-factor authentication",
        user.pk,
        **_fields(request, user),
    )


def may_reset(acting_user, target):
    """Return whether ``acting_user`` may reset ``target``'s second factor.

    Only those who may change user accounts (Admins), never their own (they
    turn it off or re-enrol themselves), and only a superuser may reset a
    superuser's.
    """
    if not (acting_user.is_active and acting_user.has_perm("auth.change_user")):
        return False
    if acting_user.pk == target.pk:
        return False
    return acting_user.is_superuser or not target.is_superuser


def reset_second_factor(request, target):
    """Delete ``target``'s TOTP devices so they enrol again at their next login."""
    if not may_reset(request.user, target):
        audit(
            "otp.reset_refused",
            "User %s may not reset the second factor of user %s",
            request.user.pk,
            target.pk,
            **_fields(request, request.user, target_user_id=target.pk),
        )
        raise PermissionDenied(
            _("You may not reset the second factor of %(user)s.") % {"user": target}
        )
    deleted, _counts = TOTPDevice.objects.filter(user=target).delete()
    audit(
        "otp.reset",
        "User %s reset the second factor of user %s",
        request.user.pk,
        target.pk,
        **_fields(request, request.user, target_user_id=target.pk, devices_removed=deleted),
    )
    return deleted
