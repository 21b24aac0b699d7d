"""
Sitemaps: an index of articles (with lastmod), topics and authors, and a Google News sitemap.

Thin subclasses of Django's ``Sitemap`` over ``Article.objects.published()``.
Addresses are built from SITE_URL, like canonical links, whatever host the
request came in on. The index is our own small view (Django's takes the
request's host); the sections are Django's ``sitemap`` view with our templates
(times to the second, and the news:news elements).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Exists, Max, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from authors.models import Author
from newsroom.cache import depends_on
from topics.models import Topic

from .models import Article, Byline

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per news sitemap
#: Google News wants ISO 639 codes, and Chinese as zh-cn or zh-tw.
NEWS_LANGUAGES = {"zh-hans": "zh-cn", "zh-hant": "zh-tw"}


def w3c_datetime(moment):
    """Return ``moment`` as W3C Datetime in the newsroom's time zone, to the second."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


class SiteSitemap(Sitemap):
    @property
    def protocol(self):
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for entry in urls:
            entry["lastmod_w3c"] = w3c_datetime(entry.get("lastmod"))
        return urls


class ArticleSitemap(SiteSitemap):
    limit = 10_000

    def items(self):
        return Article.objects.published().only("slug", "published_at", "modified_at")

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("modified_at"))["latest"]


class TopicSitemap(SiteSitemap):
    def items(self):
        return Topic.objects.only("slug").order_by("pk")


class AuthorSitemap(SiteSitemap):
    def items(self):
        has_stories = Byline.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Author.objects.filter(Exists(has_stories)).only("slug").order_by("pk")


class NewsSitemap(SiteSitemap):
    """The stories of the last 48 hours, with the news:news details Google News reads."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(published_at__gte=since)
            .only("slug", "headline", "language", "published_at", "modified_at")[:NEWS_LIMIT]
        )

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .aggregate(latest=Max("modified_at"))["latest"]
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page, site, protocol)
        for entry in urls:
            article = entry["item"]
            entry["news"] = {
                "name": settings.SITE_NAME,
                "language": NEWS_LANGUAGES.get(article.language, article.language.split("-")[0]),
                "publication_date": w3c_datetime(article.published_at),
                "title": article.headline,
            }
        return urls


SITEMAPS = {
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "news": NewsSitemap,
}


@require_safe
def sitemap_index(request):
    """List every sitemap page with its last modification, at SITE_URL's addresses."""
    depends_on(request, "sitemaps", listing=True)
    entries = []
    for section, cls in SITEMAPS.items():
        sitemap = cls()
        url = settings.SITE_URL + reverse("articles:sitemap_section", kwargs={"section": section})
        lastmod = w3c_datetime(sitemap.get_latest_lastmod())
        entries.append((url, lastmod))
        pages = sitemap.paginator.num_pages if section == "articles" else 1
        entries += [(f"{url}?p={page}", lastmod) for page in range(2, pages + 1)]
    return render(
        request, "sitemaps/index.xml", {"entries": entries}, content_type="application/xml"
    )


@require_safe
def sitemap_section(request, section, template_name="sitemaps/urlset.xml"):
    """Serve one sitemap section (Django's view), cached until the sitemaps change."""
    depends_on(request, "sitemaps", listing=True)
    return sitemap(request, SITEMAPS, section=section, template_name=template_name)
