"""Roles in the admin: what a Writer may not do by form, action or crafted POST; bulk actions."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article, ArticleEvent, Autosave, Status
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory, UserFactory, ready_article
from tests.formdata import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def change(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def desk_editor(db):
    return UserFactory(username="desk", role="Editor")


def own_live_story(writer, editor):
    article = ready_article(created_by=writer)
    workflow.transition(article, "publish", user=editor)
    return article


def messages_of(response):
    return " ".join(str(m) for m in response.context["messages"])


def test_writer_edits_a_draft_they_have_a_byline_on(writer_client):
    article = ArticleFactory(headline="Shared draft")
    BylineFactory(article=article, author=AuthorFactory(user=writer_client.user))
    data = form_data(writer_client.get(change(article)))
    assert (
        writer_client.post(
            change(article), {**data, "headline": "Shared draft, revised"}
        ).status_code
        == 302
    )
    assert Article.objects.get(pk=article.pk).headline == "Shared draft, revised"


@pytest.mark.parametrize("state", ["review", "withdrawn"])
def test_writer_cannot_edit_their_story_in_review_or_withdrawn(writer_client, desk_editor, state):
    article = ready_article(created_by=writer_client.user, headline="Locked copy")
    if state == "review":
        workflow.transition(article, "submit", user=writer_client.user)
    else:
        workflow.transition(article, "publish", user=desk_editor)
        workflow.transition(article, "withdraw", user=desk_editor)
    page = writer_client.get(change(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = writer_client.post(change(article), {**form_data(page), "headline": "Edited"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).headline == "Locked copy"


def test_a_writers_text_is_kept_when_their_story_moves_on_while_they_type(writer_client, desk_editor):
    article = ready_article(created_by=writer_client.user, headline="Ferry strike called off")
    open_form = form_data(writer_client.get(change(article)))
    workflow.transition(article, "submit", user=desk_editor)  # someone else sends it to review

    response = writer_client.post(
        change(article), {**open_form, "dek": "Unions accept the pay offer."}, follow=True
    )
    assert "Not saved: this story is now in review" in messages_of(response)
    assert Article.objects.get(pk=article.pk).dek != "Unions accept the pay offer."
    assert Autosave.objects.get(user=writer_client.user, article=article).data["dek"] == [
        "Unions accept the pay offer."
    ]

    workflow.transition(article, "return", user=desk_editor, note="Add the vote count.")
    recovered = writer_client.get(change(article) + "?recover=1")
    assert form_data(recovered)["dek"] == "Unions accept the pay offer."
    assert writer_client.post(change(article), form_data(recovered)).status_code == 302
    assert Article.objects.get(pk=article.pk).dek == "Unions accept the pay offer."


def test_other_writers_get_a_plain_refusal(writer_client, other_writer_client):
    theirs = ready_article(created_by=other_writer_client.user)
    page = writer_client.get(change(theirs))
    assert writer_client.post(change(theirs), form_data(page)).status_code == 403
    assert not Autosave.objects.exists()


def test_writer_edits_a_returned_story(writer_client, desk_editor):
    article = ready_article(created_by=writer_client.user)
    workflow.transition(article, "submit", user=writer_client.user)
    workflow.transition(article, "return", user=desk_editor, note="Shorter, please.")
    data = form_data(writer_client.get(change(article)))
    assert writer_client.post(change(article), {**data, "dek": "Shorter."}).status_code == 302


@pytest.mark.parametrize(
    "step", ["publish", "schedule", "withdraw", "return", "republish", "publish_changes"]
)
def test_writer_cannot_take_editor_steps_through_the_form(writer_client, desk_editor, step):
    draft = ready_article(created_by=writer_client.user)
    live = own_live_story(writer_client.user, desk_editor)
    for article in (draft, live):
        before = Article.objects.get(pk=article.pk)
        data = form_data(writer_client.get(change(article)))
        page = writer_client.post(
            change(article),
            {
                **data,
                "_transition": step,
                "_note": "Trying anyway",
                "_publish_at": "2031-01-01T09:00",
            },
            follow=True,
        )
        after = Article.objects.get(pk=article.pk)
        assert (after.status, after.published_at) == (before.status, before.published_at), (
            step,
            article,
        )
        assert "may not" in messages_of(page)
        assert not ArticleEvent.objects.filter(
            article=article, kind=f"article.{step}", actor=writer_client.user
        ).exists()


def test_writer_cannot_set_publication_time_or_lead_story_through_the_form(writer_client):
    article = ArticleFactory(created_by=writer_client.user)
    data = form_data(writer_client.get(change(article)))
    assert "published_at_0" not in data and "is_featured" not in data  # shown read-only
    writer_client.post(
        change(article),
        {**data, "published_at_0": "2020-01-01", "published_at_1": "09:00", "is_featured": "on"},
    )
    article.refresh_from_db()
    assert article.published_at is None and not article.is_featured


def test_writer_has_no_publishing_actions_and_a_crafted_action_does_nothing(writer_client):
    article = ready_article(created_by=writer_client.user)
    choices = [
        name
        for name, _label in writer_client.get(CHANGELIST)
        .context["action_form"]
        .fields["action"]
        .choices
    ]
    assert "submit_selected" in choices
    assert not {"publish_selected", "withdraw_selected", "republish_selected"} & set(choices)
    for action in [
        "publish_selected",
        "withdraw_selected",
        "republish_selected",
        "delete_selected",
    ]:
        writer_client.post(
            CHANGELIST, {"action": action, ACTION_CHECKBOX_NAME: [article.pk], "index": 0}
        )
        assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_writer_bulk_submits_only_their_own_drafts(writer_client, other_writer_client):
    mine, theirs = (
        ready_article(created_by=writer_client.user),
        ready_article(created_by=other_writer_client.user),
    )
    response = writer_client.post(
        CHANGELIST,
        {"action": "submit_selected", ACTION_CHECKBOX_NAME: [mine.pk, theirs.pk], "index": 0},
        follow=True,
    )
    assert Article.objects.get(pk=mine.pk).status == Status.REVIEW
    assert Article.objects.get(pk=theirs.pk).status == Status.DRAFT
    assert "1 story: submit for review done." in messages_of(response)
    assert f"“{theirs.headline}”: You may not" in messages_of(response)


def test_editor_bulk_publishes_and_the_checklist_still_applies(editor_client):
    ready, also_ready = ready_article(), ready_article()
    unready = ArticleFactory(dek="")
    response = editor_client.post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "index": 0,
            ACTION_CHECKBOX_NAME: [ready.pk, also_ready.pk, unready.pk],
        },
        follow=True,
    )
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses == {
        ready.pk: Status.PUBLISHED,
        also_ready.pk: Status.PUBLISHED,
        unready.pk: Status.DRAFT,
    }
    text = messages_of(response)
    assert (
        "2 stories: publish now done." in text
        and f"“{unready.headline}”: Cannot publish yet" in text
    )

    editor_client.post(
        CHANGELIST,
        {
            "action": "withdraw_selected",
            "index": 0,
            ACTION_CHECKBOX_NAME: [ready.pk, also_ready.pk],
        },
    )
    assert set(Article.objects.filter(status=Status.WITHDRAWN)) == {ready, also_ready}
    assert (
        ArticleEvent.objects.filter(kind="article.withdraw", actor=editor_client.user).count() == 2
    )


def test_published_stories_are_not_deleted_even_in_bulk(editor_client):
    live, draft = ready_article(), ArticleFactory()
    workflow.transition(live, "publish", user=editor_client.user)
    delete = reverse("admin:articles_article_delete", args=[live.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    bulk = {
        "action": "delete_selected",
        "post": "yes",
        "index": 0,
        ACTION_CHECKBOX_NAME: [live.pk, draft.pk],
    }
    assert editor_client.post(CHANGELIST, bulk).status_code == 403
    assert Article.objects.count() == 2
    editor_client.post(CHANGELIST, {**bulk, ACTION_CHECKBOX_NAME: [draft.pk]})
    assert list(Article.objects.all()) == [live]
    deleted = ArticleEvent.objects.get(kind="article.delete")
    assert deleted.article is None and deleted.data["headline"] == draft.headline


def test_schedule_button_takes_a_time_and_refuses_one_before_the_embargo(editor_client):
    embargo = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    article = ready_article(embargo_until=embargo)
    page = editor_client.get(change(article))
    assert 'name="_publish_at"' in page.text
    early = (embargo - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    response = editor_client.post(
        change(article),
        {**form_data(page), "_transition": "schedule", "_publish_at": early},
        follow=True,
    )
    assert "embargo lifts" in messages_of(response)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT

    at = (embargo + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = editor_client.post(
        change(article),
        {**form_data(response), "_transition": "schedule", "_publish_at": at},
        follow=True,
    )
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == embargo + timedelta(hours=1)
    assert "is scheduled for" in messages_of(response)


def test_schedule_button_explains_a_bad_time(editor_client):
    article = ready_article()
    data = form_data(editor_client.get(change(article)))
    response = editor_client.post(
        change(article), {**data, "_transition": "schedule", "_publish_at": "soon"}, follow=True
    )
    assert "Enter the publication time" in messages_of(response)
    response = editor_client.post(
        change(article),
        {**form_data(response), "_transition": "schedule", "_publish_at": ""},
        follow=True,
    )
    assert "a publication time" in messages_of(response)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_a_publication_time_before_the_embargo_is_refused_by_the_form(editor_client):
    embargo = timezone.localtime(timezone.now() + timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    article = ready_article(embargo_until=embargo)
    data = form_data(editor_client.get(change(article)))
    day = embargo - timedelta(days=1)
    response = editor_client.post(
        change(article),
        {
            **data,
            "published_at_0": day.strftime("%Y-%m-%d"),
            "published_at_1": day.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert (
        response.context["adminform"].form.errors.as_data()["published_at"][0].code
        == "before_embargo"
    )
