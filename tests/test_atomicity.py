"""
Fault injection: a failure half-way through a save or a workflow step leaves nothing half-written.

Each test makes one writer fail in the middle of the operation (the revision
writer, the audit trail, a signal handler on the bylines or the corrections),
after the article row or its related rows were already written, and then
checks that the article, its bylines, topics, tags, corrections, events,
revisions and autosaves are exactly as before. Run on PostgreSQL as well:

    DATABASE_URL=postgres://... pytest tests/test_atomicity.py
"""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleEvent, Byline, Correction, Revision, Status
from tests.factories import AuthorFactory, TopicFactory, UserFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


class Injected(Exception):
    """The failure the tests inject; nothing in the project raises it."""


def boom(*args, **kwargs):
    raise Injected("injected failure")


@contextmanager
def failing_signal(signal, sender):
    """Make every ``signal`` sent by ``sender`` inside the block raise Injected."""
    def receiver(**kwargs):
        raise Injected(f"{signal} of {sender.__name__}")

    signal.connect(receiver, sender=sender, weak=False, dispatch_uid="atomicity-test")
    try:
        yield
    finally:
        signal.disconnect(sender=sender, dispatch_uid="atomicity-test")


FAULTS = {
    # name: a context manager factory taking pytest's monkeypatch
    "revision writer": lambda mp: _patched(mp, revisions, "record"),
    "audit trail": lambda mp: failing_signal(post_save, ArticleEvent),
    "byline signal": lambda mp: failing_signal(post_save, Byline),
    "correction signal": lambda mp: failing_signal(post_save, Correction),
}


@contextmanager
def _patched(monkeypatch, module, name):
    with monkeypatch.context() as mp:
        mp.setattr(module, name, boom)
        yield


def state(article):
    """Return everything about ``article`` a failed operation must leave as it was."""
    row = Article.objects.filter(pk=article.pk).values().first()
    if row is None:
        return None
    row.pop("search_vector", None)
    return {
        "row": row,
        "bylines": list(Byline.objects.filter(article=article).order_by("pk").values_list(
            "pk", "author", "role", "position")),
        "topics": sorted(article.topics.values_list("pk", flat=True)),
        "tags": sorted(article.tags.names()),
        "corrections": list(Correction.objects.filter(article=article).values_list("pk", "text")),
        "events": list(ArticleEvent.objects.filter(article=article).values_list("pk", "kind")),
        "revisions": list(Revision.objects.filter(article=article).order_by("pk").values_list(
            "pk", "number", "is_pending", "content")),
        "autosaves": list(article.autosaves.values_list("pk", "data")),
    }


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def editor():
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def story(editor):
    """Return a draft ready to publish, with a revision on record."""
    article = ready_article(headline="Port reopens after strike")
    revisions.ensure_baseline(article)
    return article


@pytest.fixture
def live(story, editor):
    workflow.transition(story, "publish", user=editor)
    return story


def rich_edit(client, article):
    """Return the form data with everything changed: copy, bylines, topics, a correction."""
    data = form_data(client.get(change(article)))
    extra_author, extra_topic = AuthorFactory(name="Sun-hee Lim"), TopicFactory(name="Harbours")
    topics = data.get("topics", [])
    data.update({
        "headline": "Port reopens after eleven-day strike",
        "body": "<p>The port reopened on Friday after eleven days.</p>",
        "bylines-TOTAL_FORMS": "2",
        "bylines-1-author": str(extra_author.pk),
        "bylines-1-role": "additional",
        "bylines-1-position": "1",
        "corrections-TOTAL_FORMS": "1",
        "corrections-0-kind": "correction",
        "corrections-0-text": "An earlier version gave the wrong day.",
        "corrections-0-created_at_0": "2026-11-28",
        "corrections-0-created_at_1": "10:00:00",
        "topics": [*([topics] if isinstance(topics, str) else topics), str(extra_topic.pk)],
        "tags": "ports, labour",
    })  # fmt: skip
    data.pop("bylines-1-id", None)
    return data


def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("fault", ["revision writer", "byline signal", "correction signal"])
def test_saving_a_draft_with_its_inlines_is_all_or_nothing(client, editor, story, fault,
                                                            monkeypatch):
    client = editor_client(client, editor)
    data = rich_edit(client, story)
    before = state(story)
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        client.post(change(story), data)
    assert state(story) == before
    # The same save without the fault goes through, and writes every part.
    client.post(change(story), data)
    after = state(story)
    assert after["row"]["headline"] == "Port reopens after eleven-day strike"
    assert len(after["bylines"]) == 2 and len(after["corrections"]) == 1
    assert after["tags"] == ["labour", "ports"] and len(after["revisions"]) == 2


@pytest.mark.parametrize("fault", ["revision writer", "audit trail"])
def test_creating_an_article_is_all_or_nothing(client, editor, fault, monkeypatch):
    client = editor_client(client, editor)
    author, topic = AuthorFactory(), TopicFactory()
    data = form_data(client.get(reverse("admin:articles_article_add")))
    data.update({
        "headline": "New terminal opens", "slug": "new-terminal-opens", "dek": "A dek.",
        "primary_topic": str(topic.pk), "topics": [str(topic.pk)],
        "bylines-TOTAL_FORMS": "1", "bylines-0-author": str(author.pk),
        "bylines-0-role": "reporter", "bylines-0-position": "0",
    })  # fmt: skip
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        client.post(reverse("admin:articles_article_add"), data)
    assert not Article.objects.exists() and not Byline.objects.exists()
    assert not ArticleEvent.objects.filter(kind__startswith="article.").exists()
    assert not Revision.objects.exists()


