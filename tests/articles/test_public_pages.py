"""The reader-facing pages: what they show, and that their query counts are constant."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import BylineRole, CorrectionKind
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BylineFactory,
    CorrectionFactory,
    PhotoFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire_story(django_capture_on_commit_callbacks):
    """The brief's typical story: partner copy, Seoul dateline, two bylines, agency photo, three topics."""
    world, asia, business = TopicFactory(name="World"), TopicFactory(name="Asia"), TopicFactory(name="Business")
    photo = PhotoFactory(caption="Cranes stand idle in Busan.", credit="PHOTO: HANBIT NEWS AGENCY",
                         alt_text="Idle cranes at dusk")
    article = ArticleFactory(
        live=True, kicker="Shipping", headline="Busan dock strike enters second week",
        dek="Talks stall over automation.", dateline="SEOUL", lead_photo=photo, primary_topic=asia,
        source=PublicationFactory(attribution="First published in the Harbour Times."),
        original_url="https://harbourtimes.example/busan",
        body='<p>“We want a say,” said Yoon Ha-eun.</p><h2>Ships diverted</h2>'
             '<p>“Ships go elsewhere,” said Park Joon-seo.</p>',
    )
    article.topics.set([world, asia, business])
    BylineFactory(article=article, author=AuthorFactory(name="Mina Cho", slug="mina-cho"), position=0)
    BylineFactory(article=article, author=AuthorFactory(name="Daniel Okafor", slug="daniel-okafor"),
                  role=BylineRole.ADDITIONAL, position=1)
    CorrectionFactory(article=article, kind=CorrectionKind.CORRECTION, text="An earlier version misspelt a name.")
    article.tags.add("strikes")
    return article


def test_article_page_shows_every_part_of_the_story(client, wire_story):
    response = client.get(wire_story.get_absolute_url())
    html = response.text

    assert response.status_code == 200
    assert html.count("<h1") == 1
    for expected in [
        '<p class="kicker">Shipping</p>', "Busan dock strike enters second week", "Talks stall over automation.",
        'href="/authors/mina-cho/" rel="author">Mina Cho</a>', "Additional reporting by",
        'href="/authors/daniel-okafor/" rel="author">Daniel Okafor</a>',
        "Harbour Times", "First published in the Harbour Times.", '<p class="dateline">SEOUL</p>',
        "<h2>Ships diverted</h2>", "Cranes stand idle in Busan.",
        '<span class="credit">PHOTO: HANBIT NEWS AGENCY</span>', 'alt="Idle cranes at dusk"',
        "An earlier version misspelt a name.", 'href="/topics/', "#strikes", 'href="#top"',
        '<main id="main"', 'class="skip-link"', 'lang="en"',
    ]:
        assert expected in html, expected
    assert html.count('class="chips" aria-label="Topics"') == 1
    assert all(t.name in html for t in wire_story.topics.all())


def test_article_times_are_shown_in_the_newsroom_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    published = timezone.now().replace(hour=23, minute=30, second=0, microsecond=0) - timedelta(days=1)
    article = ArticleFactory(live=True, published_at=published)
    html = client.get(article.get_absolute_url()).text
    assert "KST" in html
    assert timezone.localtime(published).strftime("%H:%M") in html


