"""Related stories and "more in this topic": what they list, and that both cost one query."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Status
from articles.page_fetch import published_article
from articles.related import (
    CANDIDATES_PER_LINK,
    MAX_LINKS,
    MORE_COUNT,
    RELATED_COUNT,
    PageLinks,
    find_story_links,
    story_links,
)
from newsroom.dbread import read_together
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def story(topic=None, *, topics=(), tags=(), **fields):
    """A story, live an hour ago unless told, with primary ``topic`` and also ``topics``."""
    fields = {"status": Status.PUBLISHED, "published_at": ago(hours=1), **fields}
    article = ArticleFactory(primary_topic=topic, **fields)
    article.topics.add(*topics)
    article.tags.add(*tags)
    return article


def links(article):
    """Return the pks of the related and more lists, read both ways the page reads them.

    With the story in hand (``find_story_links()``, every database) and, on
    PostgreSQL, by its slug in the story's own round trip (``PageLinks``): the
    two statements must give the same lists.
    """
    in_hand = _pks(find_story_links(Article.objects.for_page().get(pk=article.pk)))
    if connection.vendor == "postgresql":
        page = PageLinks(article.slug)
        page.found = None  # read now, whatever an earlier call cached
        read = page.reading(read_together)
        assert _pks(page.of(published_article(article.slug, read=read))) == in_hand
        assert page.rows is not None  # they were read along with the story
    return in_hand


def _pks(found):
    return [link["pk"] for link in found["related"]], [link["pk"] for link in found["more"]]


def pks(articles):
    return [a.pk for a in articles]


def test_related_stories_share_topics_and_tags_and_come_newest_first():
    economy, trade, culture = TopicFactory(), TopicFactory(), TopicFactory()
    article = story(economy, topics=[trade], tags=["exports", "chips"])
    both = story(economy, topics=[trade], tags=["exports"], published_at=ago(days=5))
    one_new = story(trade, published_at=ago(hours=2))
    one_old = story(culture, tags=["chips"], published_at=ago(days=9))
    story(culture)  # unrelated
    story(economy, tags=["exports"], status=Status.DRAFT)
    assert links(article) == ([both.pk, one_new.pk, one_old.pk], [])  # all of economy is related


def test_more_in_topic_lists_the_newest_of_the_primary_topic_after_the_related_ones():
    topic = TopicFactory()
    article = story(topic)
    siblings = [story(topic, published_at=ago(days=day)) for day in range(1, 11)]
    story(TopicFactory(), published_at=ago(minutes=5))  # another topic
    # Sharing only the topic, the newest are related; "more" goes on from there.
    assert links(article) == (
        pks(siblings[:RELATED_COUNT]),
        pks(siblings[RELATED_COUNT : RELATED_COUNT + MORE_COUNT]),
    )


def test_more_in_topic_leaves_out_related_stories_wherever_they_rank():
    topic = TopicFactory()
    article = story(topic, tags=["ports"])
    siblings = [story(topic, published_at=ago(days=day)) for day in range(1, 10)]
    tagged = story(topic, tags=["ports"], published_at=ago(days=30))  # shares the most, oldest
    related, more = links(article)
    assert related == [tagged.pk, *pks(siblings[: RELATED_COUNT - 1])]
    assert more == pks(siblings[RELATED_COUNT - 1 :][:MORE_COUNT])


def test_a_story_without_topics_or_tags_has_no_links_and_costs_no_query(
    django_assert_num_queries,
):
    article = story()
    story(tags=["anything"])
    article = Article.objects.for_page().get(pk=article.pk)
    with django_assert_num_queries(0):
        assert find_story_links(article) == {"related": [], "more": []}


def test_a_primary_topic_alone_gives_more_in_topic_only():
    topic = TopicFactory()
    article = story(topic)
    article.topics.clear()  # the primary topic is normally among the topics; not here
    sibling = story(topic, published_at=ago(days=1))
    assert links(article) == ([], [sibling.pk])


def test_tags_alone_give_related_stories():
    article = story(tags=["ports", "strikes"])
    both = story(TopicFactory(), tags=["ports", "strikes"], published_at=ago(days=3))
    one = story(tags=["strikes"], published_at=ago(days=1))
    story(TopicFactory())  # shares nothing
    assert links(article) == ([both.pk, one.pk], [])


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Status.DRAFT},
        {"status": Status.PUBLISHED, "published_at": ago(days=-1)},  # scheduled
        {"status": Status.WITHDRAWN},
    ],
    ids=["draft", "scheduled", "withdrawn"],
)
def test_unpublished_stories_are_neither_related_nor_more(hidden):
    topic = TopicFactory()
    article = story(topic, tags=["ports"])
    live = story(topic, published_at=ago(days=2))
    story(topic, tags=["ports"], **{"published_at": ago(minutes=1), **hidden})
    assert links(article) == ([live.pk], [])
    article.tags.clear()
    article.topics.clear()
    assert links(article) == ([], [live.pk])


def test_stories_sharing_as_much_come_newest_first_then_latest_added():
    topic = TopicFactory()
    article = story(topic)
    when = ago(days=1)
    first, second = story(topic, published_at=when), story(topic, published_at=when)
    newer = story(topic, published_at=ago(hours=2))
    assert links(article) == ([newer.pk, second.pk, first.pk], [])


def test_shared_links_are_counted_even_where_a_story_is_not_among_the_newest():
    rare = TopicFactory()
    article = story(rare, tags=["common"])
    old = story(rare, tags=["common"], published_at=ago(days=90))
    newer = [story(tags=["common"], published_at=ago(days=1)) for _ in range(CANDIDATES_PER_LINK)]
    # ``old`` is not among the newest stories tagged "common", but it shares the tag too.
    assert links(article)[0] == [old.pk, *pks(newer[-(RELATED_COUNT - 1) :][::-1])]


def test_only_the_first_max_links_topics_and_tags_are_looked_at():
    topics = [TopicFactory(position=i) for i in range(MAX_LINKS + 1)]
    article = story(topics[0], topics=topics[1:], tags=["beyond"])
    last = story(topics[MAX_LINKS - 1])
    story(topics[MAX_LINKS])  # the thirteenth topic
    story(tags=["beyond"])  # no room for tags
    assert links(article) == ([last.pk], [])


def test_the_links_cost_one_query_and_carry_what_the_page_shows(
    django_assert_num_queries, settings
):
    settings.TIME_ZONE = "Asia/Seoul"
    topic = TopicFactory()
    article = story(topic, tags=["ports", "cranes"])
    # 00:30 in Seoul on 2 March is still 1 March in UTC: the address follows the newsroom.
    tagged = story(tags=["ports", "cranes"], kicker="Analysis",
                   published_at=datetime(2025, 3, 2, 0, 30, tzinfo=ZoneInfo("Asia/Seoul")))
    siblings = [story(topic, published_at=ago(days=day)) for day in range(1, RELATED_COUNT + 2)]
    article = Article.objects.for_page().get(pk=article.pk)
    ContentType.objects.get_for_model(Article)  # kept for the life of the process
    with django_assert_num_queries(1):
        found = story_links(article)
    with django_assert_num_queries(0):
        assert story_links(article) == found  # cached

    fields = ["pk", "headline", "slug", "published_at", "kicker"]
    expected = {a["pk"]: a for a in Article.objects.values(*fields)}
    shown = [tagged, *siblings]  # the tagged story shares the most; siblings fill both lists
    assert len(found["related"]) == RELATED_COUNT and len(found["more"]) == 2
    for link, article in zip(found["related"] + found["more"], shown, strict=True):
        assert link == {**expected[article.pk], "url": article.get_absolute_url()}
        assert timezone.is_aware(link["published_at"])
    assert found["related"][0]["url"].startswith("/2025/03/02/")


def test_article_page_shows_related_and_more_in_topic(client):
    topic = TopicFactory(name="Shipping")
    article = ArticleFactory(live=True, primary_topic=topic)
    sibling = ArticleFactory(live=True, primary_topic=topic, headline="Ferry order placed")
    html = client.get(article.get_absolute_url()).text
    assert (
        "Related stories" in html and "More in Shipping" not in html
    )  # the sibling is already related
    assert f'href="{sibling.get_absolute_url()}"' in html


@pytest.mark.postgres
def test_a_tags_newest_stories_are_read_from_the_index_alone():
    """Migration 0007: the content type is in the (tag, story) index, so no row is visited."""
    story(tags=["harbour"])
    tag = Tag.objects.get(name="harbour")
    article_type = ContentType.objects.get_for_model(Article).pk
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN SELECT object_id FROM taggit_taggeditem WHERE content_type_id = %s"
            " AND tag_id = %s ORDER BY object_id DESC LIMIT 20",
            [article_type, tag.pk],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan Backward using taggit_tag_type_newest_idx" in plan
