"""The article page's fetch (articles/page_fetch.py): the ORM's objects, in two statements."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import Prefetch
from django.utils import timezone
from taggit.models import Tag

from articles import structured_data
from articles.models import Article, Byline, BylineRole, Correction, CorrectionKind, Status
from articles.page_fetch import published_article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    PhotoFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def orm_page(slug):
    """The story as the page read it before: select_related and four prefetches."""
    bylines = Byline.objects.select_related("author").order_by("position", "pk")
    corrections = Correction.objects.order_by("created_at", "pk")
    return (
        Article.objects.published()
        .select_related("source", "lead_photo", "primary_topic__parent__parent")
        .defer("search_vector")
        .prefetch_related(
            Prefetch("bylines", queryset=bylines),
            "topics",
            "tags",
            Prefetch("corrections", queryset=corrections),
        )
        .get(slug=slug)
    )


def row(obj):
    """What an instance holds: its class, the values loaded and where it came from."""
    if obj is None:
        return None
    loaded = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname in obj.__dict__  # not deferred
    }
    return type(obj), loaded, obj._state.db, obj._state.adding


def chain(article):
    """The primary topic, its parent and grandparent (None beyond the top)."""
    topics, node = [], article.primary_topic
    for _ in range(3):
        topics.append(row(node))
        node = node and node.parent
    return topics


def snapshot(article):
    return {
        "story": row(article),
        "deferred": article.get_deferred_fields(),
        "source": row(article.source),
        "photo": row(article.lead_photo),
        "topics chain": chain(article),
        "bylines": [(row(b), row(b.author), b.article is article) for b in article.bylines.all()],
        "topics": [row(t) for t in article.topics.all()],
        "tags": sorted(row(t)[1]["id"] for t in article.tags.all()),
        "corrections": [(row(c), c.article is article) for c in article.corrections.all()],
        "cached": sorted(article._prefetched_objects_cache),
    }


@pytest.fixture
def story():
    """A syndicated story without photo: bylines, topics, tags and corrections out of pk order."""
    world = TopicFactory(name="World", position=1)
    asia = TopicFactory(name="Asia", parent=world, position=2)
    korea = TopicFactory(name="Korea", parent=asia, position=50)
    source = PublicationFactory(attribution="First in the Harbour Times.")
    article = ArticleFactory(live=True, primary_topic=korea, source=source)
    # Topics by position, then name: none in the order of their ids.
    zeta, alpha = TopicFactory(name="Zeta", position=5), TopicFactory(name="Alpha", position=5)
    article.topics.add(zeta, alpha, world)
    # Bylines by position, then id.
    names = ("Mina Cho", "Ji-ho Park", "Sam Lee", "Ana Ruiz")
    authors = [AuthorFactory(name=name) for name in names]
    BylineFactory(article=article, author=authors[0], position=2, role=BylineRole.PHOTOGRAPHER)
    BylineFactory(article=article, author=authors[1], position=0)
    BylineFactory(article=article, author=authors[2], position=2, role=BylineRole.ADDITIONAL)
    BylineFactory(article=article, author=authors[3], position=1)
    # Tags by id, whatever order they were put on the story in.
    first, second, third = (Tag.objects.create(name=n, slug=n) for n in ["zinc", "alloy", "ore"])
    article.tags.add(third)
    article.tags.add(first, second)
    # Corrections by time, then id; one two days ago, two at the same time an hour ago.
    an_hour_ago = timezone.now() - timedelta(hours=1)
    CorrectionFactory(article=article, created_at=an_hour_ago, kind=CorrectionKind.UPDATE)
    CorrectionFactory(article=article, created_at=an_hour_ago - timedelta(days=2))
    CorrectionFactory(article=article, created_at=an_hour_ago, kind=CorrectionKind.CLARIFICATION)
    return article


def test_the_story_and_its_parts_are_the_objects_the_orm_prefetches_gave(story):
    expected = snapshot(orm_page(story.slug))
    assert snapshot(published_article(story.slug)) == expected
    assert snapshot(Article.objects.published().for_page().get(slug=story.slug)) == expected
    assert expected["photo"] is None and expected["source"] is not None


def test_each_collection_keeps_its_order(story):
    article = published_article(story.slug)
    bylines = list(article.bylines.all())
    assert [(b.position, b.author.name) for b in bylines] == [
        (0, "Ji-ho Park"), (1, "Ana Ruiz"), (2, "Mina Cho"), (2, "Sam Lee"),
    ]
    assert bylines == article.ordered_bylines()
    assert [(label, [a.name for a in authors]) for label, authors in article.byline_groups()] == [
        ("By", ["Ji-ho Park", "Ana Ruiz"]), ("Photos by", ["Mina Cho"]),
        ("Additional reporting by", ["Sam Lee"]),
    ]
    topics = [t.name for t in article.topics.all()]
    assert topics == ["World", "Alpha", "Zeta", "Korea"]
    assert [t.name for t in article.tags.all()] == ["zinc", "alloy", "ore"]  # by id
    kinds = [c.kind for c in article.corrections.all()]
    assert kinds == [CorrectionKind.CORRECTION, CorrectionKind.UPDATE, CorrectionKind.CLARIFICATION]


def test_datetimes_come_aware_and_equal_to_the_orms(story):
    now = timezone.now()
    day = timedelta(days=1)
    photo = PhotoFactory(usage_expires_at=now + 30 * day, taken_at=now - day)
    Article.objects.filter(pk=story.pk).update(lead_photo=photo, updated_at=timezone.now())
    orm, fetched = orm_page(story.slug), published_article(story.slug)
    pairs = [
        (fetched.published_at, orm.published_at),
        (fetched.updated_at, orm.updated_at),
        (fetched.modified_at, orm.modified_at),
        (fetched.lead_photo.usage_expires_at, orm.lead_photo.usage_expires_at),
        (fetched.lead_photo.taken_at, orm.lead_photo.taken_at),
        *zip(
            [c.created_at for c in fetched.corrections.all()],
            [c.created_at for c in orm.corrections.all()],
            strict=True,
        ),
    ]
    for mine, theirs in pairs:
        assert timezone.is_aware(mine) and mine == theirs and mine.utcoffset() == theirs.utcoffset()
    assert fetched.lead_photo.rendition_index == orm.lead_photo.rendition_index != {}
    # A bool on SQLite too, where the column holds 0 or 1.
    assert fetched.lead_photo.is_decorative is orm.lead_photo.is_decorative is False
    assert snapshot(fetched) == snapshot(orm)


def test_a_story_with_no_bylines_tags_or_corrections(django_assert_num_queries):
    article = ArticleFactory(live=True, primary_topic=TopicFactory(), lead_photo=PhotoFactory())
    with django_assert_num_queries(2):
        fetched = published_article(article.slug)
    with django_assert_num_queries(0):
        assert list(fetched.bylines.all()) == [] and fetched.byline_groups() == []
        assert list(fetched.tags.all()) == [] and list(fetched.corrections.all()) == []
        assert fetched.primary_topic.parent is None and fetched.source is None
    assert snapshot(fetched) == snapshot(orm_page(article.slug))


def test_what_the_page_reads_costs_no_query(story, django_assert_num_queries):
    with django_assert_num_queries(2):
        article = published_article(story.slug)
    with django_assert_num_queries(0):
        snapshot(article)
        article.byline_groups()
        [(b.author.get_absolute_url(), b.article.pk) for b in article.ordered_bylines()]
        structured_data.news_article(article)
        structured_data.breadcrumbs(structured_data.article_trail(article))
        [t.get_absolute_url() for t in article.topics.all()]
        [t.slug for t in article.tags.all()]
        article.topics.count(), article.tags.count(), article.corrections.exists()


def test_the_collections_are_the_relations_own_querysets(story):
    """Filtering them asks the database about this story's rows, as after prefetch_related()."""
    article = published_article(story.slug)
    elsewhere = TopicFactory()
    ArticleFactory(live=True, primary_topic=elsewhere).tags.add("elsewhere")
    assert not article.topics.filter(pk=elsewhere.pk).exists()
    assert sorted(article.tags.names()) == ["alloy", "ore", "zinc"]
    assert article.bylines.filter(role=BylineRole.ADDITIONAL).get().author.name == "Sam Lee"
    assert article.corrections.filter(kind=CorrectionKind.UPDATE).count() == 1
    article.tags.add("new")  # and writing through them drops what was read, as before
    assert "new" in [t.name for t in article.tags.all()]


