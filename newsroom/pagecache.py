"""
The public page cache: read right after whitenoise, before sessions, CSRF and auth.

Two tiers. An in-process LRU keeps entries while the shared change counter
says nothing has changed (read at most once a second), so a hot page costs no
network round trip at all; behind it the shared cache (Redis in production)
holds entries for all processes and hosts.

A view opts in with ``newsroom.cache.depends_on(request, ...)``, naming the
content versions its page shows. The entry records those versions; a hit is
served only while they are still current, so a publish makes exactly the pages
that show the story stale and leaves the rest of the archive cached. An entry
also never outlives its ``expires_at`` (listing pages pass the next scheduled
publication time, so a scheduled story appears on time).

Only anonymous readers are served from the cache: a request carrying a session
cookie (an editor) always reaches the view.
"""

import hashlib
import secrets
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import cache as versions

LOCAL_SECONDS = 1.0
LOCAL_MAX_ENTRIES = 4096
SKIP_HEADERS = {"set-cookie", "content-length"}


class LocalTier:
    """An LRU of entries in this process, and how current they are known to be.

    The process reads the shared change counter (``newsroom.cache.generation``)
    at most every ``seconds``. An entry checked at the current reading is served
    without a network round trip; once the counter has moved, the entry's
    versions are checked once more (one round trip) before it is served again.
    So a change reaches every process within ``seconds`` and a hot page costs
    nothing, yet a publish leaves the pages it does not touch in place.
    """

    def __init__(self, max_entries=LOCAL_MAX_ENTRIES, seconds=LOCAL_SECONDS, max_bytes=None):
        self.entries = OrderedDict()
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.clear()

    def generation(self, now):
        """Return the shared change counter, read again if the last reading is too old."""
        if now - self.read_at >= self.seconds or self.current is None:
            self.current = versions.generation()
            self.read_at = now
        return self.current

    def get(self, key):
        """Return (entry, generation it was last known current at), or (None, None)."""
        item = self.entries.get(key)
        if item is None:
            return None, None
        self.entries.move_to_end(key)
        return item

    def put(self, key, entry, checked):
        self.drop(key)
        self.entries[key] = (entry, checked)
        self.bytes += len(entry["body"])
        # Page bodies per process are bounded (PAGE_CACHE_LOCAL_MB): its memory stays flat.
        limit = self.max_bytes or settings.PAGE_CACHE_LOCAL_MB * 1024 * 1024
        while len(self.entries) > self.max_entries or self.bytes > limit:
            _key, (oldest, _checked) = self.entries.popitem(last=False)
            self.bytes -= len(oldest["body"])

    def drop(self, key):
        item = self.entries.pop(key, None)
        if item is not None:
            self.bytes -= len(item[0]["body"])

    def clear(self):
        self.entries.clear()
        self.bytes = 0
        self.current, self.read_at = None, float("-inf")


local_tier = LocalTier()


def cache_key(request):
    raw = request.get_full_path()
    return "page:" + hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()


def is_cacheable_request(request):
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        current = local_tier.generation(time.monotonic())
        entry = self.lookup(key, current)
        if entry is not None:
            return self.serve(request, entry)
        response = self.get_response(request)
        self.store(request, key, response, current)
        return response

    def lookup(self, key, current):
        """Return the entry for ``key`` if it is still what the view would render."""
        entry, checked = local_tier.get(key)
        if entry is None:
            entry = cache.get(key)
            if entry is None:
                return None
            checked = entry["generation"]
        if entry["expires_at"] <= time.time():
            local_tier.drop(key)
            return None
        if checked != current and versions.versions(*entry["deps"]) != entry["deps"]:
            local_tier.drop(key)
            return None  # something the page shows has changed since it was rendered
        local_tier.put(key, entry, current)
        return entry

    def serve(self, request, entry):
        response = HttpResponse(status=entry["status"])
        for name, value in entry["headers"]:
            response.headers[name] = value
        conditional = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
        if isinstance(conditional, HttpResponseNotModified):
            return conditional
        body = entry["body"]
        nonce = entry["nonce"]
        if nonce:
            # A cached page must not repeat a nonce: give this response its own, the one
            # the CSP middleware (above this one) puts in this response's header.
            lazy = getattr(request, "_csp_nonce", None)
            fresh = str(lazy) if lazy is not None else secrets.token_urlsafe(16)
            body = body.replace(nonce.encode(), fresh.encode())
            for name, value in entry["headers"]:
                if nonce in value:
                    response.headers[name] = value.replace(nonce, fresh)
        if request.method != "HEAD":
            response.content = body
        response.headers["Content-Length"] = str(len(body))
        response.headers["Age"] = str(max(0, int(time.time() - entry["stored_at"])))
        return response

    def store(self, request, key, response, generation):
        plan = getattr(request, "_page_cache", None)
        if (
            plan is None
            or response.status_code != 200
            or response.streaming
            or response.has_header("Set-Cookie")
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
        ):
            return
        now = time.time()
        expires_at = min(now + plan["ttl"], plan["expires_at"] or float("inf"))
        if expires_at <= now + 1:
            return
        nonce = getattr(request, "_csp_nonce", None)
        nonce = str(nonce) if nonce else ""
        body = response.content
        stable = body.replace(nonce.encode(), b"") if nonce else body
        etag = response.get("ETag") or f'W/"{hashlib.md5(stable, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("ETag"):
            response.headers["ETag"] = etag
        last_modified = plan["last_modified"] or now
        if not response.has_header("Last-Modified"):
            response.headers["Last-Modified"] = http_date(last_modified)
        entry = {
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in SKIP_HEADERS],
            "body": body,
            "deps": plan["deps"],
            "expires_at": expires_at,
            "stored_at": now,
            "etag": etag,
            "last_modified": last_modified,
            "nonce": nonce,
            # The counter as read before the view ran: if it has not moved since,
            # nothing the page shows can have changed.
            "generation": generation,
        }
        cache.set(key, entry, timeout=max(1, int(expires_at - now)))
        local_tier.put(key, entry, generation)