def test_staging_changes_to_a_live_story_is_all_or_nothing(client, editor, live, monkeypatch):
    client = editor_client(client, editor)
    data = rich_edit(client, live)
    client.post(change(live), {**data, "headline": "A first set of changes"})
    before = state(live)
    data = rich_edit(client, live)  # opened again: the version the form carries is current
    # Staging bumps the version and replaces the pending revision before writing the new one.
    with FAULTS["revision writer"](monkeypatch), pytest.raises(Injected):
        client.post(change(live), data)
    assert state(live) == before
    assert revisions.pending(live).content["headline"] == "A first set of changes"


@pytest.mark.parametrize("fault", ["revision writer", "audit trail"])
@pytest.mark.parametrize("step", ["publish", "schedule", "submit"])
def test_a_workflow_step_is_all_or_nothing(editor, story, step, fault, monkeypatch):
    before = state(story)
    when = timezone.now() + timedelta(days=1) if step == "schedule" else None
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        workflow.transition(story, step, user=editor, publish_at=when)
    assert state(story) == before
    assert Article.objects.get(pk=story.pk).status == Status.DRAFT


@pytest.mark.parametrize("fault", ["revision writer", "audit trail"])
def test_the_publish_button_with_a_save_is_all_or_nothing(client, editor, story, fault,
                                                          monkeypatch):
    client = editor_client(client, editor)
    data = {**rich_edit(client, story), "_transition": "publish"}
    before = state(story)
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        client.post(change(story), data)
    assert state(story) == before  # neither the save nor the step


@pytest.mark.parametrize("fault", FAULTS)
def test_publishing_staged_changes_is_all_or_nothing(client, editor, live, fault, monkeypatch):
    client = editor_client(client, editor)
    client.post(change(live), rich_edit(client, live))
    staged = revisions.pending(live)
    assert staged is not None
    before = state(live)
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        workflow.transition(live, "publish_changes", user=editor)
    assert state(live) == before
    assert revisions.pending(live) == staged  # still waiting, untouched
    workflow.transition(live, "publish_changes", user=editor)
    assert Article.objects.get(pk=live.pk).headline == "Port reopens after eleven-day strike"
    assert live.bylines.count() == 2 and live.corrections.count() == 1


@pytest.mark.parametrize("fault", ["revision writer", "audit trail"])
@pytest.mark.parametrize("published", [False, True], ids=["draft", "live"])
def test_restoring_a_revision_is_all_or_nothing(client, editor, story, published, fault,
                                                monkeypatch):
    """A draft's restore rewrites the row, bylines and corrections; a live story's stages."""
    client = editor_client(client, editor)
    first = revisions.latest(story)
    client.post(change(story), rich_edit(client, story))
    if published:
        workflow.transition(story, "publish", user=editor)
    before = state(story)
    url = reverse("admin:articles_article_restore", args=[story.pk, first.number])
    with FAULTS[fault](monkeypatch), pytest.raises(Injected):
        client.post(url)
    assert state(story) == before
    client.post(url)  # without the fault it goes through
    assert state(story) != before


def test_discarding_staged_changes_is_all_or_nothing(client, editor, live, monkeypatch):
    client = editor_client(client, editor)
    client.post(change(live), rich_edit(client, live))
    before = state(live)
    with FAULTS["audit trail"](monkeypatch), pytest.raises(Injected):
        revisions.discard(live, user=editor)
    assert state(live) == before and revisions.pending(live) is not None


def test_a_bulk_action_is_all_or_nothing(client, editor, monkeypatch):
    """A failure on the second story of a bulk publish undoes the first as well."""
    client = editor_client(client, editor)
    stories = [ready_article(headline=f"Story {n}") for n in range(3)]
    before = [state(s) for s in stories]
    calls = []

    def fail_on_second(sender, instance, created, **kwargs):
        if created and instance.kind == "article.publish":
            calls.append(instance.article_id)
            if len(calls) == 2:
                raise Injected("second publish")

    post_save.connect(fail_on_second, sender=ArticleEvent, dispatch_uid="bulk-fault")
    try:
        with pytest.raises(Injected):
            client.post(reverse("admin:articles_article_changelist"), {
                "action": "publish_selected", ACTION_CHECKBOX_NAME: [s.pk for s in stories]})
    finally:
        post_save.disconnect(sender=ArticleEvent, dispatch_uid="bulk-fault")
    assert [state(s) for s in stories] == before


def test_bulk_delete_records_no_deletion_that_did_not_happen(client, editor, monkeypatch):
    client = editor_client(client, editor)
    drafts = [ready_article(headline=f"Draft {n}") for n in range(2)]
    with failing_signal(post_delete, Byline), pytest.raises(Injected):
        client.post(reverse("admin:articles_article_changelist"), {
            "action": "delete_selected", ACTION_CHECKBOX_NAME: [d.pk for d in drafts],
            "post": "yes"})
    assert Article.objects.filter(pk__in=[d.pk for d in drafts]).count() == 2
    assert not ArticleEvent.objects.filter(kind="article.delete").exists()
    assert not LogEntry.objects.exists()
