"""HTTP behaviour of public pages: conditional GET (ETag, Last-Modified, 304), 404 and 500."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Status
from newsroom import cache as content_cache
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    topic = TopicFactory(slug="city")
    author = AuthorFactory(slug="mina-cho")
    article = ArticleFactory(live=True, primary_topic=topic)
    BylineFactory(article=article, author=author)
    article.tags.add("rail")
    return article


PAGES = [
    "/",
    "/topics/city/",
    "/authors/mina-cho/",
    "/tags/rail/",
    "/search/?q=dock",
    "/feed/",
    "/feed/atom/",
    "/topics/city/feed/",
    "/authors/mina-cho/feed/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
]


@pytest.mark.parametrize("url", [*PAGES, "article", "archive"])
def test_public_pages_answer_304_to_a_matching_conditional_get(client, site, url):
    if url == "article":
        url = site.get_absolute_url()
    elif url == "archive":
        url = f"/{timezone.localtime(site.published_at):%Y/%m}/"
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"stale"'}).status_code == 200


def test_saving_content_changes_the_validators(client, site):
    etag = client.get("/").headers["ETag"]
    content_cache.bump("articles")  # what a save does on commit
    response = client.get("/", headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


def test_a_scheduled_story_going_live_changes_the_validators_without_any_save(client, site):
    from django.core.cache import cache

    soon = ArticleFactory(
        status=Status.PUBLISHED, published_at=timezone.now() + timedelta(seconds=1)
    )
    first = client.get("/")
    assert soon.headline not in first.text
    # The story's time comes; nothing is saved, so no version moves.
    type(soon).objects.filter(pk=soon.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    cache.delete(f"live:{content_cache.version_key('articles')}")  # as its timeout runs out then
    second = client.get("/", headers={"if-none-match": first["ETag"]})
    assert second.status_code == 200 and soon.headline in second.text


def test_live_time_cache_never_outlasts_the_next_scheduled_story(site, monkeypatch):
    from newsroom import conditional

    timeouts = []
    real_set = conditional.cache.set

    def spy(key, value, timeout):
        timeouts.append(timeout)
        return real_set(key, value, timeout)

    monkeypatch.setattr(conditional, "cache", SimpleNamespace(get=conditional.cache.get, set=spy))
    ArticleFactory(status=Status.PUBLISHED, published_at=timezone.now() + timedelta(seconds=30))
    assert conditional.latest_live_time() == site.published_at
    assert timeouts and 1 <= timeouts[0] <= 30


def test_branded_404_with_search(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.text
    assert 'action="/search/"' in response.text


def test_branded_500_needs_neither_database_nor_context_processors(
    settings, django_assert_num_queries
):
    settings.DEBUG = False
    from newsroom import views

    def broken(request):
        raise RuntimeError("boom")

    client = Client(raise_request_exception=False)
    from django.urls import path

    urlconf = type(
        "urls", (), {"urlpatterns": [path("boom/", broken)], "handler500": views.server_error}
    )
    settings.ROOT_URLCONF = urlconf
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "The Newsroom Ledger" in response.text
