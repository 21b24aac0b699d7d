"""
"Related stories" and "More in this topic" for the article page, in one statement.

Related stories share most topics and tags with the article. Candidates are the
newest twenty stories of each of its topics and tags (bounded backward scans
of the link tables' (link, story) indexes, migrations 0006 and 0007, from the
index alone: a rare tag costs as little as a common one); the live ones are
scored by how many topics and tags they share, counted exactly. Each candidate
costs PostgreSQL a few microseconds: thirty a link took a third more of its
time than twenty, and the difference lies only in stories older than the
twenty newest of every link (twelve would change the list of half the stories).
More in this topic is the newest live stories of the article's primary topic,
less the related ones.

Both lists come from one SQL statement written here rather than from the ORM:
compiling a union of a dozen sliced querysets cost ten times what PostgreSQL
takes to run it. Which stories are live is still decided by ``published_q()``
alone: the ORM compiles it on each call (its parameters hold the time) and its
SQL is set into the statement, whose text is built once per process for each
shape (how many topics and tags). The lists are cached for a few minutes under
the content version, so a withdrawn story leaves them at the next save.

On PostgreSQL the article page reads them with a second form of the statement,
which finds the story by its slug and joins the newest stories of each of its
links LATERAL: it goes out in the story's own round trip (``PageLinks``), one
round trip a page where there were two. Its PostgreSQL time is the same; the
tests hold the two forms to the same lists.
"""

import hashlib
from functools import lru_cache

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connections
from taggit.models import TaggedItem

from newsroom import pagescope
from newsroom.cache import version_key
from newsroom.reversing import address

from .models import Article
from .querysets import published_sql
from .rows import converted

RELATED_COUNT = 4
MORE_COUNT = 5
CANDIDATES_PER_LINK = 20
MAX_LINKS = 12  # topics + tags looked at: an over-tagged story still costs the same
CACHE_SECONDS = 300
FIELDS = ["pk", "headline", "slug", "published_at", "kicker"]
RELATED, MORE = 0, 1  # which list a row of the statement belongs to


class PageLinks:
    """The article page's links: from the cache, read with the story, or read once it is in hand.

    On PostgreSQL the links' statement finds the story by its slug, as the
    story's own statements do, and goes out with them in one round trip
    (``published_article(slug, read=links.reading(read))``). Elsewhere (SQLite,
    which cannot join LATERAL) ``find_story_links()`` reads them once the story
    is in hand. The lists are cached for a few minutes under the slug and the
    content version: a cached page sends no links' statement at all.
    """

    def __init__(self, slug):
        self.slug, self.rows = slug, None
        # The slug is the reader's, of any length and any characters: keyed by its digest.
        digest = hashlib.blake2b(slug.encode(), digest_size=16).hexdigest()
        self.key = f"story-links:{digest}:{version_key('articles')}"
        self.found = cache.get(self.key)

    def reading(self, read):
        """Return ``read``, the links' statement sent along where it can be."""

        def read_links_too(db, statements):
            if self.found is not None or connections[db].vendor != "postgresql":
                return read(db, statements)
            live, live_params = published_sql(db)
            sql, params = _by_slug_statement(db, live), _by_slug_params(db, self.slug, live_params)
            *rows, self.rows = read(db, [*statements, (sql, params)])
            return rows

        return read_links_too

    def of(self, article):
        """Return {"related": [...], "more": [...]} for ``article``, the story of this slug."""
        if self.found is None:
            if self.rows is None:
                self.found = find_story_links(article)
            else:
                self.found = _links(connections[Article.objects.db], self.rows)
            cache.set(self.key, self.found, CACHE_SECONDS)
        return self.found


def story_links(article):
    """Return {"related": [...], "more": [...]} for the article page (cached)."""
    return PageLinks(article.slug).of(article)


def find_story_links(article):
    """Return the related stories and more in the primary topic, in one query (uncached).

    ``article.topics`` and ``article.tags`` are best prefetched (``for_page()`` does).
    """
    topic_ids = [t.pk for t in article.topics.all()][:MAX_LINKS]
    tag_ids = [t.pk for t in article.tags.all()][: MAX_LINKS - len(topic_ids)]
    primary = article.primary_topic_id
    if not (topic_ids or tag_ids or primary):
        return {"related": [], "more": []}
    db = Article.objects.db
    live, live_params = published_sql(db)
    article_type = ContentType.objects.get_for_model(Article).pk
    params = []  # in the order of the statement's placeholders
    if topic_ids or tag_ids:
        params += [*topic_ids, *([article_type, *tag_ids] if tag_ids else [])]  # shared
        params += [*live_params, article.pk]
        params += [*topic_ids, *[p for pk in tag_ids for p in (article_type, pk)]]  # candidates
    if primary:
        params += [*live_params, primary, article.pk]
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(_statement(db, live, len(topic_ids), len(tag_ids), bool(primary)), params)
        return _links(connection, cursor.fetchall())


