import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout

from newsroom.audit import audit

LAST_SEEN = "nr_last_seen"
# Write the session at most this often just to note activity.
TOUCH_EVERY = 60


class IdleSessionTimeoutMiddleware:
    """End a login left unused for SESSION_IDLE_TIMEOUT seconds.

    SESSION_COOKIE_AGE caps a login's whole life; this closes one left alone,
    such as a desk computer after a shift. Readers without a session cost
    nothing here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.SESSION_IDLE_TIMEOUT
        session = request.session
        if timeout and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            last_seen = session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > timeout:
                user_id = session.get(SESSION_KEY)
                logout(request)
                audit(
                    "auth.session_expired",
                    "Session of user %s ended after %d idle seconds",
                    user_id,
                    now - last_seen,
                    user_id=user_id,
                    idle_seconds=now - last_seen,
                )
            elif last_seen is None or now - last_seen >= TOUCH_EVERY:
                session[LAST_SEEN] = now
        return self.get_response(request)
