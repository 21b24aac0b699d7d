"""
ETag and Last-Modified for public pages and feeds, answered with 304 before any rendering.

A public page changes when content is saved (the content versions in
newsroom.cache move) or when a scheduled story goes live, which saves nothing.
The validators combine both: the versions of what every page shows (stories,
topics in the navigation, author names in bylines) and the time of the newest
live story, itself cached until the next scheduled publication time. Neither
needs the database on most requests.
"""

import hashlib
import math
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.views.decorators.http import condition

from . import cache as content_cache

#: What every public page shows something of.
DEPENDENCIES = ("articles", "topics", "authors")
LIVE_TIMEOUT = 300


def _release():
    """Return a digest of the templates and static files, so a deploy changes every ETag."""
    digest = hashlib.blake2b(digest_size=6)
    for folder in [settings.BASE_DIR / "templates", settings.BASE_DIR / "static"]:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


RELEASE = _release()


def latest_live_time(now=None):
    """Return the publication time of the newest live story (None if there is none).

    Cached until the next scheduled story goes live, and never past five
    minutes; a saved article starts a new cache key.
    """
    from articles.models import Article

    key = f"live:{content_cache.version_key('articles')}"
    found = cache.get(key, "missing")
    if found != "missing":
        return found
    now = now or timezone.now()
    latest = Article.objects.published(now).values_list("published_at", flat=True).first()
    upcoming = Article.objects.scheduled(now).values_list("published_at", flat=True).first()
    timeout = LIVE_TIMEOUT
    if upcoming is not None:
        timeout = max(1, min(LIVE_TIMEOUT, math.ceil((upcoming - now).total_seconds())))
    cache.set(key, latest, timeout)
    return latest


def validators(request):
    """Return (etag, last_modified) of the public pages, once per request."""
    if not hasattr(request, "_public_validators"):
        stamps = content_cache.versions(*DEPENDENCIES)
        latest = latest_live_time()
        changed = datetime.fromtimestamp(max(stamps.values()) / 1e9, tz=UTC)
        if latest and latest > changed:
            changed = latest
        live = latest.timestamp() if latest else 0
        tag = "-".join([RELEASE, *(str(stamps[name]) for name in DEPENDENCIES), f"{live:.6f}"])
        etag = '"' + hashlib.blake2b(tag.encode(), digest_size=12).hexdigest() + '"'
        request._public_validators = (etag, changed.replace(microsecond=0))
    return request._public_validators


def public_page(view):
    """Answer a conditional GET with 304 when nothing a public page shows has changed."""

    @wraps(view)
    def with_our_validators(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Feeds and sitemaps set their own Last-Modified; send the one 304s are decided on.
        if response.has_header("Last-Modified"):
            del response.headers["Last-Modified"]
        return response

    return condition(
        etag_func=lambda request, *args, **kwargs: validators(request)[0],
        last_modified_func=lambda request, *args, **kwargs: validators(request)[1],
    )(with_our_validators)
