"""
RSS 2.0 and Atom feeds for the whole site, each topic and each author.

Thin subclasses of Django's ``Feed`` over ``Article.objects.published()``. The
two generators add what feed readers and aggregators look for beyond the
core formats: every author (Dublin Core in RSS, one <author> each in Atom),
the update time, and the lead photo as Media RSS ``media:content`` with its
caption and credit (plus an RSS <enclosure>).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import feedgenerator

from authors.models import Author
from newsroom.cache import depends_on
from photos.rendition_index import rendition_storage
from photos.templatetags.photos import best_rendition
from topics.models import Topic

from .models import Article

FEED_ITEMS = 30
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
PHOTO_CROP, PHOTO_WIDTH = "16x9", 1280


def absolute(path):
    return settings.SITE_URL + path


def lead_media(photo):
    """Return {url, width, height, length, type, caption, credit} for a lead photo, or None."""
    if photo is None:
        return None
    rendition = best_rendition(photo, PHOTO_CROP, PHOTO_WIDTH)
    image = rendition or photo
    if rendition:
        storage, name, url = rendition_storage(), rendition.name, rendition.url
    else:
        storage, name, url = photo.file.storage, photo.file.name, photo.file.url
    try:
        length = storage.size(name)
    except OSError:  # storage unreachable: 0 is what RSS asks for when the size is unknown
        length = 0
    return {
        "url": absolute(url),
        "width": image.width,
        "height": image.height,
        "length": str(length),
        "type": "image/jpeg" if rendition else _mime(photo.file.name),
    }


def _mime(name):
    ext = name.rsplit(".", 1)[-1].lower()
    return {"png": "image/png", "webp": "image/webp", "gif": "image/gif"}.get(ext, "image/jpeg")


def _media_content(handler, media):
    handler.startElement(
        "media:content",
        {
            "url": media["url"],
            "medium": "image",
            "type": media["type"],
            "width": str(media["width"]),
            "height": str(media["height"]),
            "fileSize": media["length"],
        },
    )
    if media["caption"]:
        handler.addQuickElement("media:description", media["caption"], {"type": "plain"})
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    handler.endElement("media:content")


class MediaRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with every author, the update time and the lead photo as media:content."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:dc": DC_NS,
            "xmlns:dcterms": DCTERMS_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.addQuickElement("dc:creator", author["name"])
        if item["updateddate"] is not None:
            handler.addQuickElement(
                "dcterms:modified", feedgenerator.rfc3339_date(item["updateddate"])
            )
        if item["media"]:
            _media_content(handler, item["media"])


class MediaAtomFeed(feedgenerator.Atom1Feed):
    """Atom with one <author> per byline and the lead photo as media:content."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for author in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", author["name"])
            if author.get("uri"):
                handler.addQuickElement("uri", author["uri"])
            handler.endElement("author")
        if item["media"]:
            _media_content(handler, item["media"])


class ArticleFeed(Feed):
    """The newest live stories of the whole site (RSS 2.0)."""

    feed_type = MediaRssFeed
    title = settings.SITE_NAME
    description = settings.SITE_DESCRIPTION
    language = settings.LANGUAGE_CODE
    author_name = settings.SITE_NAME  # Atom needs an author for entries that have none
    author_link = settings.SITE_URL

    def link(self, obj=None):
        return absolute(obj.get_absolute_url() if obj is not None else reverse("home"))

    def feed_url(self, obj=None):
        return absolute(self.request_path)

    def get_feed(self, obj, request):
        depends_on(request, "feeds", listing=True)  # lets the page cache keep the feed
        self.request_path = request.path
        return super().get_feed(obj, request)

    def published(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return self.published(obj).for_listing(parts=("bylines", "topics", "tags"))[:FEED_ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        # Stable when the slug changes: built from the id and the first publication day.
        host = settings.SITE_URL.split("://", 1)[1]
        return f"tag:{host},{item.published_at:%Y-%m-%d}:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(filter(None, [item.published_at, item.updated_at]))

    def item_categories(self, item):
        return [t.name for t in item.topics.all()] + [t.name for t in item.tags.all()]

    def item_media(self, item):
        """Return the lead photo's media details, once per item."""
        if not hasattr(item, "_feed_media"):
            item._feed_media = lead_media(item.lead_photo)
            if item._feed_media:
                item._feed_media.update(caption=item.caption, credit=item.lead_photo.credit)
        return item._feed_media

    def item_enclosures(self, item):
        media = self.item_media(item)
        return (
            [feedgenerator.Enclosure(media["url"], media["length"], media["type"])] if media else []
        )

    def item_extra_kwargs(self, item):
        authors = [
            {"name": b.author.name, "uri": absolute(b.author.get_absolute_url())}
            for b in item.ordered_bylines()
        ]
        if item.byline_override or not authors:
            authors = [{"name": item.byline_override or settings.SITE_NAME}]
        return {"authors": authors, "media": self.item_media(item)}


class AtomMixin:
    """Serve a feed as Atom, its description as the subtitle."""

    feed_type = MediaAtomFeed

    def subtitle(self, obj=None):
        return self._get_dynamic_attr("description", obj)


class AtomArticleFeed(AtomMixin, ArticleFeed):
    pass


class TopicFeed(ArticleFeed):
    """The newest live stories filed under one topic."""

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def published(self, obj):
        return obj.articles.published()


class AtomTopicFeed(AtomMixin, TopicFeed):
    pass


class AuthorFeed(ArticleFeed):
    """The newest live stories carrying one author's byline."""

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def description(self, obj):
        return f"The latest stories by {obj.name} for {settings.SITE_NAME}."

    def published(self, obj):
        return Article.objects.published().filter(pk__in=obj.bylines.values("article_id"))


class AtomAuthorFeed(AtomMixin, AuthorFeed):
    pass