def _links(connection, rows):
    """Return the lists of the rows of either statement: (kind, *FIELDS, shared) each."""
    found = {RELATED: [], MORE: []}
    for kind, *values, _shared in rows:
        found[kind].append(values)
    shown = {values[0] for values in found[RELATED]}  # FIELDS[0] is the pk
    found[MORE] = [values for values in found[MORE] if values[0] not in shown][:MORE_COUNT]
    fields = [field for _name, field in _fields()]
    with pagescope.held():  # the addresses of the links shown, and only those
        return {
            name: [_link(converted(connection, "links", values, fields)) for values in found[kind]]
            for name, kind in (("related", RELATED), ("more", MORE))
        }


def _fields():
    """Return (name, model field) for FIELDS."""
    opts = Article._meta
    return [(name, opts.pk if name == "pk" else opts.get_field(name)) for name in FIELDS]


class _Names:
    """The quoted names the statements are written with, on ``db``."""

    def __init__(self, db):
        qn = self.qn = connections[db].ops.quote_name
        opts, filed, tagged = Article._meta, Article.topics.through._meta, TaggedItem._meta
        self.article = qn(opts.db_table)
        self.pk = f"{self.article}.{qn(opts.pk.column)}"
        self.published = f"{self.article}.{qn(opts.get_field('published_at').column)}"
        self.primary = f"{self.article}.{qn(opts.get_field('primary_topic').column)}"
        self.slug = qn(opts.get_field("slug").column)
        self.columns = ", ".join(
            f"{self.article}.{qn(field.column)} AS {qn(name)}" for name, field in _fields()
        )
        # The link tables: topics' (story, topic), and taggit's (content type, story, tag).
        self.filed = qn(filed.db_table)
        self.filed_story = qn(filed.get_field("article").column)
        self.filed_topic = qn(filed.get_field("topic").column)
        self.tagged = qn(tagged.db_table)
        self.tagged_type = qn(tagged.get_field("content_type").column)
        self.tagged_story = qn(tagged.get_field("object_id").column)
        self.tagged_tag = qn(tagged.get_field("tag").column)

    def newest(self, tagged, link):
        """Return the newest stories of a topic (or, if ``tagged``, a tag) ``link``."""
        if tagged:
            return (
                f"SELECT {self.tagged_story} AS id FROM {self.tagged}"
                f" WHERE {self.tagged_type} = %s AND {self.tagged_tag} = {link}"
                f" ORDER BY {self.tagged_story} DESC LIMIT {CANDIDATES_PER_LINK}"
            )
        return (
            f"SELECT {self.filed_story} AS id FROM {self.filed} WHERE {self.filed_topic} = {link}"
            f" ORDER BY {self.filed_story} DESC LIMIT {CANDIDATES_PER_LINK}"
        )


def _lists(n, live, story, *, topics=None, tags=None, candidates=None, primary=None):
    """Return the lists' UNION ALL: related if there are ``candidates``, more if a ``primary``.

    The arguments are SQL: ``story`` the story's key, ``topics`` and ``tags``
    the keys of its links (``IN (...)``), ``candidates`` the keys of the
    newest stories of each link, some perhaps not live, and ``primary`` its
    primary topic's key. ``live`` is the SQL of ``published_q()``. Each list
    is a part, its rows marked RELATED or MORE; "more" asks for RELATED_COUNT
    extra stories, in case the related ones are among them.
    """
    parts = []
    if candidates:
        # How many of the story's topics and tags a candidate shares, counted exactly.
        shared = []
        if topics:
            shared.append(
                f"(SELECT COUNT(*) FROM {n.filed} s WHERE s.{n.filed_story} = {n.pk}"
                f" AND s.{n.filed_topic} IN ({topics}))"
            )
        if tags:
            shared.append(
                f"(SELECT COUNT(*) FROM {n.tagged} s WHERE s.{n.tagged_type} = %s"
                f" AND s.{n.tagged_story} = {n.pk} AND s.{n.tagged_tag} IN ({tags}))"
            )
        parts.append(
            f"SELECT {RELATED} AS kind, {n.columns}, {' + '.join(shared)} AS shared"
            f" FROM {n.article} WHERE {live} AND {n.pk} <> {story} AND {n.pk} IN ({candidates})"
            f" ORDER BY shared DESC, {n.published} DESC, {n.pk} DESC LIMIT {RELATED_COUNT}"
        )
    if primary:
        parts.append(
            f"SELECT {MORE} AS kind, {n.columns}, 0 AS shared FROM {n.article}"
            f" WHERE {live} AND {n.primary} = {primary} AND {n.pk} <> {story}"
            f" ORDER BY {n.published} DESC, {n.pk} DESC LIMIT {MORE_COUNT + RELATED_COUNT}"
        )
    return (
        " UNION ALL ".join(f"SELECT * FROM ({sql}) AS l{i}" for i, sql in enumerate(parts))
        + f" ORDER BY kind, shared DESC, {n.qn('published_at')} DESC, {n.qn('pk')} DESC"
    )


