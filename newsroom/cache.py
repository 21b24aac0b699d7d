"""
Content versions for cache invalidation, in one module.

A change to an article bumps the version of everything that shows it (the
article, its topics, authors and tags, home, feeds, sitemaps); cached pages
and fragments record the versions they were made from, so a publish makes
exactly those stale and leaves the rest of the archive cached.

Version names: ``article:<pk>``, ``topic:<pk>``, ``author:<pk>``,
``tag:<pk>``, and ``articles``, ``home``, ``feeds``, ``sitemaps``, ``topics``.
"""

import time
from datetime import datetime
from datetime import timezone as dt_timezone

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

PREFIX = "v:"
#: Bumped with every change: a process whose last reading of it is current knows
#: that none of its cached pages has gone stale, without asking about each.
GENERATION_KEY = "v:*generation"
NEXT_PUBLICATION_KEY = "next-publication"
NEVER = datetime.max.replace(tzinfo=dt_timezone.utc)
#: Every public page shows the navigation, i.e. the topics.
SITE_WIDE = ("topics",)


def article_key(pk):
    return f"article:{pk}"


def topic_key(pk):
    return f"topic:{pk}"


def author_key(pk):
    return f"author:{pk}"


def tag_key(pk):
    return f"tag:{pk}"


def _key(name):
    return f"{PREFIX}{name}"


def versions(*names):
    """Return {name: version} for ``names``; a missing version starts now."""
    keys = [_key(n) for n in names]
    found = cache.get_many(keys)
    result = {}
    for name, key in zip(names, keys, strict=True):
        if key not in found:
            found[key] = time.time_ns()
            cache.add(key, found[key], None)
        result[name] = found[key]
    return result


def bump(*names):
    """Mark ``names`` as changed: every cache entry built on them goes stale."""
    if names:
        stamp = time.time_ns()
        cache.set_many({_key(n): stamp for n in names}, None)
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or the cache was flushed)
            if not cache.add(GENERATION_KEY, 1, None):
                cache.incr(GENERATION_KEY)


def generation():
    """Return the number of changes so far (0 after a flush): pages made since are current."""
    return cache.get(GENERATION_KEY, 0)


def version_key(*names):
    """Return a short string combining the current versions of ``names``."""
    found = versions(*names)
    return "-".join(str(found[n]) for n in names)


def next_publication_time():
    """Return when the next scheduled story goes live (NEVER if none is scheduled).

    Pages that list stories must not be cached past it. Kept in the shared
    cache; recomputed with one indexed query once it has passed or after an
    article changed (``forget_next_publication``).
    """
    now = timezone.now()
    found = cache.get(NEXT_PUBLICATION_KEY)
    if found is not None and found > now:
        return found
    article = apps.get_model("articles", "Article")
    found = article.objects.scheduled(now).values_list("published_at", flat=True).first() or NEVER
    cache.set(NEXT_PUBLICATION_KEY, found, None)
    return found


def forget_next_publication():
    cache.delete(NEXT_PUBLICATION_KEY)


def depends_on(request, *names, listing=False, ttl=None, last_modified=None):
    """Let the page cache keep this response while the versions of ``names`` stand.

    Call it in a public view before reading the content the names cover, so an
    edit made while the page renders makes the entry stale instead of lost.
    ``listing=True`` bounds the entry by the next scheduled publication, so a
    scheduled story appears on time on the pages that list stories.
    """
    if not settings.PAGE_CACHE:
        return None  # no page is kept: nothing to note, no version to read
    plan = getattr(request, "_page_cache", None)
    if plan is None:
        plan = request._page_cache = {
            "deps": {}, "ttl": settings.PAGE_CACHE_SECONDS, "expires_at": None, "last_modified": None,
        }
    plan["deps"].update(versions(*SITE_WIDE, *names))
    if ttl:
        plan["ttl"] = min(plan["ttl"], ttl)
    if listing:
        moment = next_publication_time()
        if moment != NEVER:
            stamp = moment.timestamp()
            plan["expires_at"] = stamp if plan["expires_at"] is None else min(plan["expires_at"], stamp)
    if last_modified is not None:
        plan["last_modified"] = max(plan["last_modified"] or 0, last_modified.timestamp())
    return plan