def test_reading_the_collections_asks_nothing_and_writing_through_them_stays_on_the_story(
    story, django_assert_num_queries
):
    other = ArticleFactory(live=True)
    CorrectionFactory(article=other, text="Elsewhere.")
    article = published_article(story.slug)
    with django_assert_num_queries(0):
        assert article.corrections.count() == 3 and article.corrections.exists()
        assert len(article.topics.all()) == 4 and list(article.tags.all())
        assert article.bylines.all()[0].author.name == "Ji-ho Park"
    with django_assert_num_queries(1):
        assert article.corrections.all().update(text="Checked.") == 3
    assert Correction.objects.get(article=other).text == "Elsewhere."
    with django_assert_num_queries(1):
        assert article.topics.order_by("-name").first().name == "Zeta"


def test_only_live_stories_are_read():
    live = ArticleFactory(live=True)
    draft = ArticleFactory()
    hour = timedelta(hours=1)
    scheduled = ArticleFactory(status=Status.PUBLISHED, published_at=timezone.now() + hour)
    withdrawn = ArticleFactory(status=Status.WITHDRAWN, published_at=timezone.now() - hour)
    assert published_article(live.slug).pk == live.pk
    for article in (draft, scheduled, withdrawn):
        assert published_article(article.slug) is None
    assert published_article("no-such-story") is None


