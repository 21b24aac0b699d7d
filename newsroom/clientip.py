"""The reader's address, as trusted proxies report it.

Behind N reverse proxies, each appends the address it received the request
from to X-Forwarded-For, so the client is the N-th entry from the right;
anything further left was written by the client and may be forged. With no
proxy (TRUSTED_PROXY_COUNT=0) the header is ignored and REMOTE_ADDR is the
client. Login throttling (django-axes) and the request log both use this.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """Return the client's IP address as a string (None if it cannot be known)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
        ]
        if len(hops) >= count:
            candidate = hops[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass  # a proxy misconfiguration: fall back to the connection's address
    return remote
