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
"""

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


def story_links(article):
    """Return {"related": [...], "more": [...]} for the article page (cached)."""
    key = f"story-links:{article.pk}:{version_key('articles')}"
    links = cache.get(key)
    if links is None:
        links = find_story_links(article)
        cache.set(key, links, CACHE_SECONDS)
    return links


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
        rows = cursor.fetchall()
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


@lru_cache(maxsize=256)
def _statement(db, live, topics, tags, more):
    """Return the statement for ``topics`` topics, ``tags`` tags and, if ``more``, a primary topic.

    ``live`` is the SQL of ``published_q()``. Each list is a part of
    a UNION ALL, its rows marked RELATED or MORE; "more" asks for RELATED_COUNT
    extra stories, in case the related ones are among them.
    """
    qn = connections[db].ops.quote_name
    filed, tagged = Article.topics.through._meta, TaggedItem._meta

    def column(opts, name):
        return qn(opts.get_field(name).column)

    article = qn(Article._meta.db_table)
    pk = f"{article}.{qn(Article._meta.pk.column)}"
    published = f"{article}.{column(Article._meta, 'published_at')}"
    columns = ", ".join(f"{article}.{qn(field.column)} AS {qn(name)}" for name, field in _fields())
    # The link tables: topics' (story, topic), and taggit's (content type, story, tag).
    filed_table, filed_story, filed_topic = (
        qn(filed.db_table),
        column(filed, "article"),
        column(filed, "topic"),
    )
    tagged_table, tagged_type, tagged_story, tagged_tag = (
        qn(tagged.db_table),
        column(tagged, "content_type"),
        column(tagged, "object_id"),
        column(tagged, "tag"),
    )

    def some(n):
        return ", ".join(["%s"] * n)

    parts = []
    if topics or tags:
        # How many of the article's topics and tags a story shares, counted exactly.
        shared = []
        if topics:
            shared.append(
                f"(SELECT COUNT(*) FROM {filed_table} s WHERE s.{filed_story} = {pk}"
                f" AND s.{filed_topic} IN ({some(topics)}))"
            )
        if tags:
            shared.append(
                f"(SELECT COUNT(*) FROM {tagged_table} s WHERE s.{tagged_type} = %s"
                f" AND s.{tagged_story} = {pk} AND s.{tagged_tag} IN ({some(tags)}))"
            )
        # The newest stories of each link, some perhaps not live. (SQLite cannot
        # limit the parts of a UNION, but it can limit a subquery in each.)
        newest = [
            f"SELECT {filed_story} AS id FROM {filed_table} WHERE {filed_topic} = %s"
            f" ORDER BY {filed_story} DESC LIMIT {CANDIDATES_PER_LINK}"
        ] * topics + [
            f"SELECT {tagged_story} AS id FROM {tagged_table}"
            f" WHERE {tagged_type} = %s AND {tagged_tag} = %s"
            f" ORDER BY {tagged_story} DESC LIMIT {CANDIDATES_PER_LINK}"
        ] * tags
        candidates = " UNION ALL ".join(
            f"SELECT id FROM ({sql}) AS p{i}" for i, sql in enumerate(newest)
        )
        parts.append(
            f"SELECT {RELATED} AS kind, {columns}, {' + '.join(shared)} AS shared"
            f" FROM {article} WHERE {live} AND {pk} <> %s AND {pk} IN ({candidates})"
            f" ORDER BY shared DESC, {published} DESC, {pk} DESC LIMIT {RELATED_COUNT}"
        )
    if more:
        parts.append(
            f"SELECT {MORE} AS kind, {columns}, 0 AS shared FROM {article}"
            f" WHERE {live} AND {article}.{column(Article._meta, 'primary_topic')} = %s"
            f" AND {pk} <> %s"
            f" ORDER BY {published} DESC, {pk} DESC LIMIT {MORE_COUNT + RELATED_COUNT}"
        )
    return (
        " UNION ALL ".join(f"SELECT * FROM ({sql}) AS l{i}" for i, sql in enumerate(parts))
        + f" ORDER BY kind, shared DESC, {qn('published_at')} DESC, {qn('pk')} DESC"
    )


def _link(values):
    row = dict(zip(FIELDS, values, strict=True))
    when = pagescope.localtime(row["published_at"])
    url = address(
        "articles:detail", year=when.year, month=when.month, day=when.day, slug=row["slug"]
    )
    return {**row, "url": url}
