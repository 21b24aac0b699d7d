"""Feeds read by a real feed parser, sitemaps checked against the sitemaps.org schema."""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from articles.models import BylineRole, Status
from tests.checkers import SITEMAP_XSD, need
from tests.factories import ArticleFactory, AuthorFactory, BylineFactory, PhotoFactory, TopicFactory

pytestmark = pytest.mark.django_db

NS = {
    "rss_media": "http://search.yahoo.com/mrss/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def story(settings):
    settings.SITE_URL = "https://news.example.org"
    topic = TopicFactory(name="Economy", slug="economy")
    article = ArticleFactory(
        live=True,
        headline="Exports fall for a third month",
        dek="Chip sales slow.",
        primary_topic=topic,
        lead_photo=PhotoFactory(caption="Containers at the quay.", credit="PHOTO: AGENCY"),
        updated_at=timezone.now() - timedelta(minutes=5),
    )
    BylineFactory(article=article, author=AuthorFactory(name="Mina Cho", slug="mina-cho"))
    BylineFactory(
        article=article,
        author=AuthorFactory(name="Tomás Herrera", slug="tomas-herrera"),
        role=BylineRole.PHOTOGRAPHER,
    )
    article.tags.add("trade")
    ArticleFactory(headline="Unpublished draft", primary_topic=topic)
    return article


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("url", ["/feed/", "/topics/economy/feed/", "/authors/mina-cho/feed/"])
def test_rss_feeds_carry_every_item_element(client, story, url):
    response, feed = parse(client, url)
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert feed.feed.title and feed.feed.link.startswith("https://news.example.org/")
    [entry] = feed.entries
    assert entry.title == "Exports fall for a third month"
    assert entry.link == "https://news.example.org" + story.get_absolute_url()
    assert entry.summary == "Chip sales slow."
    assert entry.published_parsed and entry.id.startswith("tag:news.example.org,")
    assert {t.term for t in entry.tags} == {"Economy", "trade"}
    assert entry.enclosures[0].type == "image/jpeg" and int(entry.enclosures[0].length) > 0

    item = ElementTree.fromstring(response.content).find("channel/item")
    assert [c.text for c in item.findall("dc:creator", NS)] == ["Mina Cho", "Tomás Herrera"]
    assert item.find("{http://purl.org/dc/terms/}modified") is not None
    media = item.find("rss_media:content", NS)
    assert (
        media.get("medium") == "image"
        and int(media.get("width")) > 0
        and int(media.get("height")) > 0
    )
    assert media.find("rss_media:credit", NS).text == "PHOTO: AGENCY"
    assert media.find("rss_media:description", NS).text == "Containers at the quay."


@pytest.mark.parametrize(
    "url", ["/feed/atom/", "/topics/economy/feed/atom/", "/authors/mina-cho/feed/atom/"]
)
def test_atom_feeds_carry_authors_times_and_media(client, story, url):
    response, feed = parse(client, url)
    assert feed.version == "atom10"
    assert feed.feed.subtitle and feed.feed.title
    [entry] = feed.entries
    assert [a.name for a in entry.authors] == ["Mina Cho", "Tomás Herrera"]
    assert entry.authors[0].href == "https://news.example.org/authors/mina-cho/"
    assert entry.published_parsed and entry.updated_parsed > entry.published_parsed
    assert entry.media_content[0]["url"].startswith("https://news.example.org/")
    assert any(link.rel == "enclosure" for link in entry.links)


def test_feeds_are_advertised_on_pages(client, story):
    home = client.get("/").text
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/atom/"' in home
    assert 'href="/topics/economy/feed/"' in client.get("/topics/economy/").text
    assert 'href="/authors/mina-cho/feed/atom/"' in client.get("/authors/mina-cho/").text


def test_feeds_of_unknown_topic_or_author_are_404(client):
    assert client.get("/topics/nothing/feed/").status_code == 404
    assert client.get("/authors/nobody/feed/atom/").status_code == 404


def sitemap_tree(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return response, ElementTree.fromstring(response.content)


def validate(content, strip_news=False):
    """Validate a <urlset> against the sitemaps.org schema.

    Google's news schema is in no registry package: the news elements are
    checked by the news test itself and stripped here.
    """
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(need(SITEMAP_XSD))))
    doc = etree.fromstring(content)
    if strip_news:
        for element in doc.findall(".//news:news", NS):
            element.getparent().remove(element)
    schema.assertValid(doc)


def month_sitemap(moment):
    local = timezone.localtime(moment)
    return f"https://news.example.org/sitemap-articles-{local:%Y-%m}.xml"


