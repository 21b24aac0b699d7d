"""The desk: the dashboard on the admin index and the article list, in constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import revisions, workflow
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    PhotoFactory,
    UserFactory,
    ready_article,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:articles_article_changelist")


def fill_desk(writer, editor, n, photo):
    """Put ``n`` stories in each column of the desk."""
    for i in range(n):
        ArticleFactory(created_by=writer, headline=f"My draft {i}")
        returned = ready_article(created_by=writer, headline=f"Returned {i}", lead_photo=photo)
        workflow.transition(returned, "submit", user=writer)
        workflow.transition(returned, "return", user=editor, note=f"Fix paragraph {i}.")
        workflow.transition(
            ready_article(headline=f"In review {i}", lead_photo=photo), "submit", user=editor
        )
        workflow.transition(
            ready_article(
                headline=f"Scheduled {i}",
                lead_photo=photo,
                embargo_until=timezone.now() + timedelta(hours=1),
            ),
            "schedule",
            user=editor,
            publish_at=timezone.now() + timedelta(hours=2, minutes=i),
        )
        live = ready_article(headline=f"Live {i}", lead_photo=photo)
        workflow.transition(live, "publish", user=editor)
        revisions.stage(live, {**revisions.snapshot(live), "dek": "Changed."}, user=editor)


def test_the_dashboard_shows_each_persons_desk(writer_client, editor_client):
    fill_desk(writer_client.user, editor_client.user, 1, PhotoFactory())
    bylined = ArticleFactory(headline="Bylined draft")
    BylineFactory(article=bylined, author=AuthorFactory(user=writer_client.user))
    page = writer_client.get(INDEX)
    assert page.status_code == 200
    assert [a.headline for a in page.context["drafts"]] == ["Bylined draft", "My draft 0"]
    returned = page.context["returned"]
    assert [(a.headline, a.last_note, a.last_actor) for a in returned] == [
        ("Returned 0", "Fix paragraph 0.", "editor")
    ]
    assert "Fix paragraph 0." in page.text
    assert [a.headline for a in page.context["review"]] == ["In review 0"]
    assert [a.headline for a in page.context["changes"]] == ["Live 0"]
    assert [a.headline for a in page.context["scheduled"]] == ["Scheduled 0"]
    assert "in 1\xa0hour" in page.text and "Embargo until" in page.text
    assert [a.headline for a in page.context["published"]] == ["Live 0"]
    # The editor's own desk has no drafts of the writer's.
    assert editor_client.get(INDEX).context["drafts"] == []


def test_the_dashboard_costs_the_same_with_one_story_or_many(writer_client, editor_client):
    photo = PhotoFactory()
    fill_desk(writer_client.user, editor_client.user, 1, photo)
    writer_client.get(INDEX)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one:
        writer_client.get(INDEX)
    fill_desk(writer_client.user, editor_client.user, 6, photo)
    with CaptureQueriesContext(connection) as many:
        page = writer_client.get(INDEX)
    assert len(page.context["scheduled"]) == 7
    assert len(many) == len(one), [q["sql"][:80] for q in many.captured_queries]


def test_the_list_shows_embargo_schedule_and_unpublished_changes(
    editor_client, django_assert_max_num_queries
):
    photo = PhotoFactory()
    fill_desk(UserFactory(username="w", role="Writer"), editor_client.user, 3, photo)
    with django_assert_max_num_queries(12):
        response = editor_client.get(CHANGELIST)
    assert "Scheduled</span>" in response.text and "nr-embargo" in response.text
    assert "Unpublished changes" in response.text
    scheduled = editor_client.get(CHANGELIST, {"desk": "scheduled"}).context["cl"].result_list
    assert {a.headline for a in scheduled} == {"Scheduled 0", "Scheduled 1", "Scheduled 2"}
    changes = editor_client.get(CHANGELIST, {"desk": "changes"}).context["cl"].result_list
    assert {a.headline for a in changes} == {"Live 0", "Live 1", "Live 2"}
    embargoed = editor_client.get(CHANGELIST, {"desk": "embargoed"}).context["cl"].result_list
    assert {a.headline for a in embargoed} == {"Scheduled 0", "Scheduled 1", "Scheduled 2"}
    assert list(editor_client.get(CHANGELIST, {"desk": "mine"}).context["cl"].result_list) == []
