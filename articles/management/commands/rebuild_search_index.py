"""Refresh every article's search vector, e.g. after a bulk import that bypassed save()."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import index_articles

BATCH = 5000


class Command(BaseCommand):
    help = "Refresh the full-text search vector of every article (PostgreSQL only)."

    def handle(self, *args, **options):
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(pks), BATCH):
            done += index_articles(Article.objects.filter(pk__in=pks[start : start + BATCH]))
        self.stdout.write(
            f"Indexed {done} articles." if done else "Nothing to index on this database."
        )