def test_wrong_date_in_article_url_redirects_permanently(client):
    article = ArticleFactory(live=True)
    response = client.get(f"/1999/01/01/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unicode_slugs_are_served(client):
    article = ArticleFactory(live=True, slug="부산-항만-파업", headline="부산 항만 파업 2주째")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "부산 항만 파업 2주째" in response.text


def test_home_shows_lead_story_then_latest(client):
    older_lead = ArticleFactory(live=True, is_featured=True, headline="Featured story",
                                published_at=timezone.now() - timedelta(hours=5))
    newest = ArticleFactory(live=True, headline="Newest story")
    html = client.get("/").text
    assert html.index("Featured story") < html.index("Newest story")
    assert older_lead.get_absolute_url() in html and newest.get_absolute_url() in html


def test_listing_pages_paginate_and_refuse_malformed_page_numbers(client, settings):
    settings.PAGINATE_BY = 2
    topic = TopicFactory()
    for _ in range(3):
        ArticleFactory(live=True, primary_topic=topic)
    url = topic.get_absolute_url()
    first = client.get(url)
    assert 'rel="next" href="?page=2"' in first.text
    assert client.get(url + "?page=2").status_code == 200
    for bad in ["0", "-1", "abc", "3", "99999999999", "1e3", "٣"]:
        assert client.get(url, {"page": bad}).status_code == 404, bad


def test_author_and_tag_pages_list_published_stories(client):
    author = AuthorFactory(name="Priya Raman", bio="Covers climate.")
    live = ArticleFactory(live=True, headline="Heat map of the city")
    BylineFactory(article=live, author=author)
    BylineFactory(article=live, author=author, role=BylineRole.PHOTOGRAPHER)
    live.tags.add("heat")
    draft = ArticleFactory(headline="Unfinished draft")
    BylineFactory(article=draft, author=author)

    page = client.get(author.get_absolute_url()).text
    assert "Priya Raman" in page and "Covers climate." in page
    assert page.count("Heat map of the city") == 1  # two roles, one card
    assert "Unfinished draft" not in page
    assert "Heat map of the city" in client.get("/tags/heat/").text


def _story_with(n):
    topic = TopicFactory()
    article = ArticleFactory(live=True, primary_topic=topic, lead_photo=PhotoFactory())
    for i in range(n):
        BylineFactory(article=article)
        CorrectionFactory(article=article)
        article.topics.add(TopicFactory())
        article.tags.add(f"tag-{i}")
    return article


@pytest.mark.parametrize("n", [1, 10])
def test_article_page_query_count_is_constant(client, django_assert_num_queries, n):
    article = _story_with(n)
    client.get(article.get_absolute_url())  # warm the navigation cache
    # the story with its source, photo and topics' chain; its bylines, topics, tags and corrections
    with django_assert_num_queries(2):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("n", [1, 10])
def test_listing_query_counts_are_constant(client, django_assert_num_queries, n):
    topic = TopicFactory()
    author = AuthorFactory()
    for _ in range(n):
        article = ArticleFactory(live=True, primary_topic=topic, lead_photo=PhotoFactory())
        BylineFactory(article=article, author=author)
        BylineFactory(article=article)
    client.get("/")
    # home: the lead and latest stories (with their photos and topics), their bylines
    with django_assert_num_queries(2):
        client.get("/")
    # topic: the topic, its articles, bylines
    with django_assert_num_queries(3):
        client.get(topic.get_absolute_url())
    # author: the author (with headshot), articles, bylines
    with django_assert_num_queries(3):
        client.get(author.get_absolute_url())


def test_branded_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.text


def test_robots_and_health(client):
    assert "Sitemap:" in client.get("/robots.txt").text
    health = client.get("/healthz").json()
    assert health == {"status": "ok", "database": "ok", "cache": "ok"}


def _archive_of(n):
    """n live stories today in one topic, by one author, each with a photo, tags, topics and two bylines."""
    topic, author = TopicFactory(slug="economy"), AuthorFactory(slug="mina-cho")
    for i in range(n):
        article = ArticleFactory(live=True, primary_topic=topic, lead_photo=PhotoFactory(), headline=f"Trade story {i}")
        BylineFactory(article=article, author=author)
        BylineFactory(article=article)
        article.topics.add(TopicFactory())
        article.tags.add("trade", f"tag-{i}")
        CorrectionFactory(article=article)
    return article


def _new_page_urls(article):
    day = timezone.localtime(article.published_at)
    # On PostgreSQL a search first reads the words as a query, lists the keys of its
    # matches, and with fewer than twenty asks the lexicon what the reader may have meant
    # (nothing, here).
    pg = 3 if connection.vendor == "postgresql" else 0
    return {
        # search: topic and author choices, results, their bylines
        "/search/?q=trade": 4 + pg,
        "/search/?q=trade&topic=economy&author=mina-cho": 6 + pg,  # + the chosen topic and author
        "/search/?q=nothing-matches": 3 + max(pg - 1, 0),  # no keys: no query for the stories
        "/search/": 2,
        # archives: stories, bylines (+ the months or days with stories)
        f"/{day:%Y}/": 3,
        f"/{day:%Y/%m}/": 3,
        f"/{day:%Y/%m/%d}/": 2,
        # feeds: stories, then their bylines, topics and tags in one (+ the topic or author)
        "/feed/": 2,
        "/feed/atom/": 2,
        "/topics/economy/feed/": 3,
        "/authors/mina-cho/feed/atom/": 3,
        # sitemaps: the index finds the first story and the months with stories, and asks
        # the newest month and the news for their newest change
        "/sitemap.xml": 4,
        f"/sitemap-articles-{day:%Y-%m}.xml": 3,  # any stories, count, page
        "/sitemap-topics.xml": 2,
        "/sitemap-authors.xml": 2,
        "/sitemap-news.xml": 2,
        "/tags/trade/": 3,
    }


@pytest.mark.parametrize("n", [1, 10])
def test_new_public_pages_have_constant_query_counts(client, django_assert_num_queries, n):
    article = _archive_of(n)
    for url, queries in _new_page_urls(article).items():
        client.get(url)  # warm the navigation and live-time caches
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("n", [1, 10])
def test_article_page_related_blocks_cost_one_query_once_then_none(
    client, django_assert_num_queries, n
):
    article = _archive_of(n)
    client.get("/")  # warm the navigation and live-time caches
    # the page's own two, then related stories and more in this topic, together
    with django_assert_num_queries(3):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(2):
        client.get(article.get_absolute_url())


@pytest.mark.parametrize("n", [1, 10])
def test_conditional_get_costs_no_query(client, django_assert_num_queries, settings, n):
    settings.PAGE_CACHE = True
    article = _archive_of(n)
    etag = client.get(article.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
