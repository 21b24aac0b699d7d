"""Refresh every article's search vector and the search lexicon, e.g. after a bulk import."""

from django.core.management.base import BaseCommand

from articles import lexicon
from articles.models import Article
from articles.search import index_articles

BATCH = 5000


class Command(BaseCommand):
    help = "Refresh every article's full-text search vector and the search lexicon (PostgreSQL only)."

    def handle(self, *args, **options):
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(pks), BATCH):
            done += index_articles(Article.objects.filter(pk__in=pks[start : start + BATCH]))
        if not done:
            self.stdout.write("Nothing to index on this database.")
            return
        words = lexicon.rebuild()
        self.stdout.write(f"Indexed {done} articles. The search lexicon holds {words} words.")
