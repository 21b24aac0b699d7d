"""
Describe a dataset for bench.run: counts, sampled URLs, the article page's size.

    DATABASE_URL=... python -m bench.sample --out sample.json --static-file page.html

Runs in its own process (with the dataset's settings): picks a couple of
thousand published articles at random so the load spreads over the table,
lists topic, author and tag pages, makes the search queries, and renders a
few article pages with Django's test client to find the median page; that
page's HTML becomes the static file of the same size.
"""

import argparse
import json
import random
import statistics
import sys

from .generate import setup_django
from .pages import SEARCH_PATH

ARTICLES = 2000
RENDERED = 25


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.sample")
    parser.add_argument("--out", required=True)
    parser.add_argument("--static-file", required=True, help="write the median article page here")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=ARTICLES, help="article URLs to sample")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse
    from django.utils.encoding import iri_to_uri
    from taggit.models import Tag

    from articles.models import Article
    from authors.models import Author
    from topics.models import Topic

    from .dataset import counts
    from .text import TextMaker

    rnd = random.Random(args.seed)
    ids = list(Article.objects.published().order_by("?").values_list("pk", flat=True)[:args.articles])
    articles = [iri_to_uri(a.get_absolute_url())
                for a in Article.objects.filter(pk__in=ids).only("slug", "published_at")]
    rnd.shuffle(articles)
    tags = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).filter(n__gt=0).order_by("-n")[:300]
    live_authors = Author.objects.filter(Q(articles__status="published")).distinct()
    result = {
        "counts": counts(),
        "database_bytes": database_size(connection),
        "articles": articles,
        "topics": [iri_to_uri(t.get_absolute_url()) for t in Topic.objects.all()],
        "authors": [iri_to_uri(a.get_absolute_url()) for a in live_authors],
        "tags": [iri_to_uri(reverse("articles:tag", kwargs={"slug": t.slug})) for t in tags],
        "searches": [SEARCH_PATH.format(q=q) for q in TextMaker(rnd).search_queries()],
    }
    client = Client(SERVER_NAME="127.0.0.1")
    pages = []
    for path in articles[:RENDERED]:
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"bench.sample: {path} answered {response.status_code}; "
                     "the dataset or the app is broken.")
        pages.append(response.content)
    pages.sort(key=len)
    median = pages[len(pages) // 2] if pages else b"<!doctype html><title>empty</title>"
    with open(args.static_file, "wb") as f:
        f.write(median)
    mean = round(statistics.mean(map(len, pages))) if pages else 0
    result["article_bytes"] = {"median": len(median), "mean": mean}
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


def database_size(connection):
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    sys.exit(main())
