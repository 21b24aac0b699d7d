"""
Which articles readers may see, stated once.

``published_q()`` is the rule; ``Article.objects.published()`` applies it.
Every public view, feed, sitemap, search and template tag goes through it,
so scheduling is just a future ``published_at``: no job has to run.
"""

import re
from datetime import UTC, datetime
from functools import lru_cache

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


def published_sql(db, now=None):
    """Return the SQL and parameters of ``published_q(now)``, on the articles table by its name.

    For the statements written without the ORM (articles/related.py,
    articles/page_fetch.py). The rule is compiled once per process and
    database (a tenth of a millisecond a page otherwise); each call puts the
    time into its parameters, prepared for the database as the ORM would.
    On PostgreSQL the rule's constants (the status) are written into the SQL
    (``inline_constants()``), so only the time is a parameter.
    """
    from .models import Article

    sql, params, at = _published_template(db)
    field = Article._meta.get_field("published_at")
    params = list(params)
    params[at] = field.get_db_prep_value(now or timezone.now(), connections[db])
    return sql, params


@lru_cache(maxsize=4)
def _published_template(db):
    """Return (sql, params, index of the time among the params) of ``published_q()`` on ``db``."""
    from .models import Article

    marker = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
    sql, params = where_sql(db, published_q(marker))
    prepared = Article._meta.get_field("published_at").get_db_prep_value(marker, connections[db])
    at = [n for n, value in enumerate(params) if value == prepared]
    if len(at) != 1:
        raise FieldError("published_q() must compare published_at with the time exactly once.")
    sql, params = inline_constants(connections[db], sql, params, keep=at)
    return sql, tuple(params), params.index(prepared)


def where_sql(db, q):
    """Return the SQL and parameters of ``q`` on the articles table by its name, as the ORM would.

    For the statements written without the ORM, which read that table alone.
    """
    from .models import Article

    query = Query(Article)
    try:
        where = query.build_where(q)
    except FieldError as e:  # joins are refused
        raise FieldError(
            f"{q} reads other tables: join them in the statements of"
            " articles/related.py and articles/page_fetch.py."
        ) from e
    return where.as_sql(query.get_compiler(using=db), connections[db])


def inline_constants(connection, sql, params, keep=()):
    """Return ``sql`` with its parameters written in as literals, but those at ``keep``.

    For statements prepared on PostgreSQL. A prepared statement is planned
    for its values the first few runs, then once for any values if that plan
    is as good. A condition on a parameter cannot prove that a partial index
    applies ("published", "the lead story"), so for those statements such a
    plan never is, and PostgreSQL plans them anew on every run. The constants
    of a rule are written in, as the ORM writes them on other backends'
    statements: adapted by psycopg, never pasted. Elsewhere nothing changes.
    """
    if connection.vendor != "postgresql":
        return sql, list(params)
    pieces = re.split(r"(?<!%)%s", sql)
    if len(pieces) != len(params) + 1:
        raise ValueError("The statement's placeholders do not match its parameters.")
    written, kept = [pieces[0]], []
    for n, (value, piece) in enumerate(zip(params, pieces[1:], strict=True)):
        if n in keep:
            written.append("%s")
            kept.append(value)
        else:
            written.append(connection.ops.compose_sql("%s", [value]).replace("%", "%%"))
        written.append(piece)
    return "".join(written), kept


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
