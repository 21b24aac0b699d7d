"""The scale-dataset generator at a tiny size: the shape bench.run relies on.

These tests never start a server or a load generator: figures come from
``make bench`` (docs/PERFORMANCE.md), not from the test suite.
"""

import json
import re

import pytest
from django.db.models import Count, Max, Min
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, Correction, Status
from authors.models import Author
from bench import dataset, photolib, postload
from bench.loader import TableWriter, UnfillableField
from photos.models import Photo, Rendition
from topics.models import Topic

HANGUL = re.compile(r"[\uac00-\ud7a3]")
N = 200


@pytest.fixture
def generated(db):
    return dataset.generate(N, seed=3, photos=3, photo_width=480, log=lambda message: None)


def test_counts_match_the_requested_shape(generated):
    assert Article.objects.count() == N
    assert generated["counts"]["articles"] == N
    assert Author.objects.count() == dataset.AUTHORS
    assert Tag.objects.count() == dataset.TAGS
    assert 50 <= Topic.objects.count() <= 70
    # Topics nest three levels deep: some topic's parent has a parent.
    assert Topic.objects.filter(parent__parent__isnull=False).exists()
    assert Photo.objects.count() == 3
    assert Rendition.objects.values("photo").distinct().count() == 3


def test_every_published_article_has_bylines_and_topics(generated):
    published = Article.objects.filter(status=Status.PUBLISHED)
    assert published.filter(bylines__isnull=True).count() == 0
    assert published.filter(topics__isnull=True).count() == 0
    per_article = Article.objects.annotate(b=Count("bylines", distinct=True), t=Count("topics", distinct=True))
    spread = per_article.aggregate(bmin=Min("b"), bmax=Max("b"), tmin=Min("t"), tmax=Max("t"))
    assert (spread["bmin"], spread["tmin"]) == (1, 1)
    assert spread["bmax"] <= 3 and spread["tmax"] <= 4
    for article in published.prefetch_related("topics")[:50]:
        assert article.primary_topic_id in {t.pk for t in article.topics.all()}
    tags = TaggedItem.objects.values("object_id").annotate(n=Count("id")).aggregate(m=Max("n"))["m"]
    assert 1 <= tags <= 5


def test_stories_look_like_a_newsroom_archive(generated):
    now = timezone.now()
    live = Article.objects.published()
    assert live.count() > N * 0.9
    assert Article.objects.scheduled().exists()  # at least one story waits for its time
    oldest = live.aggregate(m=Min("published_at"))["m"]
    assert oldest < now - timezone.timedelta(days=365 * 5)
    korean = Article.objects.filter(language="ko")
    assert korean.exists()
    assert all(HANGUL.search(a.headline) and HANGUL.search(a.body) for a in korean)
    assert Article.objects.filter(lead_photo__isnull=False).count() > N * 0.7
    assert Correction.objects.exists() or N < 100
    words = [len(re.sub(r"<[^>]+>", " ", a.body).split()) for a in Article.objects.filter(language="en")[:50]]
    assert min(words) >= 100 and max(words) <= 900  # a few hundred words


def test_generated_stories_render_on_the_public_site(generated, client):
    article = Article.objects.published().filter(lead_photo__isnull=False).first()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline.encode() in response.content
    assert client.get("/").status_code == 200
    assert client.get(article.primary_topic.get_absolute_url()).status_code == 200


def test_copied_photos_get_their_rendition_index(generated):
    Article.objects.all().delete()
    Photo.objects.all().delete()
    photolib.load_or_make(3, 480)  # rows copied from the library, without an index
    assert [p.rendition_index for p in Photo.objects.all()] == [{}, {}, {}]
    assert postload.rendition_indexes(log=lambda message: None) == "3 photos"
    for photo in Photo.objects.all():
        listed = {name for entries in photo.rendition_index.values() for name, *_size in entries}
        assert listed == set(photo.renditions.values_list("file", flat=True)) != set()


def test_photo_library_is_kept_for_the_next_dataset(generated, settings):
    entries = json.loads(photolib.library_path(480).read_text())
    assert len(entries) == 3
    assert all(entry["renditions"] for entry in entries)
    # A second dataset reuses the library instead of ingesting again.
    Article.objects.all().delete()
    Photo.objects.all().delete()
    ids, made = photolib.load_or_make(3, 480)
    assert (ids, made) == ([1, 2, 3], 0)
    assert Rendition.objects.filter(photo_id=1).count() == len(entries[0]["renditions"])


def test_refuses_a_database_that_has_articles(generated):
    with pytest.raises(dataset.DatasetNotEmpty):
        dataset.generate(10, photos=1, photo_width=480, log=lambda message: None)


def test_table_writer_names_a_required_field_it_cannot_fill(db):
    with pytest.raises(UnfillableField, match="articles.Correction.text"):
        TableWriter(Correction, ["id", "article_id", "kind"])


def test_table_writer_fills_defaults_for_fields_it_is_not_given(db):
    writer = TableWriter(Author, ["id", "name", "slug"])
    assert writer.fill["is_active"] is True and writer.fill["bio"] == "" and writer.fill["user_id"] is None