def test_for_page_reads_the_parts_of_many_stories_in_one_statement(
    story, django_assert_num_queries
):
    other = ArticleFactory(live=True, primary_topic=None)
    BylineFactory(article=other)
    other.tags.add("solo")
    with django_assert_num_queries(2):
        articles = list(Article.objects.published().for_page().filter(pk__in=[story.pk, other.pk]))
    by_pk = {a.pk: a for a in articles}
    assert snapshot(by_pk[story.pk]) == snapshot(orm_page(story.slug))
    with django_assert_num_queries(0):
        assert [t.name for t in by_pk[other.pk].tags.all()] == ["solo"]
        assert len(by_pk[other.pk].bylines.all()) == 1 and by_pk[other.pk].primary_topic is None
        assert list(by_pk[other.pk].topics.all()) == []


def test_a_list_of_cards_reads_only_the_bylines_in_one_statement(story, django_assert_num_queries):
    other = ArticleFactory(live=True, primary_topic=None)
    BylineFactory(article=other)
    with django_assert_num_queries(2):
        cards = list(Article.objects.published().for_listing().filter(pk__in=[story.pk, other.pk]))
    by_pk = {a.pk: a for a in cards}
    expected = snapshot(orm_page(story.slug))
    with django_assert_num_queries(0):
        listed = by_pk[story.pk]
        assert [(row(b), row(b.author), b.article is listed) for b in listed.bylines.all()] == (
            expected["bylines"]
        )
        assert [label for label, _authors in listed.byline_groups()] == [
            "By", "Photos by", "Additional reporting by",
        ]
        assert row(listed.primary_topic) == expected["topics chain"][0]
        assert len(by_pk[other.pk].bylines.all()) == 1
    assert sorted(listed._prefetched_objects_cache) == ["bylines"]  # not the page's other parts
    assert listed.get_deferred_fields() == {"search_vector"}


def test_load_parts_refuses_a_collection_it_does_not_know():
    from articles.page_fetch import load_parts

    with pytest.raises(ValueError, match="reads no photos"):
        load_parts([ArticleFactory()], names=("bylines", "photos"))


