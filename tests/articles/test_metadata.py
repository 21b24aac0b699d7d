"""What search engines and social networks read: canonical, OpenGraph, Twitter, JSON-LD."""

import json
from html.parser import HTMLParser

import pytest

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


class HeadReader(HTMLParser):
    """Collect <meta>, <link> and JSON-LD blocks the way a structured-data extractor does."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld, self._in_ld, self._nonce = {}, [], [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(
                attrs.get("content")
            )
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld, self._nonce = True, attrs.get("nonce")

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append((json.loads(data), self._nonce))
            self._in_ld = False


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.text)
    return response, reader


@pytest.fixture
def story(settings):
    settings.SITE_URL = "https://news.example.org"
    parent = TopicFactory(name="World", slug="world")
    asia = TopicFactory(name="Asia", slug="asia", parent=parent)
    article = ArticleFactory(
        live=True,
        headline="Busan dock strike </script><b>enters</b> second week",
        dek="Talks stall.",
        dateline="SEOUL",
        primary_topic=asia,
        lead_photo=PhotoFactory(width=1600, height=1000),
    )
    BylineFactory(
        article=article, author=AuthorFactory(name="Mina Cho", slug="mina-cho", x_handle="minacho")
    )
    BylineFactory(
        article=article,
        author=AuthorFactory(name="Ha-eun Yoon", slug="ha-eun-yoon"),
        role=BylineRole.ADDITIONAL,
    )
    CorrectionFactory(article=article, kind=CorrectionKind.CORRECTION, text="A name was misspelt.")
    article.tags.add("strikes")
    return article


def test_article_has_canonical_description_opengraph_and_twitter_card(client, story):
    _response, head = read(client, story.get_absolute_url())
    url = "https://news.example.org" + story.get_absolute_url()
    assert {"rel": "canonical", "href": url} in head.links
    assert head.meta["description"] == ["Talks stall."]
    assert head.meta["og:type"] == ["article"] and head.meta["og:url"] == [url]
    assert head.meta["og:title"] == [story.headline]
    image = head.meta["og:image"][0]
    assert image.startswith("https://news.example.org/") and "191x100" in image
    assert head.meta["og:image:width"] == ["1200"] and head.meta["og:image:height"] == ["628"]
    assert head.meta["twitter:card"] == ["summary_large_image"]
    assert head.meta["twitter:image"] == [image]
    assert head.meta["article:tag"] == ["strikes"]
    assert head.meta["article:author"] == [
        "https://news.example.org/authors/mina-cho/",
        "https://news.example.org/authors/ha-eun-yoon/",
    ]


def test_json_ld_images_are_the_renditions_the_index_lists(client, story):
    photo = story.lead_photo
    _response, head = read(client, story.get_absolute_url())
    news = next(data for data, _nonce in head.json_ld if data["@type"] == "NewsArticle")
    expected = [photo.renditions.get(spec=s) for s in ("16x9-1280.jpeg", "1x1-640.jpeg")]
    expected.append(photo.renditions.get(spec="191x100-1200.jpeg"))
    assert [(i["url"], i["width"], i["height"]) for i in news["image"]] == [
        ("https://news.example.org" + r.url, r.width, r.height) for r in expected
    ]
    assert head.meta["og:image"] == [news["image"][2]["url"]]

    photo.renditions.all().delete()
    type(photo).objects.filter(pk=photo.pk).update(rendition_index={})
    _response, head = read(client, story.get_absolute_url())
    news = next(data for data, _nonce in head.json_ld if data["@type"] == "NewsArticle")
    original = "https://news.example.org" + photo.file.url
    # One entry: the same URL three times is listed once.
    assert [(i["url"], i["width"], i["height"]) for i in news["image"]] == [(original, 1600, 1000)]
    assert head.meta["og:image"] == [original]


def test_syndicated_story_points_canonical_to_the_partner_when_required(client, settings):
    settings.SITE_URL = "https://news.example.org"
    article = ArticleFactory(
        live=True,
        source=PublicationFactory(),
        original_url="https://harbourtimes.example/a",
        canonical_to_original=True,
    )
    _response, head = read(client, article.get_absolute_url())
    assert {"rel": "canonical", "href": "https://harbourtimes.example/a"} in head.links
    news = next(data for data, _nonce in head.json_ld if data["@type"] == "NewsArticle")
    assert news["isBasedOn"] == "https://harbourtimes.example/a"


def test_news_article_json_ld(client, story):
    response, head = read(client, story.get_absolute_url())
    news = next(data for data, _nonce in head.json_ld if data["@type"] == "NewsArticle")
    assert news["@context"] == "https://schema.org"
    assert news["headline"] == story.headline  # round-trips intact, yet ...
    assert (
        "</script><b>" not in response.text.split("<body>")[0].split('"headline"')[1][:200]
    )  # ... escaped
    assert news["datePublished"].startswith(str(story.published_at.year))
    assert news["dateModified"] >= news["datePublished"]
    assert news["author"][0] == {
        "@type": "Person",
        "name": "Mina Cho",
        "url": "https://news.example.org/authors/mina-cho/",
        "jobTitle": "Correspondent",
        "sameAs": ["https://x.com/minacho"],
    }
    assert len(news["author"]) == 2
    assert {i["width"] for i in news["image"]} >= {1200} and all(
        i["url"].startswith("https://") for i in news["image"]
    )
    publisher = news["publisher"]
    assert publisher["name"] == "The Newsroom Ledger"
    assert publisher["logo"]["url"].endswith(".png") and publisher["logo"]["width"] == 512
    assert news["contentLocation"] == {"@type": "Place", "name": "SEOUL"} == news["locationCreated"]
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "A name was misspelt.",
            "datePublished": story.corrections.get().created_at.isoformat(),
        }
    ]
    assert news["articleSection"] == "Asia" and news["keywords"] == ["strikes"]


def test_json_ld_carries_the_csp_nonce_of_the_response(client, story):
    response, head = read(client, story.get_absolute_url())
    nonces = {nonce for _data, nonce in head.json_ld}
    [nonce] = nonces
    assert nonce and f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_breadcrumbs_on_articles_and_topics(client, story):
    _response, head = read(client, story.get_absolute_url())
    crumbs = next(data for data, _nonce in head.json_ld if data["@type"] == "BreadcrumbList")
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [
        (1, "Home"),
        (2, "World"),
        (3, "Asia"),
        (4, story.headline),
    ]
    assert crumbs["itemListElement"][2]["item"] == "https://news.example.org/topics/asia/"

    _response, head = read(client, "/topics/asia/")
    [(crumbs, _nonce)] = head.json_ld
    assert [i["name"] for i in crumbs["itemListElement"]] == ["Home", "World", "Asia"]


def test_paginated_listing_canonical_keeps_the_page(client, settings):
    settings.PAGINATE_BY = 1
    settings.SITE_URL = "https://news.example.org"
    topic = TopicFactory(slug="city")
    ArticleFactory.create_batch(2, live=True, primary_topic=topic)
    _response, head = read(client, "/topics/city/?page=2")
    assert {
        "rel": "canonical",
        "href": "https://news.example.org/topics/city/?page=2",
    } in head.links


def test_story_without_bylines_or_photo_still_describes_itself(client):
    article = ArticleFactory(
        live=True, byline_override="By staff reporters", dek="", body="<p>Short text here.</p>"
    )
    _response, head = read(client, article.get_absolute_url())
    news = next(data for data, _nonce in head.json_ld if data["@type"] == "NewsArticle")
    assert news["author"] == [{"@type": "Organization", "name": "By staff reporters"}]
    assert "image" not in news and news["description"] == "Short text here."
    assert head.meta["twitter:card"] == ["summary"]


def test_news_article_data_for_an_unpublished_preview_leaves_dates_out():
    from articles.structured_data import news_article

    data = news_article(ArticleFactory(headline="Draft in preview"))
    assert "datePublished" not in data and "dateModified" not in data
    assert data["headline"] == "Draft in preview"


def test_author_page_is_a_profile_page_and_home_a_website(client, story):
    _response, head = read(client, "/authors/mina-cho/")
    [(profile, _nonce)] = head.json_ld
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Mina Cho"
    assert profile["mainEntity"]["url"] == "https://news.example.org/authors/mina-cho/"

    _response, head = read(client, "/")
    [(site, _nonce)] = head.json_ld
    assert site["@type"] == "WebSite" and site["publisher"]["name"] == "The Newsroom Ledger"
    assert site["potentialAction"]["target"] == "https://news.example.org/search/?q={search_term_string}"
