"""Write account events to the audit log: logins, failures, logouts, lockouts."""

import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from newsroom.audit import audit
from newsroom.clientip import client_ip

from . import twofactor
from .middleware import LAST_SEEN

MAX_USERNAME = 150
logger = logging.getLogger("newsroom.audit")


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit-login")
def logged_in(sender, request, user, **kwargs):
    audit("auth.login", "User %s logged in", user.pk, user_id=user.pk, ip=_ip(request))
    # Settle now, while the login writes the session anyway, what the idle
    # timer and the two-factor check would otherwise write on the next page.
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN] = int(time.time())
        twofactor.pending_step_for(user, session)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit("auth.logout", "User %s logged out", user.pk, user_id=user.pk, ip=_ip(request))


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # The username as typed (cut short): what an attack tries is the point of the line.
    username = str(credentials.get("username", ""))[:MAX_USERNAME]
    audit("auth.login_failed", "Failed login for %r", username, username=username, ip=_ip(request))


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def locked_out(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Login locked out for %r from %s",
        username,
        ip_address,
        extra={
            "event": "auth.locked_out",
            "username": str(username)[:MAX_USERNAME],
            "ip": ip_address,
        },
    )
