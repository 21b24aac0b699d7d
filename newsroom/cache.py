"""
Content versions for cache invalidation, in one module.

A change to an article bumps the version of everything that shows it (the
article, its topics, authors and tags, home, feeds, sitemaps); cached public
fragments and pages put those versions in their keys, so a publish makes
exactly those keys stale and leaves the rest of the archive cached.
"""

import time

from django.core.cache import cache

PREFIX = "v:"


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
    """Mark ``names`` as changed: every cache key built on them goes stale."""
    stamp = time.time_ns()
    cache.set_many({_key(n): stamp for n in names}, None)


def version_key(*names):
    """Return a short string combining the current versions of ``names``."""
    found = versions(*names)
    return "-".join(str(found[n]) for n in names)
