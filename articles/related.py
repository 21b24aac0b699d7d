"""
"Related stories" and "More in this topic" for the article page.

Both cost one query each whatever the size of the archive: candidates are the
newest few dozen stories of each of the article's topics and tags (bounded
scans of the link tables' indexes), the live ones scored by how many topics
and tags they share. The lists are cached for a few minutes under the content version,
so a withdrawn story leaves them at the next save.
"""

import operator
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from taggit.models import TaggedItem

from newsroom.cache import version_key

from .models import Article

RELATED_COUNT = 4
MORE_COUNT = 5
CANDIDATES_PER_LINK = 30
MAX_LINKS = 12  # topics + tags looked at: an over-tagged story still costs the same
CACHE_SECONDS = 300
FIELDS = ["pk", "headline", "slug", "published_at", "kicker"]


class SubqueryCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def _link(row):
    when = timezone.localtime(row["published_at"])
    url = reverse(
        "articles:detail",
        kwargs={
            "year": when.year,
            "month": when.month,
            "day": when.day,
            "slug": row["slug"],
        },
    )
    return {**row, "url": url}


def related_articles(article, limit=RELATED_COUNT):
    """Return up to ``limit`` live stories sharing most topics and tags with ``article``.

    Stories sharing as many come newest first.
    """
    topic_ids = [t.pk for t in article.topics.all()][:MAX_LINKS]
    tag_ids = [t.pk for t in article.tags.all()][: MAX_LINKS - len(topic_ids)]
    if not topic_ids and not tag_ids:
        return []
    live = Article.objects.published().exclude(pk=article.pk)
    filed = Article.topics.through.objects
    article_type = ContentType.objects.get_for_model(Article)
    tagged = TaggedItem.objects.filter(content_type=article_type)
    # The newest stories of each link, read from the link tables' (link, story) indexes
    # (migration 0006): a rare tag costs as little as a common one. Some may not be live;
    # the join below drops them.
    parts = [
        filed.filter(topic_id=pk).order_by("-article_id").values("article_id")[:CANDIDATES_PER_LINK]
        for pk in topic_ids
    ]
    parts += [
        tagged.filter(tag_id=pk).order_by("-object_id").values("object_id")[:CANDIDATES_PER_LINK]
        for pk in tag_ids
    ]
    if connections[live.db].features.supports_slicing_ordering_in_compound:
        # One IN over a UNION ALL: each part an index scan, then a join on the primary key.
        # (OR-ed IN subqueries would make PostgreSQL scan every live story.)
        candidates = Q(pk__in=parts[0].union(*parts[1:], all=True))
    else:  # SQLite cannot limit the parts of a UNION
        candidates = reduce(operator.or_, (Q(pk__in=part) for part in parts))
    # Count what each candidate shares (an empty id list would empty the whole query).
    shared = Value(0)
    if topic_ids:
        shared += SubqueryCount(
            filed.filter(article_id=OuterRef("pk"), topic_id__in=topic_ids).values("pk")
        )
    if tag_ids:
        shared += SubqueryCount(
            TaggedItem.objects.filter(
                content_type=article_type, object_id=OuterRef("pk"), tag_id__in=tag_ids
            ).values("pk")
        )
    rows = (
        live.filter(candidates)
        .annotate(shared=shared)
        .order_by("-shared", "-published_at", "-pk")
        .values(*FIELDS)[:limit]
    )
    return [_link(row) for row in rows]


def more_in_topic(article, exclude=(), limit=MORE_COUNT):
    """Return the newest live stories filed under ``article``'s primary topic."""
    if not article.primary_topic_id:
        return []
    rows = (
        Article.objects.published()
        .filter(primary_topic_id=article.primary_topic_id)
        .exclude(pk__in=[article.pk, *exclude])
        .values(*FIELDS)[:limit]
    )
    return [_link(row) for row in rows]


def story_links(article):
    """Return {"related": [...], "more": [...]} for the article page (cached)."""
    key = f"story-links:{article.pk}:{version_key('articles')}"
    links = cache.get(key)
    if links is None:
        related = related_articles(article)
        links = {
            "related": related,
            "more": more_in_topic(article, exclude=[r["pk"] for r in related]),
        }
        cache.set(key, links, CACHE_SECONDS)
    return links
