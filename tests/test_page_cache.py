"""The public page cache: hits cost no queries, and exactly the right pages go stale."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles import workflow
from newsroom import pagecache
from tests.factories import ArticleFactory, CorrectionFactory, TopicFactory, UserFactory, ready_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings, monkeypatch):
    settings.PAGE_CACHE = True
    # The in-process tier would hide changes for up to a second; tests of
    # invalidation look at the shared tier. One test checks the second itself.
    monkeypatch.setattr(pagecache.local_tier, "seconds", 0)


def test_second_anonymous_request_is_served_without_queries(client, django_assert_num_queries):
    article = ArticleFactory(live=True)
    first = client.get(article.get_absolute_url())
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    # Each response has its own CSP nonce (the article's JSON-LD carries it).
    unnonced = re.compile(rb'nonce="[^"]*"')
    assert unnonced.sub(b"", second.content) == unnonced.sub(b"", first.content)
    assert second.content != first.content
    assert second["ETag"] == first["ETag"]
    assert "Age" in second


def test_conditional_get_and_head_through_the_cache(client, django_assert_num_queries):
    article = ArticleFactory(live=True)
    etag = client.get(article.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304
        head = client.head(article.get_absolute_url())
    assert head.status_code == 200 and head.content == b""


def test_an_edit_shows_at_once_and_unrelated_pages_stay_cached(client, django_assert_num_queries):
    economy, culture = TopicFactory(), TopicFactory()
    story = ArticleFactory(live=True, primary_topic=economy, headline="Port reopens")
    ArticleFactory(live=True, primary_topic=culture)
    for url in [story.get_absolute_url(), economy.get_absolute_url(), culture.get_absolute_url(), "/"]:
        client.get(url)

    story.headline = "Port reopens after strike"
    story.save()

    assert "Port reopens after strike" in client.get(story.get_absolute_url()).text
    assert "Port reopens after strike" in client.get(economy.get_absolute_url()).text
    assert "Port reopens after strike" in client.get("/").text
    with django_assert_num_queries(0):  # the rest of the archive was not evicted
        client.get(culture.get_absolute_url())


def test_a_correction_and_a_withdrawal_reach_readers(client):
    editor = UserFactory(username="desk", role="Editor")
    story = ready_article()
    workflow.transition(story, "publish", user=editor)
    url = story.get_absolute_url()
    client.get(url)
    CorrectionFactory(article=story, text="An earlier version gave the wrong date.")
    assert "An earlier version gave the wrong date." in client.get(url).text
    workflow.transition(story, "withdraw", user=editor)
    assert client.get(url).status_code == 404


def test_draft_saves_leave_public_pages_cached(client, django_assert_num_queries):
    ArticleFactory(live=True)
    client.get("/")
    draft = ArticleFactory()
    draft.headline = "Still being written"
    draft.save()
    with django_assert_num_queries(0):
        client.get("/")


def test_scheduled_story_appears_on_time_on_cached_listings(client):
    topic = TopicFactory()
    ArticleFactory(live=True, primary_topic=topic)
    at = timezone.now() + timedelta(seconds=2)
    ArticleFactory(status="published", published_at=at, primary_topic=topic, headline="Talks resume")
    assert "Talks resume" not in client.get("/").text
    assert "Talks resume" not in client.get(topic.get_absolute_url()).text
    time.sleep(max(0, (at - timezone.now()).total_seconds()) + 0.05)
    assert "Talks resume" in client.get("/").text
    assert "Talks resume" in client.get(topic.get_absolute_url()).text


def test_logged_in_staff_always_reach_the_view(editor_client, django_assert_num_queries):
    article = ArticleFactory(live=True)
    editor_client.get(article.get_absolute_url())
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200 and "Age" not in response


def test_in_process_tier_holds_a_page_for_about_a_second(client, monkeypatch):
    monkeypatch.setattr(pagecache.local_tier, "seconds", 1.0)
    clock = [1000.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: clock[0])
    story = ArticleFactory(live=True, headline="First headline")
    client.get(story.get_absolute_url())
    story.headline = "Second headline"
    story.save()
    clock[0] += 0.5
    assert "First headline" in client.get(story.get_absolute_url()).text  # at most a second stale
    clock[0] += 0.6
    assert "Second headline" in client.get(story.get_absolute_url()).text


def test_cached_pages_never_repeat_a_csp_nonce(client):
    article = ArticleFactory(live=True)
    headers = [client.get(article.get_absolute_url()).get("Content-Security-Policy", "") for _ in range(3)]
    nonces = [h.split("'nonce-")[1].split("'")[0] for h in headers if "'nonce-" in h]
    assert len(set(nonces)) == len(nonces)


def test_a_hot_page_is_checked_again_only_after_some_change(client, monkeypatch, django_assert_num_queries):
    from newsroom import cache as content_cache

    story = ArticleFactory(live=True)
    client.get(story.get_absolute_url())
    checks = []
    real_versions = content_cache.versions
    monkeypatch.setattr(content_cache, "versions", lambda *n: checks.append(n) or real_versions(*n))
    with django_assert_num_queries(0):
        client.get(story.get_absolute_url())
    assert checks == []  # nothing changed anywhere: served on the process's own word
    content_cache.bump("tag:999")  # a change elsewhere
    with django_assert_num_queries(0):
        assert client.get(story.get_absolute_url()).status_code == 200
    assert len(checks) == 1  # one look at the versions, and the page is still current
    with django_assert_num_queries(0):
        client.get(story.get_absolute_url())
    assert len(checks) == 1


def test_the_in_process_tier_is_bounded_by_the_bytes_it_holds():
    tier = pagecache.LocalTier(max_entries=100, max_bytes=25)
    for n in range(5):
        tier.put(f"page-{n}", {"body": b"x" * 10}, checked=0)
    assert list(tier.entries) == ["page-3", "page-4"] and tier.bytes == 20
    tier.put("page-4", {"body": b"y" * 5}, checked=0)  # replacing an entry frees its old body
    assert tier.bytes == 15
    tier.drop("page-3")
    assert list(tier.entries) == ["page-4"] and tier.bytes == 5


def test_the_in_process_tier_holds_as_many_mib_as_the_setting_says(settings):
    settings.PAGE_CACHE_LOCAL_MB = 1
    tier = pagecache.LocalTier(max_entries=100)
    for n in range(3):
        tier.put(f"page-{n}", {"body": b"x" * 400 * 1024}, checked=0)
    assert list(tier.entries) == ["page-1", "page-2"]  # a third 400 KiB page would pass 1 MiB
    settings.PAGE_CACHE_LOCAL_MB = 2
    tier.put("page-3", {"body": b"x" * 400 * 1024}, checked=0)
    assert list(tier.entries) == ["page-1", "page-2", "page-3"]


def test_with_the_page_cache_off_a_view_notes_nothing(settings, rf, django_assert_num_queries):
    """No page is kept, so no version is read and the next publication is not looked up."""
    from django.core.cache import cache

    from newsroom.cache import depends_on

    ArticleFactory(status="published", published_at=timezone.now() + timedelta(hours=1))
    cache.clear()
    request = rf.get("/")
    with django_assert_num_queries(1):  # on: the next scheduled publication bounds the entry
        assert depends_on(request, "home", listing=True)["expires_at"] is not None
    settings.PAGE_CACHE = False
    cache.clear()
    request = rf.get("/")
    with django_assert_num_queries(0):
        assert depends_on(request, "home", listing=True) is None
    assert not hasattr(request, "_page_cache") and cache.get("next-publication") is None
