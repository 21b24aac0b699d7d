from django.urls import path

from newsroom import converters  # noqa: F401  (registers "uslug", "dd" and "yyyy")

from . import feeds, views
from .sitemaps import sitemap_articles, sitemap_index, sitemap_section

app_name = "articles"

urlpatterns = [
    path("<yyyy:year>/", views.archive_year, name="archive_year"),
    path("<yyyy:year>/<dd:month>/", views.archive_month, name="archive_month"),
    path("<yyyy:year>/<dd:month>/<dd:day>/", views.archive_day, name="archive_day"),
    path("<int:year>/<dd:month>/<dd:day>/<uslug:slug>/", views.article_detail, name="detail"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search, name="search"),
    # Feeds: the site, each topic and each author, in RSS 2.0 and Atom.
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed_atom"),
    path("topics/<uslug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("topics/<uslug:slug>/feed/atom/", feeds.AtomTopicFeed(), name="topic_feed_atom"),
    path("authors/<uslug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("authors/<uslug:slug>/feed/atom/", feeds.AtomAuthorFeed(), name="author_feed_atom"),
    # Sitemaps: the index, Google News (its own template), then the other sections.
    path("sitemap.xml", sitemap_index, name="sitemap_index"),
    path(
        "sitemap-news.xml", sitemap_section, {"section": "news", "template_name": "sitemaps/news.xml"}
    ),
    path(
        "sitemap-articles-<yyyy:year>-<dd:month>.xml",
        sitemap_articles,
        name="sitemap_articles",
    ),
    path("sitemap-<str:section>.xml", sitemap_section, name="sitemap_section"),
]
