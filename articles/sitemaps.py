"""
Sitemaps: an index of the stories by month (with lastmod), topics and authors, and a Google
News sitemap.

Thin subclasses of Django's ``Sitemap`` over ``Article.objects.published()``.
Addresses are built from SITE_URL, like canonical links, whatever host the
request came in on. The index is our own small view (Django's takes the
request's host); the sections are Django's ``sitemap`` view with our templates
(times to the second, and the news:news elements).

Stories are listed a month per sitemap: the index finds the months that have
stories with one indexed EXISTS per month, and each month's sitemap reads a
bounded range of the (status, published_at) index. One list of every story,
paginated, would make the index count the whole archive and the last pages
skip over most of it (OFFSET), on every crawl.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from authors.models import Author
from newsroom.cache import depends_on
from newsroom.periods import periods_with_rows
from topics.models import Topic

from .models import Article, Byline
from .search_form import MAX_YEAR, MIN_YEAR, day_start

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


def month_start(year, month):
    """Return the aware moment a month begins in the newsroom's time zone."""
    return day_start(date(year, month, 1))


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


class ArticleSitemap(SiteSitemap):
    """The live stories published in one month, oldest first."""

    #: The protocol's limit. A month with more stories than this gets further pages
    #: (?p=2), which the index does not list: no newsroom publishes that much.
    limit = 50_000

    def __init__(self, year, month):
        self.start, self.end = month_start(year, month), month_start(*next_month(year, month))

    def stories(self):
        live = Article.objects.published()
        return live.filter(published_at__gte=self.start, published_at__lt=self.end)

    def items(self):
        oldest_first = self.stories().order_by("published_at", "pk")
        return oldest_first.only("slug", "published_at", "modified_at")

    def lastmod(self, article):
        return article.modified_at

    def get_latest_lastmod(self):
        return self.stories().aggregate(latest=Max("modified_at"))["latest"]


def article_months():
    """Return (year, month) for every month that has live stories, newest first, in two queries."""
    live = Article.objects.published()
    first = live.order_by("published_at").values_list("published_at", flat=True).first()
    if first is None:
        return []
    first, now = timezone.localtime(first), timezone.localtime()
    months = [(first.year, first.month)]
    while months[-1] != (now.year, now.month):
        months.append(next_month(*months[-1]))
    boundaries = [month_start(*m) for m in [*months, next_month(*months[-1])]]
    return [months[n] for n in reversed(periods_with_rows(live, "published_at", boundaries))]


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
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "news": NewsSitemap,
}


@require_safe
def sitemap_index(request):
    """List every sitemap at SITE_URL's addresses: the months of stories, then the sections.

    The newest month, the news and the sections carry their last modification;
    the older months do not (finding it would read every story of every month).
    """
    depends_on(request, "sitemaps", listing=True)
    entries = []
    for n, (year, month) in enumerate(article_months()):
        kwargs = {"year": year, "month": month}
        url = settings.SITE_URL + reverse("articles:sitemap_articles", kwargs=kwargs)
        lastmod = w3c_datetime(ArticleSitemap(year, month).get_latest_lastmod()) if n == 0 else ""
        entries.append((url, lastmod))
    for section, cls in SITEMAPS.items():
        url = settings.SITE_URL + reverse("articles:sitemap_section", kwargs={"section": section})
        entries.append((url, w3c_datetime(cls().get_latest_lastmod())))
    return render(
        request, "sitemaps/index.xml", {"entries": entries}, content_type="application/xml"
    )


@require_safe
def sitemap_section(request, section, template_name="sitemaps/urlset.xml"):
    """Serve one sitemap section (Django's view), cached until the sitemaps change."""
    if section == "articles":  # the one list of every story there once was: now by month
        return redirect("articles:sitemap_index", permanent=True)
    depends_on(request, "sitemaps", listing=True)
    return sitemap(request, SITEMAPS, section=section, template_name=template_name)


@require_safe
def sitemap_articles(request, year, month):
    """Serve the sitemap of one month's stories; 404 for a month without any."""
    depends_on(request, "sitemaps", listing=True)
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        raise Http404("No such month.")
    month_sitemap = ArticleSitemap(year, month)
    if not month_sitemap.stories().exists():
        raise Http404("No stories were published that month.")
    return sitemap(
        request,
        {"articles": month_sitemap},
        section="articles",
        template_name="sitemaps/urlset.xml",
    )