@lru_cache(maxsize=256)
def _statement(db, live, topics, tags, more):
    """Return the statement for ``topics`` topics, ``tags`` tags and, if ``more``, a primary topic.

    Parameters: the topics' and the tags' keys (the content type first), the
    time, the story's key, each link (a tag's content type first), then the
    time, the primary topic and the story's key. (SQLite cannot limit the
    parts of a UNION, but it can limit a subquery in each.)
    """
    n = _Names(db)
    newest = [n.newest(False, "%s")] * topics + [n.newest(True, "%s")] * tags
    candidates = " UNION ALL ".join(
        f"SELECT id FROM ({sql}) AS p{i}" for i, sql in enumerate(newest)
    )
    return _lists(
        n,
        live,
        "%s",
        topics=", ".join(["%s"] * topics),
        tags=", ".join(["%s"] * tags),
        candidates=candidates,
        primary="%s" if more else None,
    )


@lru_cache(maxsize=4)
def _by_slug_statement(db, live):
    """Return the statement of both lists for the story whose slug is its parameter (PostgreSQL).

    The story's links are read first, in the order of ``find_story_links()``:
    topics as ``Topic`` orders them, then tags by key, MAX_LINKS in all. The
    newest stories of each are joined LATERAL, one bounded index scan a link.
    Parameters (``_by_slug_params()``): the slug, the content type twice, the
    time, the content type, the time.
    """
    n = _Names(db)
    qn = n.qn
    topic = Article.topics.through._meta.get_field("topic").related_model._meta
    order = ", ".join(
        f"t.{qn(topic.get_field(name.lstrip('-')).column)}{' DESC' * name.startswith('-')}"
        for name in topic.ordering
    )
    story, topics, tags = qn("story"), qn("story_topics"), qn("story_tags")
    table_pk = qn(Article._meta.pk.column)
    primary_column = qn(Article._meta.get_field("primary_topic").column)
    with_ = (
        f"WITH {story} AS (SELECT {n.pk}, {n.primary} FROM {n.article} WHERE {n.slug} = %s),"
        f" {topics} AS MATERIALIZED (SELECT f.{n.filed_topic} AS id FROM {n.filed} f"
        f" INNER JOIN {qn(topic.db_table)} t ON t.{qn(topic.pk.column)} = f.{n.filed_topic}"
        f" WHERE f.{n.filed_story} = (SELECT {table_pk} FROM {story})"
        f" ORDER BY {order} LIMIT {MAX_LINKS}),"
        f" {tags} AS MATERIALIZED (SELECT g.{n.tagged_tag} AS id FROM {n.tagged} g"
        f" WHERE g.{n.tagged_type} = %s AND g.{n.tagged_story} = (SELECT {table_pk} FROM {story})"
        f" ORDER BY g.{n.tagged_tag} LIMIT {MAX_LINKS} - (SELECT COUNT(*) FROM {topics}))"
    )
    candidates = (
        f"SELECT c.id FROM {topics}, LATERAL ({n.newest(False, f'{topics}.id')}) c"
        f" UNION ALL SELECT c.id FROM {tags}, LATERAL ({n.newest(True, f'{tags}.id')}) c"
    )
    return f"{with_} " + _lists(
        n,
        live,
        f"(SELECT {table_pk} FROM {story})",
        topics=f"SELECT id FROM {topics}",
        tags=f"SELECT id FROM {tags}",
        candidates=candidates,
        primary=f"(SELECT {primary_column} FROM {story})",
    )


def _by_slug_params(db, slug, live_params):
    article_type = ContentType.objects.db_manager(db).get_for_model(Article).pk
    return [slug, article_type, article_type, *live_params, article_type, *live_params]


def _link(values):
    row = dict(zip(FIELDS, values, strict=True))
    when = pagescope.localtime(row["published_at"])
    url = address(
        "articles:detail", year=when.year, month=when.month, day=when.day, slug=row["slug"]
    )
    return {**row, "url": url}
