"""export_articles and import_articles: a portable archive that round-trips without loss."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import revisions, workflow
from articles.models import (
    Article,
    ArticleEvent,
    ArticleSlug,
    Byline,
    BylineRole,
    Correction,
    Publication,
    Revision,
    Status,
)
from authors.models import Author
from photos.models import Photo
from tests.factories import (
    AuthorFactory,
    PhotoFactory,
    TopicFactory,
    UserFactory,
    ready_article,
)
from topics.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    """Build the typical story and its neighbours in every state; return the main story."""
    editor = UserFactory(username="editor", role="Editor")
    writer = UserFactory(username="writer", role="Writer")
    partner = Publication.objects.create(
        name="Harbour Times", url="https://harbourtimes.example", canonical_required=True,
        attribution="This story first appeared in the Harbour Times.",
    )
    world = TopicFactory(name="World", slug="world", position=1)
    asia = TopicFactory(name="Asia", slug="asia", parent=world)
    korea = TopicFactory(name="Korea", slug="korea", parent=asia)
    trade = TopicFactory(name="Trade", slug="trade")
    photo = PhotoFactory(credit="PHOTO: YONHAP/AFP", source_agency="AFP",
                         agency_reference="AFP_34XY9K", usage_terms="agency",
                         focal_point_x=0.25, focal_point_y=0.6)
    kim = AuthorFactory(name="Kim Ji-woo", slug="kim-ji-woo", user=writer, headshot=photo)
    lim = AuthorFactory(name="Sun-hee Lim", slug="sun-hee-lim")
    story = ready_article(
        headline="Busan dockworkers end strike after pay deal",
        slug="busan-dockworkers-end-strike", kicker="Exclusive",
        dek="The eleven-day stoppage cost shipping lines millions.",
        dateline="SEOUL", source=partner, original_url="https://harbourtimes.example/strike",
        canonical_to_original=True, lead_photo=photo, lead_photo_caption="Cranes at dusk.",
        primary_topic=korea, byline_override="", created_by=writer,
        embargo_until=timezone.now() - timedelta(hours=3), language="en",
        meta_title="Busan strike ends", meta_description="Dockworkers accept.",
    )
    Byline.objects.filter(article=story).delete()
    Byline.objects.create(article=story, author=kim, role=BylineRole.REPORTER, position=0)
    Byline.objects.create(article=story, author=lim, role=BylineRole.ADDITIONAL, position=1)
    story.topics.set([korea, trade, world])
    story.tags.set(["ports", "labour", "부산"])
    revisions.record(story, user=writer, kind=revisions.RevisionKind.CREATED)
    workflow.transition(story, "submit", user=writer)
    workflow.transition(story, "publish", user=editor)
    Correction.objects.create(article=story, text="An earlier version misstated the tonnage.")
    ArticleSlug.objects.create(article=story, slug="busan-strike-ends")
    live = revisions.stored_snapshot(story)
    revisions.stage(story, {**live, "headline": "Busan dockworkers return to work"}, user=writer)

    draft = ready_article(headline="Ferry fares rise", slug="ferry-fares-rise", lead_photo=photo,
                          byline_override="By staff reporters", created_by=writer)
    withdrawn = ready_article(headline="Withdrawn story", slug="withdrawn-story", lead_photo=photo)
    workflow.transition(withdrawn, "publish", user=editor)
    workflow.transition(withdrawn, "withdraw", user=editor)
    scheduled = ready_article(headline="Budget day", slug="budget-day", lead_photo=photo)
    workflow.transition(scheduled, "schedule", user=editor,
                        publish_at=timezone.now() + timedelta(days=1))
    return {"story": story, "draft": draft}


def export(folder):
    call_command("export_articles", str(folder), stdout=StringIO())
    return (folder / "articles.json").read_text()


def wipe():
    """Empty the content tables, as a fresh install would be."""
    ArticleEvent.objects.all().delete()
    Article.objects.all().delete()
    Author.objects.all().delete()
    Publication.objects.all().delete()
    Photo.objects.all().delete()
    Topic.objects.filter(parent__parent__isnull=False).delete()
    Topic.objects.filter(parent__isnull=False).delete()
    Topic.objects.all().delete()
    get_user_model().objects.all().delete()


def test_export_flush_import_export_gives_the_same_archive(newsroom, tmp_path, settings):
    first = export(tmp_path / "one")
    story = newsroom["story"]
    expected_revisions = list(story.revisions.order_by("number").values_list(
        "number", "kind", "is_pending", "created_at"))
    wipe()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"  # the photo files come from the archive
    call_command("import_articles", str(tmp_path / "one"), stdout=StringIO())
    second = export(tmp_path / "two")
    assert second == first
    for name in json.loads(first)["photos"]:
        assert (tmp_path / "one" / name["file"]).read_bytes() == (
            tmp_path / "two" / name["file"]).read_bytes()

    # Spot checks on the models themselves.
    story = Article.objects.get(slug="busan-dockworkers-end-strike")
    assert story.status == Status.PUBLISHED and story.is_live
    assert story.dateline == "SEOUL" and story.kicker == "Exclusive"
    assert story.source.name == "Harbour Times" and story.canonical_url.startswith("https://harb")
    assert [(b.author.name, b.role) for b in story.ordered_bylines()] == [
        ("Kim Ji-woo", "reporter"), ("Sun-hee Lim", "additional")]
    assert story.bylines.first().author.user.username == "writer"
    assert story.primary_topic.slug == "korea" and story.primary_topic.parent.parent.slug == "world"
    assert sorted(story.topics.values_list("slug", flat=True)) == ["korea", "trade", "world"]
    assert sorted(story.tags.names()) == sorted(["ports", "labour", "부산"])
    assert story.lead_photo.credit == "PHOTO: YONHAP/AFP" and story.lead_photo.file.size > 0
    assert story.lead_photo.focal_point_x == 0.25
    assert story.corrections.get().text.startswith("An earlier version")
    assert ArticleSlug.objects.get(slug="busan-strike-ends").article == story
    assert list(story.revisions.order_by("number").values_list(
        "number", "kind", "is_pending", "created_at")) == expected_revisions
    pending = revisions.pending(story)
    assert pending.content["headline"] == "Busan dockworkers return to work"
    assert pending.content["primary_topic"] == story.primary_topic_id  # ids of this database
    assert [b["author"] for b in pending.content["bylines"]] == [
        b.author_id for b in story.ordered_bylines()]
    kinds = list(story.events.order_by("created_at", "pk").values_list("kind", flat=True))
    assert kinds == ["article.submit", "article.publish"]
    assert Article.objects.get(slug="ferry-fares-rise").byline_override == "By staff reporters"
    assert Article.objects.get(slug="budget-day").is_scheduled
    publisher = story.events.get(kind="article.publish").actor
    assert not publisher.is_active and not publisher.has_usable_password()  # known from the record
    # The imported staged change is a working copy like any other: an editor publishes it.
    workflow.transition(story, "publish_changes", user=UserFactory(username="desk", role="Editor"))
    assert Article.objects.get(pk=story.pk).headline == "Busan dockworkers return to work"


def test_importing_twice_adds_nothing(newsroom, tmp_path):
    export(tmp_path)
    counts = {m: m.objects.count() for m in (Article, Photo, Author, Topic, Revision,
                                              ArticleEvent, Byline, Correction)}
    call_command("import_articles", str(tmp_path), stdout=StringIO())
    call_command("import_articles", str(tmp_path), stdout=StringIO())
    assert {m: m.objects.count() for m in counts} == counts


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid JSON"),
    ('{"format": "something-else", "version": 1}', "is not a Newsroom article archive"),
    ('{"format": "newsroom-articles", "version": 2}', "archive version 2; this Newsroom reads"),
    ('[1, 2, 3]', "is not a Newsroom article archive"),
])  # fmt: skip
def test_a_malformed_or_wrong_version_archive_is_refused_clearly(tmp_path, db, content, message):
    (tmp_path / "articles.json").write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_articles", str(tmp_path))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_articles", str(tmp_path / "nowhere"))


def test_an_import_that_fails_half_way_leaves_the_database_untouched(newsroom, tmp_path,
                                                                       settings):
    first = export(tmp_path)
    wipe()
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    data = json.loads(first)
    data["articles"][-1]["bylines"] = [{"author": "nobody-by-that-slug", "role": "reporter",
                                        "position": 0}]
    (tmp_path / "articles.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="article .*: missing field 'nobody-by-that-slug'"):
        call_command("import_articles", str(tmp_path))
    assert not Article.objects.exists() and not Photo.objects.exists()
    assert not Topic.objects.exists() and not Author.objects.exists()
    stored = settings.MEDIA_ROOT / "photos" / "original"
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
    # A photo file that does not match its key is refused too.
    data = json.loads(first)
    photo = tmp_path / data["photos"][0]["file"]
    photo.write_bytes(photo.read_bytes()[:100])
    (tmp_path / "articles.json").write_text(first)
    with pytest.raises(CommandError, match="does not match its key"):
        call_command("import_articles", str(tmp_path))
    assert not Photo.objects.exists()
