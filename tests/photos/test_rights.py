"""Usage rights and alt text: warnings where photos are picked, refusals where stories go live."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Status
from tests.articles.test_admin import article_post, with_bylines
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    PhotoFactory,
    TopicFactory,
    UserFactory,
    ready_article,
)

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_photo_page_warns_when_a_single_use_photo_is_used_twice(editor_client):
    photo = PhotoFactory(usage_terms="agency_single", title="Summit handshake")
    ArticleFactory(headline="Leaders meet in Busan", lead_photo=photo)
    url = reverse("admin:photos_photo_change", args=[photo.pk])
    assert not any("single use" in m for m in messages_of(editor_client.get(url)))  # one use: fine
    ArticleFactory(headline="Talks end without a deal", lead_photo=photo)
    warnings = [m for m in messages_of(editor_client.get(url)) if "single use" in m]
    assert len(warnings) == 1
    assert "Leaders meet in Busan" in warnings[0] and "Talks end without a deal" in warnings[0]


def test_photo_page_warns_about_expired_and_expiring_rights(editor_client):
    expired = PhotoFactory(
        usage_terms="agency", usage_expires_at=timezone.now() - timedelta(hours=2)
    )
    soon = PhotoFactory(usage_terms="handout", usage_expires_at=timezone.now() + timedelta(days=2))
    later = PhotoFactory(
        usage_terms="handout", usage_expires_at=timezone.now() + timedelta(days=60)
    )
    page = editor_client.get(
        reverse("admin:photos_photo_change", args=[expired.pk])
    ).content.decode()
    assert "expired on" in page and "nr-badge--expired" in page
    assert any(
        "expire on" in m
        for m in messages_of(
            editor_client.get(reverse("admin:photos_photo_change", args=[soon.pk]))
        )
    )
    assert not messages_of(editor_client.get(reverse("admin:photos_photo_change", args=[later.pk])))


def test_article_admin_warns_when_picking_a_spent_single_use_photo(editor_client):
    photo = PhotoFactory(usage_terms="agency_single", title="Summit handshake")
    ArticleFactory(headline="Leaders meet in Busan", lead_photo=photo)
    topic = TopicFactory()
    data = with_bylines(
        article_post(primary_topic=topic.pk, lead_photo=photo.pk), (AuthorFactory(), "reporter")
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    warnings = [m for m in messages_of(response) if "single use" in m]
    assert len(warnings) == 1 and "Leaders meet in Busan" in warnings[0]


def test_article_admin_warns_when_picking_an_expired_photo_and_not_for_a_clear_one(editor_client):
    expired = PhotoFactory(usage_expires_at=timezone.now() - timedelta(days=1))
    topic = TopicFactory()
    data = article_post(primary_topic=topic.pk, lead_photo=expired.pk)
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert any("expired on" in m for m in messages_of(response))
    clear = PhotoFactory(usage_terms="staff")
    data = article_post(primary_topic=topic.pk, lead_photo=clear.pk, slug="another-story")
    response = editor_client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert not any("expire" in m or "single use" in m for m in messages_of(response))


@pytest.mark.parametrize(
    ("photo_fields", "problem"),
    [
        ({"alt_text": ""}, "alt text on the lead photo"),
        ({"credit": ""}, "a credit on the lead photo"),
        (
            {"usage_expires_at": timezone.now() - timedelta(minutes=5)},
            "usage rights have not expired",
        ),
    ],
)
def test_publishing_is_refused_while_the_lead_photo_is_not_ready(photo_fields, problem):
    article = ready_article(lead_photo=PhotoFactory(**photo_fields))
    editor = UserFactory(username="desk", role="Editor")
    with pytest.raises(workflow.ChecklistFailed) as exc:
        workflow.transition(article, "publish", user=editor)
    assert any(problem in p for p in exc.value.problems)
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_decorative_lead_photo_needs_no_alt_text():
    article = ready_article(lead_photo=PhotoFactory(alt_text="", is_decorative=True))
    workflow.transition(article, "publish", user=UserFactory(username="desk", role="Editor"))
    assert article.status == Status.PUBLISHED
