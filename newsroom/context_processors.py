from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connections

from newsroom.cache import version_key
from topics.models import Topic


def navigation_topics():
    """Return the topics shown in the site navigation (cached until topics change).

    Every page asks, so the statement is compiled once per process: the ORM
    took twice as long to compile it as PostgreSQL takes to answer it.
    """
    key = f"nav:{version_key('topics')}"
    topics = cache.get(key)
    if topics is None:
        db = Topic.objects.db
        with connections[db].cursor() as cursor:
            cursor.execute(*_navigation_statement(db))
            topics = [{"name": name, "slug": slug} for name, slug in cursor.fetchall()]
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
        "nav_topics": navigation_topics,
    }
