from functools import lru_cache, partial

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from newsroom.cache import version_key
from newsroom.dbread import read_together
from topics.models import Topic


def navigation_topics(request=None):
    """Return the topics shown in the site navigation (cached until topics change).

    Every page asks, so the statement is compiled once per process: the ORM
    took twice as long to compile it as PostgreSQL takes to answer it. A page
    that read them along with its own rows (``read_with_navigation()``) has
    them already.
    """
    topics = getattr(request, "navigation_topics", None)
    if topics is not None:
        return topics
    key, topics = _cached()
    if topics is None:
        db = Topic.objects.db
        with connections[db].cursor() as cursor:
            cursor.execute(*_navigation_statement(db))
            topics = _remember(key, cursor.fetchall())
    return topics


def read_with_navigation(request, db, statements):
    """Return ``read_together(db, statements)``, the navigation's statement sent along.

    The article page reads its story this way: the navigation costs no round
    trip of its own. When the navigation is cached, it is not read again.
    """
    key, topics = _cached()
    if topics is None and Topic.objects.db == db:
        *rows, found = read_together(db, [*statements, _navigation_statement(db)])
        topics = _remember(key, found)
    else:
        rows = read_together(db, statements)
    if topics is not None:
        request.navigation_topics = topics
    return rows


def _cached():
    key = f"nav:{version_key('topics')}"
    return key, cache.get(key)


def _remember(key, rows):
    topics = [{"name": name, "slug": slug} for name, slug in rows]
    cache.set(key, topics, 3600)
    return topics


@lru_cache(maxsize=4)
def _navigation_statement(db):
    query = Topic.objects.filter(in_navigation=True).values_list("name", "slug").query
    return query.get_compiler(using=db).as_sql()


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_DESCRIPTION": settings.SITE_DESCRIPTION,
        "nav_topics": partial(navigation_topics, request),
    }
