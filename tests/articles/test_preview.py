"""Previews: staff see any state; signed links work without login, then expire."""

import re
import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from articles import preview, revisions, workflow
from articles.models import ArticleEvent
from tests.factories import ArticleFactory, ready_article

pytestmark = pytest.mark.django_db


def preview_url(article, **params):
    url = reverse("admin:articles_article_preview", args=[article.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def assert_private(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow, noarchive"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_staff_preview_a_draft_with_the_public_template_and_a_banner(writer_client):
    article = ArticleFactory(created_by=writer_client.user, headline="Draft about tides")
    response = writer_client.get(preview_url(article))
    assert response.status_code == 200
    assert '<h1 id="story-headline" class="story__headline">Draft about tides</h1>' in response.text
    assert "Preview — draft, not published" in response.text
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in response.text
    assert_private(response)
    # Not for readers: the public URL is a 404 and the admin URL wants a login.
    assert Client().get(article.get_absolute_url()).status_code == 404
    assert Client().get(preview_url(article)).status_code == 302


def test_preview_of_a_live_story_shows_the_unpublished_changes(editor_client):
    article = ready_article(headline="Live copy")
    workflow.transition(article, "publish", user=editor_client.user)
    article.tags.set(["ferries"])
    revisions.stage(
        article,
        {**revisions.snapshot(article), "headline": "Staged copy", "tags": ["ferries", "new tag"]},
        user=editor_client.user,
    )
    response = editor_client.get(preview_url(article))
    assert "Staged copy" in response.text and "unpublished changes" in response.text
    assert "#ferries" in response.text and "#new tag" in response.text
    assert "Live copy" in Client().get(article.get_absolute_url()).text
    first = article.revisions.order_by("number").first()
    old = editor_client.get(preview_url(article, revision=first.number))
    assert "Live copy" in old.text and f"Preview of revision {first.number}" in old.text


def share(client, article, hours=48):
    response = client.post(
        reverse("admin:articles_article_share_preview", args=[article.pk]), {"hours": hours}
    )
    assert response.status_code == 200, response
    return re.search(r'value="(http[^"]+/preview/[^"]+)"', response.text).group(1)


def test_a_shared_link_works_without_login_and_is_recorded(writer_client):
    article = ready_article(created_by=writer_client.user, headline="Exclusive: ferry deal")
    link = share(writer_client, article)
    response = Client().get(link)
    assert response.status_code == 200
    assert "Exclusive: ferry deal" in response.text and "Preview — draft" in response.text
    assert_private(response)
    event = ArticleEvent.objects.get(article=article, kind="article.share_preview")
    assert event.actor == writer_client.user and "expires" in event.data


def test_a_tampered_link_is_refused(editor_client):
    link = share(editor_client, ready_article())
    token = link.rstrip("/").rsplit("/", 1)[1]
    other = ready_article()
    forged = token.replace(
        token.split(":")[0], signing.b64_encode(f'{{"a":{other.pk},"h":48}}'.encode()).decode(), 1
    )
    for bad in [forged, token[:-3] + "abc", "garbage"]:
        response = Client().get(reverse("preview:shared", args=[bad]))
        assert response.status_code == 403 and "not valid" in response.text
        assert_private(response)


def test_a_link_expires_after_48_hours_by_default(editor_client, monkeypatch):
    article = ready_article()
    token, _expires = preview.make_token(article)
    url = reverse("preview:shared", args=[token])
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 48 * 3600 - 60)
    assert Client().get(url).status_code == 200
    monkeypatch.setattr(signing.time, "time", lambda: now + 48 * 3600 + 60)
    response = Client().get(url)
    assert response.status_code == 410 and "expired" in response.text


def test_a_shorter_link_expires_sooner(editor_client, monkeypatch):
    link = share(editor_client, ready_article(), hours=1)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 2 * 3600)
    assert Client().get(link).status_code == 410


def test_links_to_withdrawn_or_deleted_stories_stop_working(editor_client):
    article = ready_article()
    workflow.transition(article, "publish", user=editor_client.user)
    link = share(editor_client, article)
    workflow.transition(article, "withdraw", user=editor_client.user)
    assert Client().get(link).status_code == 410
    draft = ready_article()
    link = share(editor_client, draft)
    draft.delete()
    assert Client().get(link).status_code == 410


def test_writers_share_only_their_own_stories(writer_client, other_writer_client):
    theirs = ready_article(created_by=other_writer_client.user)
    url = reverse("admin:articles_article_share_preview", args=[theirs.pk])
    assert writer_client.get(url).status_code == 403
    assert writer_client.post(url, {"hours": 48}).status_code == 403
    assert not ArticleEvent.objects.filter(kind="article.share_preview").exists()


def test_share_form_refuses_an_unknown_lifetime(editor_client):
    response = editor_client.post(
        reverse("admin:articles_article_share_preview", args=[ready_article().pk]), {"hours": 5000}
    )
    assert response.context["form"].errors.as_data()["hours"][0].code == "invalid_choice"
    assert response.context["link"] is None