def test_the_compiled_rule_selects_what_the_orm_rule_selects_at_each_time():
    from django.db import connection

    from articles.querysets import published_sql

    now = timezone.now()
    stories = [
        ArticleFactory(live=True, published_at=now - timedelta(days=2)),
        ArticleFactory(status=Status.PUBLISHED, published_at=now + timedelta(days=2)),
        ArticleFactory(status=Status.WITHDRAWN, published_at=now - timedelta(days=3)),
        ArticleFactory(),
    ]

    def selected(at=None):
        sql, params = published_sql("default", at)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM articles_article WHERE {sql} ORDER BY id", params)
            return [row[0] for row in cursor.fetchall()]

    for at in (now, now + timedelta(days=3), now - timedelta(days=5)):
        expected = sorted(Article.objects.published(at).values_list("pk", flat=True))
        assert selected(at) == expected
    assert selected() == [stories[0].pk]
    moment = now + timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        assert selected() == sorted([stories[0].pk, stories[1].pk])


@pytest.mark.postgres
def test_on_postgresql_only_the_time_is_a_parameter():
    """Constants written in let a prepared statement's plan use the partial indexes."""
    from articles.page_fetch import _featured_sql
    from articles.querysets import published_sql

    sql, params = published_sql("default")
    assert len(params) == 1 and "'published'" in sql
    assert _featured_sql("default")[1] == []


def test_constants_are_adapted_by_the_driver_not_pasted():
    from django.db import connection

    from articles.querysets import inline_constants

    statement = "a = %s AND b = %s AND c LIKE '%%x'"
    sql, params = inline_constants(connection, statement, ["it's", 5], keep=[1])
    if connection.vendor == "postgresql":
        assert sql == "a = 'it''s' AND b = %s AND c LIKE '%%x'" and params == [5]
    else:
        assert sql == "a = %s AND b = %s AND c LIKE '%%x'" and params == ["it's", 5]


@pytest.mark.postgres
def test_a_statement_whose_placeholders_do_not_match_is_refused():
    from django.db import connection

    from articles.querysets import inline_constants

    with pytest.raises(ValueError, match="placeholders"):
        inline_constants(connection, "a = %s", [1, 2])


# The home page's stories --------------------------------------------------------


def test_home_leads_with_the_newest_featured_story_however_old(django_assert_num_queries):
    from articles.page_fetch import home_stories

    now = timezone.now()
    old_lead = ArticleFactory(live=True, is_featured=True, published_at=now - timedelta(days=30))
    ArticleFactory(live=True, is_featured=True, published_at=now - timedelta(days=40))
    ArticleFactory(status=Status.PUBLISHED, is_featured=True, published_at=now + timedelta(hours=1))
    ArticleFactory(is_featured=True)  # a draft
    newest = [
        ArticleFactory(live=True, published_at=now - timedelta(minutes=m), lead_photo=PhotoFactory())
        for m in range(1, 5)
    ]
    for story in newest:
        BylineFactory(article=story, author=AuthorFactory(name=f"Writer {story.pk}"))
    with django_assert_num_queries(2):  # the stories with their cards' rows, their bylines
        lead, latest = home_stories(3)
    assert lead.pk == old_lead.pk
    assert [s.pk for s in latest] == [s.pk for s in newest[:3]]
    with django_assert_num_queries(0):  # what a card shows comes with them
        for story in latest:
            assert story.lead_photo.rendition_index is not None and story.primary_topic_id
            assert [b.author.name for b in story.ordered_bylines()] == [f"Writer {story.pk}"]
            assert story.get_absolute_url()
    assert "body" in latest[0].get_deferred_fields()


def test_without_a_featured_story_the_newest_leads():
    from articles.page_fetch import home_stories

    now = timezone.now()
    stories = [ArticleFactory(live=True, published_at=now - timedelta(minutes=m)) for m in range(3)]
    lead, latest = home_stories(5)
    assert lead.pk == stories[0].pk
    assert [s.pk for s in latest] == [s.pk for s in stories[1:]]


def test_an_empty_newsroom_has_no_lead():
    from articles.page_fetch import home_stories

    ArticleFactory()  # a draft only
    assert home_stories(20) == (None, [])
