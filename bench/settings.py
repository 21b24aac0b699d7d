"""
Settings for the benchmark's gunicorn: the app's own, with the cache mode made explicit.

``BENCH_CACHE`` (set by bench.run) picks one of:

- ``on``: ``REDIS_URL`` points at the benchmark's Redis database and the app's
  settings decide everything else (including any in-process tier in front).
- ``local``: no ``REDIS_URL``: the app's default local-memory cache, per worker.
- ``off``: every cache alias the app defines becomes Django's DummyCache and
  the app's page cache (``PAGE_CACHE``, with its in-process tier) is switched
  off, so each request runs the whole view (queries and rendering): the
  uncached path.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import CACHES

BENCH_CACHE = os.environ.get("BENCH_CACHE", "on")
if BENCH_CACHE == "off":
    CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}
    PAGE_CACHE = False
