"""The workflow: every step against every role, the checklist, scheduling and the embargo."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import revisions, workflow
from articles.models import Article, ArticleEvent, RevisionKind, Status
from tests.factories import AuthorFactory, BylineFactory, PhotoFactory, UserFactory, ready_article

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_writer", "editor", "admin"]
STATES = ["draft", "review", "live", "scheduled", "withdrawn"]
EDITORS = {"editor", "admin"}
# (step, state) -> the roles that may take it; every other pair is refused for everyone.
ALLOWED = {
    ("submit", "draft"): {"owner", *EDITORS},
    **{
        (step, state): EDITORS
        for step in ("publish", "schedule")
        for state in ("draft", "review", "scheduled")
    },
    **{("publish_changes", state): EDITORS for state in ("live", "scheduled")},
    **{("return", state): EDITORS for state in ("review", "live", "scheduled", "withdrawn")},
    **{("withdraw", state): EDITORS for state in ("live", "scheduled")},
    ("republish", "withdrawn"): EDITORS,
}


@pytest.fixture
def people(db):
    return {
        "owner": UserFactory(username="w-owner", role="Writer"),
        "other_writer": UserFactory(username="w-other", role="Writer"),
        "editor": UserFactory(username="e-desk", role="Editor"),
        "admin": UserFactory(username="a-chief", role="Admin"),
    }


def article_in(state, people, photo):
    """Return a ready story in ``state``, brought there through the workflow itself."""
    editor = people["editor"]
    article = ready_article(created_by=people["owner"], lead_photo=photo)
    if state == "review":
        workflow.transition(article, "submit", user=people["owner"])
    elif state in ("live", "withdrawn"):
        workflow.transition(article, "publish", user=editor)
    elif state == "scheduled":
        workflow.transition(
            article, "schedule", user=editor, publish_at=timezone.now() + timedelta(hours=2)
        )
    if state == "withdrawn":
        workflow.transition(article, "withdraw", user=editor)
    if state in ("live", "scheduled"):
        # Unpublished changes, so that "publish_changes" has something to publish.
        content = {**revisions.snapshot(article), "dek": "A sharper dek for the live story."}
        revisions.stage(article, content, user=editor)
    return article


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", list(workflow.TRANSITIONS))
def test_every_step_against_every_role(step, state, people):
    photo = PhotoFactory()
    for role in ROLES:
        article = article_in(state, people, photo)
        before, events = article.status, article.events.count()
        kwargs = {"note": "Tighten the top."}
        if step == "schedule":
            kwargs["publish_at"] = timezone.now() + timedelta(hours=3)
        if role in ALLOWED.get((step, state), set()):
            workflow.transition(article, step, user=people[role], **kwargs)
            target = workflow.TRANSITIONS[step].target
            assert article.status == target, (step, state, role)
            event = ArticleEvent.objects.filter(article=article).first()
            assert event.kind == f"article.{step}"
            assert (event.actor, event.from_status, event.to_status) == (
                people[role],
                before,
                target,
            )
            assert article.revisions.order_by("-number").first().kind == RevisionKind.TRANSITION
        else:
            with pytest.raises(workflow.TransitionNotAllowed):
                workflow.transition(article, step, user=people[role], **kwargs)
            article.refresh_from_db()
            assert article.status == before, (step, state, role)
            assert article.events.count() == events


def test_a_writer_with_a_byline_counts_as_owner(people):
    article = ready_article()  # created by nobody in particular
    author = AuthorFactory(user=people["other_writer"])
    BylineFactory(article=article, author=author)
    workflow.transition(article, "submit", user=people["other_writer"])
    assert article.status == Status.REVIEW


def test_inactive_users_take_no_step(people):
    article = ready_article()
    people["editor"].is_active = False
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(article, "publish", user=people["editor"])


def test_unknown_step_is_refused(people):
    with pytest.raises(workflow.TransitionNotAllowed):
        workflow.transition(ready_article(), "approve", user=people["editor"])


def test_checklist_lists_everything_missing_in_one_refusal(people):
    photo = PhotoFactory(alt_text="", credit="")
    article = ready_article(
        lead_photo=photo, headline="H" * 141, dek="D" * 281, body="<p> </p>", primary_topic=None
    )
    article.bylines.all().delete()
    with pytest.raises(workflow.ChecklistFailed) as refused:
        workflow.transition(article, "publish", user=people["editor"])
    assert set(refused.value.codes) == {
        "headline_too_long",
        "dek_too_long",
        "body_missing",
        "byline_missing",
        "primary_topic_missing",
        "alt_text_missing",
        "credit_missing",
    }
    message = str(refused.value)
    assert message.startswith("Cannot publish yet.") and "a credit on the lead photo" in message
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_checklist_needs_a_lead_photo_a_dek_and_a_headline(people):
    article = ready_article(dek="  ", headline=" ")
    article.lead_photo = None
    article.save()
    assert {p.code for p in workflow.checklist(article)} == {
        "headline_missing",
        "dek_missing",
        "lead_photo_missing",
    }


def test_byline_override_stands_in_for_bylines_and_decorative_photos_need_no_alt(people):
    article = ready_article(
        byline_override="By staff reporters",
        lead_photo=PhotoFactory(alt_text="", is_decorative=True),
    )
    article.bylines.all().delete()
    assert workflow.checklist(article) == []


def test_expired_photo_rights_block_publication(people):
    photo = PhotoFactory(usage_expires_at=timezone.now() - timedelta(days=1))
    article = ready_article(lead_photo=photo)
    assert [p.code for p in workflow.checklist(article)] == ["photo_rights_expired"]


def test_return_to_writer_needs_a_note(people):
    article = ready_article(created_by=people["owner"])
    workflow.transition(article, "submit", user=people["owner"])
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.transition(article, "return", user=people["editor"], note="   ")
    assert refused.value.codes == ["note_required"]
    workflow.transition(article, "return", user=people["editor"], note="Second source, please.")
    assert article.status == Status.DRAFT
    assert article.events.get(kind="article.return").note == "Second source, please."


def test_schedule_needs_a_future_time(people):
    article = ready_article()
    with pytest.raises(workflow.TransitionRefused) as missing:
        workflow.transition(article, "schedule", user=people["editor"])
    assert missing.value.codes == ["time_required"]
    with pytest.raises(workflow.TransitionRefused) as past:
        workflow.transition(
            article,
            "schedule",
            user=people["editor"],
            publish_at=timezone.now() - timedelta(seconds=1),
        )
    assert past.value.codes == ["time_in_past"]
    with pytest.raises(workflow.TransitionRefused) as future:
        workflow.transition(
            article,
            "publish",
            user=people["editor"],
            publish_at=timezone.now() + timedelta(hours=1),
        )
    assert future.value.codes == ["time_in_future"]


def test_scheduling_at_the_embargo_second_is_allowed_one_second_earlier_is_not(people):
    embargo = timezone.now().replace(microsecond=0) + timedelta(hours=6)
    early, exact = ready_article(embargo_until=embargo), ready_article(embargo_until=embargo)
    with pytest.raises(workflow.ChecklistFailed) as refused:
        workflow.transition(
            early, "schedule", user=people["editor"], publish_at=embargo - timedelta(seconds=1)
        )
    assert refused.value.codes == ["embargo"]
    assert Article.objects.get(pk=early.pk).status == Status.DRAFT

    workflow.transition(exact, "schedule", user=people["editor"], publish_at=embargo)
    assert exact.is_scheduled and exact.published_at == embargo
    # It goes live by itself at that second: visibility is a query, no job runs.
    assert (
        not Article.objects.published(now=embargo - timedelta(microseconds=1))
        .filter(pk=exact.pk)
        .exists()
    )
    assert Article.objects.published(now=embargo).filter(pk=exact.pk).exists()


def test_publish_now_is_refused_until_the_embargo_lifts(people):
    embargoed = ready_article(embargo_until=timezone.now() + timedelta(minutes=30))
    with pytest.raises(workflow.ChecklistFailed) as refused:
        workflow.transition(embargoed, "publish", user=people["editor"])
    assert refused.value.codes == ["embargo"] and "embargo lifts" in str(refused.value)
    lifted = ready_article(embargo_until=timezone.now() - timedelta(seconds=1))
    workflow.transition(lifted, "publish", user=people["editor"])
    assert lifted.is_live


def test_republish_keeps_the_first_publication_time(people):
    article = ready_article()
    workflow.transition(article, "publish", user=people["editor"])
    first = article.published_at
    workflow.transition(article, "withdraw", user=people["editor"], note="Legal query.")
    assert not Article.objects.published().filter(pk=article.pk).exists()
    workflow.transition(article, "republish", user=people["editor"])
    assert article.published_at == first and article.is_live


def test_each_step_bumps_the_version_and_keeps_a_revision(people):
    article = ready_article()
    version = article.version
    workflow.transition(article, "publish", user=people["editor"])
    assert article.version == version + 1
    latest = article.revisions.order_by("-number").first()
    assert latest.content["status"] == Status.PUBLISHED and latest.author == people["editor"]
    assert latest.article_version == article.version
