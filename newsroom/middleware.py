"""Site-wide middleware: the request log and the health check."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import empty

from .logging import request_id_var

logger = logging.getLogger("newsroom.request")

# Accepted from a trusted proxy's X-Request-ID (nginx's $request_id is 32 hex digits).
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
MAX_LOGGED_PATH = 500


def loaded_user_id(request):
    """Return the id of the user the request authenticated, without loading one.

    Public pages never look at the user; loading it just to log it would cost
    a session read and a query per page view, so such lines carry no user.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Give each request an id (X-Request-ID) and log one line when it ends.

    The line holds method, path (never the query string, which may carry a
    preview token), status, duration in milliseconds, client address, user
    id and request id. Successful health checks are not logged: probes every
    few seconds would drown everything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .clientip import client_ip

        request_id = self.incoming_id(request) or uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if not (request.path_info == "/healthz" and response.status_code == 200):
                logger.info(
                    "%s %s %s",
                    request.method,
                    request.path[:MAX_LOGGED_PATH],
                    response.status_code,
                    extra={
                        "event": "http.request",
                        "method": request.method,
                        "path": request.path[:MAX_LOGGED_PATH],
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": loaded_user_id(request),
                        "ip": client_ip(request),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)

    def incoming_id(self, request):
        # Only a proxy we trust may name the request; a client could not be
        # allowed to make its lines look like someone else's.
        if not settings.TRUSTED_PROXY_COUNT:
            return None
        value = request.META.get("HTTP_X_REQUEST_ID", "")
        return value if REQUEST_ID.fullmatch(value) else None


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation, sessions, CSRF and auth run.

    Load balancers and container probes address the app by its internal name
    or IP, which ALLOWED_HOSTS rightly refuses elsewhere; the answer reveals
    nothing about the host it was asked for. Skipping the rest of the chain
    also keeps the probe cheap.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/healthz":
            return self.get_response(request)
        from .views import healthz

        return healthz(request)

