"""
The pages the benchmark drives, in one place.

Each set names where its paths come from: a fixed list of candidates (the
first that answers 200 is used, so a route another change renames or adds is
found without editing the harness), or a sample that ``bench.sample`` draws
from the dataset (many article URLs, so no single row stays hot). Override
any set from the command line: ``--path feed=/feeds/atom/``. Add a set here
to measure a new page.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSet:
    name: str
    label: str
    candidates: list = field(default_factory=list)  # fixed paths: the first that answers 200 wins
    sample: str = ""  # or: a list bench.sample draws from the dataset


#: The search page's address; {q} is a URL-encoded query.
SEARCH_PATH = "/search/?q={q}"

PAGES = {
    "article": PageSet("article", "Article page", sample="articles"),
    "home": PageSet("home", "Home page", candidates=["/"]),
    "topic": PageSet("topic", "Topic page", sample="topics"),
    "search": PageSet("search", "Search", sample="searches"),
    "feed": PageSet("feed", "Feed", candidates=[
        "/feeds/", "/feed/", "/feeds/rss/", "/feeds/latest/", "/rss/", "/feed.xml", "/rss.xml", "/atom.xml",
    ]),
    "sitemap": PageSet("sitemap", "Sitemap", candidates=["/sitemap.xml"]),
    # Not in the default run; add them with --only.
    "author": PageSet("author", "Author page", sample="authors"),
    "tag": PageSet("tag", "Tag page", sample="tags"),
}

#: What ``make bench`` measures by default (the static file is always measured, first and last).
DEFAULT = ["article", "home", "topic", "search", "feed", "sitemap"]

#: The upper bound: a file of the article page's size served by whitenoise from the same gunicorn.
STATIC_LABEL = "Static file (whitenoise)"


def parse_overrides(items):
    """Turn ['feed=/feeds/rss/,/feeds/atom/'] into {'feed': ['/feeds/rss/', '/feeds/atom/']}."""
    overrides = {}
    for item in items or ():
        name, sep, paths = item.partition("=")
        if not sep or name not in PAGES or not paths.startswith("/"):
            raise ValueError(f"--path wants NAME=/path (NAME one of {', '.join(PAGES)}); got {item!r}")
        overrides[name] = [p for p in paths.split(",") if p]
    return overrides