def test_sitemap_index_lists_the_months_with_stories_then_every_section(client, story):
    now = timezone.now()
    ArticleFactory(live=True, published_at=now - timedelta(days=400))
    ArticleFactory(status=Status.DRAFT, published_at=now - timedelta(days=800))  # not a live month
    _response, index = sitemap_tree(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    sitemaps = index.findall("sm:sitemap", NS)
    locations = [s.find("sm:loc", NS).text for s in sitemaps]
    assert locations == [
        month_sitemap(story.published_at),
        month_sitemap(now - timedelta(days=400)),
        *(f"https://news.example.org/sitemap-{s}.xml" for s in ["topics", "authors", "news"]),
    ]
    lastmods = [s.find("sm:lastmod", NS) for s in sitemaps]
    assert timezone.datetime.fromisoformat(lastmods[0].text)  # W3C datetime with an offset
    assert lastmods[1] is None  # older months: finding it would read all their stories


def test_a_month_sitemap_is_valid_and_lists_only_that_months_live_stories(client, story):
    ArticleFactory(status=Status.DRAFT, published_at=story.published_at)
    ArticleFactory(live=True, published_at=story.published_at - timedelta(days=70))
    response, urlset = sitemap_tree(client, month_sitemap(story.published_at))
    validate(response.content)
    urls = urlset.findall("sm:url", NS)
    assert [u.find("sm:loc", NS).text for u in urls] == [
        "https://news.example.org" + story.get_absolute_url()
    ]
    assert urls[0].find("sm:lastmod", NS).text.startswith(str(timezone.localdate().year))


def test_month_sitemaps_that_do_not_exist_are_404_and_the_old_single_list_redirects(client, story):
    assert client.get("/sitemap-articles-1999-01.xml").status_code == 404  # no stories then
    assert client.get("/sitemap-articles-2024-13.xml").status_code == 404
    assert client.get("/sitemap-articles-24-1.xml").status_code == 404
    response = client.get("/sitemap-articles.xml")
    assert response.status_code == 301 and response["Location"] == "/sitemap.xml"


def test_topic_and_author_sitemaps_are_valid(client, story):
    AuthorFactory(slug="never-published")
    for section in ["topics", "authors"]:
        response, urlset = sitemap_tree(client, f"/sitemap-{section}.xml")
        validate(response.content)
        locs = [u.find("sm:loc", NS).text for u in urlset.findall("sm:url", NS)]
        assert locs, section
        assert "https://news.example.org/authors/never-published/" not in locs


def test_news_sitemap_has_the_last_48_hours_with_news_elements(client, story):
    ArticleFactory(
        live=True, headline="Last week's story", published_at=timezone.now() - timedelta(days=3)
    )
    ArticleFactory(live=True, headline="부산 소식", language="ko")
    ArticleFactory(live=True, headline="中文新闻", language="zh-hans")
    ArticleFactory(
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=1),
        headline="Scheduled",
    )
    response, urlset = sitemap_tree(client, "/sitemap-news.xml")
    validate(response.content, strip_news=True)
    entries = {}
    for url in urlset.findall("sm:url", NS):
        news = url.find("news:news", NS)
        publication = news.find("news:publication", NS)
        assert publication.find("news:name", NS).text == "The Newsroom Ledger"
        date = news.find("news:publication_date", NS).text
        assert timezone.datetime.fromisoformat(date).tzinfo is not None
        entries[news.find("news:title", NS).text] = publication.find("news:language", NS).text
    assert entries == {
        "Exports fall for a third month": "en",
        "부산 소식": "ko",
        "中文新闻": "zh-cn",
    }


def test_robots_txt_points_to_the_sitemaps(client, settings):
    settings.SITE_URL = "https://news.example.org"
    text = client.get("/robots.txt").text
    assert "Sitemap: https://news.example.org/sitemap.xml" in text
    assert "Sitemap: https://news.example.org/sitemap-news.xml" in text


def test_the_feed_image_is_the_16x9_rendition_or_else_the_original(client, story):
    photo = story.lead_photo  # 640 wide: the widest 16:9 JPEG is the nearest to 1280
    rendition = photo.renditions.get(spec="16x9-640.jpeg")
    _response, feed = parse(client, "/feed/")
    [enclosure] = feed.entries[0].enclosures
    assert enclosure.href == "https://news.example.org" + rendition.url
    assert int(enclosure.length) == rendition.file.size and enclosure.type == "image/jpeg"

    # Before any rendition exists (an empty index), the clean original stands in.
    type(photo).objects.filter(pk=photo.pk).update(rendition_index={})
    _response, feed = parse(client, "/feed/")
    [enclosure] = feed.entries[0].enclosures
    assert enclosure.href == "https://news.example.org" + photo.file.url
    assert int(enclosure.length) == photo.file.size
