"""HTTP behaviour of public pages: conditional GET (ETag, Last-Modified, 304), 404 and 500."""


import pytest
from django.test import Client
from django.utils import timezone

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
    "/sitemap-news.xml",
]


def month_sitemap(article):
    return f"/sitemap-articles-{timezone.localtime(article.published_at):%Y-%m}.xml"


@pytest.fixture
def page_cache(settings, monkeypatch):
    from newsroom import pagecache

    settings.PAGE_CACHE = True
    monkeypatch.setattr(pagecache.local_tier, "seconds", 0)


@pytest.mark.parametrize("url", [*PAGES, "article", "archive", "month sitemap"])
def test_public_pages_answer_304_to_a_matching_conditional_get(client, site, page_cache, url):
    if url == "article":
        url = site.get_absolute_url()
    elif url == "archive":
        url = f"/{timezone.localtime(site.published_at):%Y/%m}/"
    elif url == "month sitemap":
        url = month_sitemap(site)
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"stale"'}).status_code == 200


@pytest.mark.parametrize("url", ["/feed/atom/", "/topics/city/feed/", "month sitemap"])
def test_feeds_and_sitemaps_answer_304_even_without_the_page_cache(client, site, url):
    url = month_sitemap(site) if url == "month sitemap" else url
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_publishing_makes_listing_validators_change(client, site, page_cache):
    etag = client.get("/feed/").headers["ETag"]
    ArticleFactory(live=True, headline="Fresh story")
    content_cache.bump("feeds")  # what the publish does on commit
    response = client.get("/feed/", headers={"if-none-match": etag})
    assert response.status_code == 200 and "Fresh story" in response.text


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
