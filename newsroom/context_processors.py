from django.conf import settings
from django.core.cache import cache

from newsroom.cache import version_key
from topics.models import Topic


def navigation_topics():
    """Return the topics shown in the site navigation (cached until topics change)."""
    key = f"nav:{version_key('topics')}"
    topics = cache.get(key)
    if topics is None:
        topics = list(Topic.objects.filter(in_navigation=True).values("name", "slug"))
        cache.set(key, topics, 3600)
    return topics


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "SITE_DESCRIPTION": settings.SITE_DESCRIPTION,
        "nav_topics": navigation_topics,
    }
