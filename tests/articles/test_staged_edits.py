"""Staged edits of live stories: readers keep the published copy until changes are published."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions, workflow
from articles.models import Article, ArticleEvent, Status
from tests.factories import AuthorFactory, TopicFactory, UserFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def live(db):
    """Return a published story created by the writer of ``writer_client``."""
    writer = UserFactory(username="writer", role="Writer")
    article = ready_article(
        created_by=writer,
        headline="Port reopens after strike",
        body="<p>The port reopened on Friday.</p>",
    )
    workflow.transition(article, "publish", user=UserFactory(username="desk-chief", role="Editor"))
    return article


def reader_sees(article):
    return Client().get(Article.objects.get(pk=article.pk).get_absolute_url()).text


def test_editing_a_live_story_keeps_readers_on_the_published_copy(editor_client, live):
    data = form_data(editor_client.get(change(live)))
    response = editor_client.post(
        change(live),
        {
            **data,
            "headline": "Port reopens after eleven-day strike",
            "body": "<p>The port reopened on Friday after eleven days.</p>",
            "_continue": "1",
        },
        follow=True,
    )
    assert response.status_code == 200

    row = Article.objects.get(pk=live.pk)
    assert row.headline == "Port reopens after strike"  # the row readers see is untouched
    assert "Port reopens after strike" in reader_sees(live)
    assert "eleven-day" not in reader_sees(live)
    pending = revisions.pending(row)
    assert pending.content["headline"] == "Port reopens after eleven-day strike"
    assert pending.author == editor_client.user

    # The change form says so, shows what differs, and edits the working copy.
    page = editor_client.get(change(live))
    assert "This story has unpublished changes." in page.text
    changes = {c.name: c for c in page.context["pending_changes"]}
    assert set(changes) == {"headline", "body"}
    assert "<ins>eleven-day </ins>" in str(changes["headline"].inline)
    assert form_data(page)["headline"] == "Port reopens after eleven-day strike"

    # "Publish changes" applies them through the workflow.
    editor_client.post(change(live), {**form_data(page), "_transition": "publish_changes"})
    row.refresh_from_db()
    assert row.headline == "Port reopens after eleven-day strike" and row.status == Status.PUBLISHED
    assert revisions.pending(row) is None
    assert "eleven-day" in reader_sees(live)
    event = ArticleEvent.objects.get(article=live, kind="article.publish_changes")
    assert event.data["applied_revision"] == pending.number


def test_an_editor_saves_and_publishes_a_quick_fix_in_one_step(editor_client, live):
    data = form_data(editor_client.get(change(live)))
    editor_client.post(
        change(live),
        {**data, "dek": "Ships queue at the breakwater.", "_transition": "publish_changes"},
    )
    row = Article.objects.get(pk=live.pk)
    assert row.dek == "Ships queue at the breakwater." and revisions.pending(row) is None
    assert "Ships queue at the breakwater." in reader_sees(live)


def test_writer_prepares_changes_to_their_live_story_but_cannot_publish_them(
    writer_client, editor_client
):
    article = ready_article(created_by=writer_client.user, headline="Ferry fares rise")
    workflow.transition(article, "publish", user=editor_client.user)
    data = form_data(writer_client.get(change(article)))
    assert "publish_changes" not in [
        t.name for t in writer_client.get(change(article)).context["transitions"]
    ]

    response = writer_client.post(
        change(article),
        {**data, "headline": "Ferry fares rise by a third", "_transition": "publish_changes"},
        follow=True,
    )
    assert any("may not" in str(m) for m in response.context["messages"])
    row = Article.objects.get(pk=article.pk)
    assert row.headline == "Ferry fares rise"  # refused: readers see the old copy
    assert (
        revisions.pending(row).content["headline"] == "Ferry fares rise by a third"
    )  # nothing lost

    # A crafted publish outside the form is refused as well.
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(row, "publish_changes", user=writer_client.user)
    workflow.transition(row, "publish_changes", user=editor_client.user)
    assert Article.objects.get(pk=article.pk).headline == "Ferry fares rise by a third"


def test_writer_cannot_stage_changes_on_someone_elses_live_story(writer_client, live):
    other = ready_article(created_by=UserFactory(username="someone-else", role="Writer"))
    workflow.transition(other, "publish", user=UserFactory(username="ed2", role="Editor"))
    page = writer_client.get(change(other))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = writer_client.post(change(other), {**form_data(page), "headline": "Mine now"})
    assert response.status_code == 403
    assert revisions.pending(other) is None


def test_staged_bylines_corrections_topics_and_tags_wait_too(editor_client, live):
    extra_author, extra_topic = AuthorFactory(name="Sun-hee Lim"), TopicFactory(name="Harbours")
    data = form_data(editor_client.get(change(live)))
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-author": str(extra_author.pk),
            "bylines-1-role": "additional",
            "bylines-1-position": "1",
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "An earlier version gave the wrong day.",
            "corrections-0-created_at_0": "2026-11-28",
            "corrections-0-created_at_1": "10:00:00",
            "topics": [
                *([data["topics"]] if isinstance(data["topics"], str) else data["topics"]),
                str(extra_topic.pk),
            ],
            "tags": "ports, labour",
        }
    )
    data.pop("bylines-1-id", None)
    editor_client.post(change(live), data)
    assert "Sun-hee Lim" not in reader_sees(live)
    assert "wrong day" not in reader_sees(live)
    assert live.bylines.count() == 1 and live.corrections.count() == 0 and not live.tags.exists()

    page = editor_client.get(change(live))
    changed = {c.name for c in page.context["pending_changes"]}
    assert changed == {"bylines", "corrections", "topics", "tags"}
    editor_client.post(change(live), {**form_data(page), "_transition": "publish_changes"})
    text = reader_sees(live)
    assert "Sun-hee Lim" in text and "wrong day" in text
    assert (
        sorted(live.tags.names()) == ["labour", "ports"]
        and live.topics.filter(pk=extra_topic.pk).exists()
    )


def test_editing_back_to_the_live_copy_leaves_nothing_waiting(editor_client, live):
    data = form_data(editor_client.get(change(live)))
    editor_client.post(change(live), {**data, "dek": "Something else entirely."})
    assert revisions.pending(live) is not None
    page = editor_client.get(change(live))
    editor_client.post(change(live), {**form_data(page), "dek": live.dek})
    assert revisions.pending(live) is None


def test_discarding_unpublished_changes_keeps_them_in_the_history(editor_client, live):
    data = form_data(editor_client.get(change(live)))
    editor_client.post(change(live), {**data, "headline": "A headline nobody liked"})
    staged = revisions.pending(live)
    page = editor_client.get(change(live))
    editor_client.post(change(live), {**form_data(page), "_discard_changes": "1"})
    assert revisions.pending(live) is None
    assert live.revisions.filter(pk=staged.pk).exists()
    assert ArticleEvent.objects.filter(article=live, kind="article.discard_changes").exists()
    assert Article.objects.get(pk=live.pk).headline == "Port reopens after strike"


def test_publishing_changes_runs_the_checklist(editor_client, live):
    data = form_data(editor_client.get(change(live)))
    response = editor_client.post(
        change(live), {**data, "dek": "", "_transition": "publish_changes"}, follow=True
    )
    assert any("a dek" in str(m) for m in response.context["messages"])
    row = Article.objects.get(pk=live.pk)
    assert row.dek != "" and revisions.pending(row).content["dek"] == ""
    with pytest.raises(workflow.ChecklistFailed) as refused:
        workflow.transition(row, "publish_changes", user=editor_client.user)
    assert refused.value.codes == ["dek_missing"]


def test_publish_changes_with_nothing_waiting_is_refused(editor_client, live):
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.transition(live, "publish_changes", user=editor_client.user)
    assert refused.value.codes == ["no_changes"]


def test_a_writer_discards_only_changes_they_saved(writer_client, editor_client):
    article = ready_article(created_by=writer_client.user, headline="Tram line opens")
    workflow.transition(article, "publish", user=editor_client.user)
    data = form_data(editor_client.get(change(article)))
    editor_client.post(change(article), {**data, "headline": "Tram line opens to crowds"})
    page = writer_client.get(change(article))
    assert not page.context["can_discard"]
    response = writer_client.post(
        change(article), {**form_data(page), "_discard_changes": "1"}, follow=True
    )
    assert "Only an editor" in " ".join(str(m) for m in response.context["messages"])
    assert revisions.pending(article).author == editor_client.user

    page = writer_client.get(change(article))
    writer_client.post(change(article), {**form_data(page), "dek": "Thousands ride on day one."})
    page = writer_client.get(change(article))
    assert page.context["can_discard"]
    writer_client.post(change(article), {**form_data(page), "_discard_changes": "1"})
    assert revisions.pending(article) is None
