"""
Which articles readers may see, stated once.

``published_q()`` is the rule; ``Article.objects.published()`` applies it.
Every public view, feed, sitemap, search and template tag goes through it,
so scheduling is just a future ``published_at``: no job has to run.
"""

from django.core.exceptions import FieldError
from django.db import connections, models
from django.db.models import Q
from django.db.models.sql import Query
from django.utils import timezone


def published_q(now=None, prefix=""):
    """Return the Q matching articles that are live at ``now``."""
    from .models import Status

    return Q(**{
        f"{prefix}status": Status.PUBLISHED,
        f"{prefix}published_at__lte": now or timezone.now(),
    })


def published_sql(db):
    """Return the SQL and parameters of ``published_q()``, on the articles table by its name.

    For the statements written without the ORM (articles/related.py,
    articles/page_fetch.py): the rule is compiled on each call, as its
    parameters hold the time.
    """
    from .models import Article

    query = Query(Article)
    try:
        where = query.build_where(published_q())
    except FieldError as e:  # joins are refused: those statements read the articles table alone
        raise FieldError(
            "published_q() now reads other tables: join them in the statements of"
            " articles/related.py and articles/page_fetch.py."
        ) from e
    return where.as_sql(query.get_compiler(using=db), connections[db])


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Return the articles readers may see, newest first."""
        return self.filter(published_q(now)).order_by("-published_at", "-pk")

    def not_published(self, now=None):
        """Return everything readers may not see: drafts, reviews, scheduled, withdrawn."""
        return self.exclude(published_q(now))

    def scheduled(self, now=None):
        """Return published articles whose time has not come yet, soonest first."""
        from .models import Status

        return self.filter(
            status=Status.PUBLISHED, published_at__gt=now or timezone.now()
        ).order_by("published_at")

    def for_listing(self, parts=("bylines",)):
        """Fetch what a list of story cards shows, in two queries.

        The stories with their primary topic and lead photo (whose renditions
        come with it, in its rendition index), then all their bylines with
        their authors in one statement (articles/page_fetch.py): the ORM's
        prefetch took three times as long. Feeds ask for the topics and tags
        too (``parts``), in the same statement.
        """
        from .page_fetch import DEFERRED, parts_iterable

        listing = self.select_related("primary_topic", "lead_photo").defer(*DEFERRED)
        listing._iterable_class = parts_iterable(tuple(parts))
        return listing

    def for_page(self):
        """Fetch what the article page shows, in two queries.

        The stories with their source, lead photo and primary topic's chain,
        then their bylines (with authors), topics, tags and corrections all in
        one statement (articles/page_fetch.py, where the page's own fetch is).
        """
        from .page_fetch import DEFERRED, RELATED, PageIterable

        page = self.select_related(*RELATED).defer(*DEFERRED)
        page._iterable_class = PageIterable
        return page
