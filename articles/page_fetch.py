"""
The article page's story and everything printed with it, in two statements.

The page used to cost five queries: the story (with its source, lead photo and
primary topic's chain) and four prefetches, bylines with their authors,
topics, tags and corrections. Each cost about as much in the ORM's compiling
as PostgreSQL took to plan and answer it. Now:

- ``published_article(slug)`` reads the live story in one statement, sent with
  its parts' (one round trip);
- ``load_parts(articles)`` reads the bylines (with their authors), topics, tags
  and corrections of any number of stories in one UNION ALL and leaves them
  where ``prefetch_related()`` would, so ``article.bylines.all()`` and the rest
  read them without a query. ``Article.objects.for_page()`` uses it too.

Both statements are written here from the models' ``_meta`` once per process,
as ``articles/related.py`` writes its own: the ORM took longer to compile the
story's select_related() than PostgreSQL took to answer it. Which stories are live is still
decided by ``published_q()`` alone, compiled on each call (its parameters hold
the time). Rows become instances with ``Model.from_db()`` after the ORM's own
converters (on SQLite, text to aware datetimes): the objects the ORM gives.
"""

from functools import lru_cache, partial

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.query import ModelIterable, QuerySet

from newsroom.dbread import read_together

from .models import Article, Byline, Correction
from .querysets import inline_constants, published_sql, where_sql
from .rows import converted

#: What the page shows of the story's foreign keys (``select_related()`` paths).
RELATED = ("source", "lead_photo", "primary_topic__parent__parent")
#: The search vector (a few KB a story) is for the database, never for a page.
DEFERRED = ("search_vector",)
#: What a story card (home page) shows of the story's foreign keys, and what it never shows.
CARD_RELATED = ("primary_topic", "lead_photo")
CARD_DEFERRED = ("search_vector", "body")


def published_article(slug, read=read_together):
    """Return the live story with this slug as ``for_page()`` reads it, or None.

    The story and its parts are two statements sent together (one round trip
    on PostgreSQL, ``newsroom.dbread``): the parts' statement finds the story
    by its slug too, and its rows are dropped if the story is not live.
    ``read`` sends them: ``read_together()`` or one that sends more along.
    """
    db = Article.objects.db
    live, live_params = published_sql(db)
    parts = _parts(PARTS)
    story_rows, part_rows = read(
        db,
        [
            (_story_statement(db, live), [*live_params, slug]),
            (_parts_statement(db, 1, PARTS, by_slug=True), _parts_params(db, parts, [slug])),
        ],
    )
    if not story_rows:
        return None
    story = _objects(db, RELATED, DEFERRED, story_rows[0])
    _attach_parts([story], db, parts, part_rows)
    return story


def home_stories(latest, read=read_together):
    """Return the home page's lead story and its ``latest`` others, in two statements.

    The lead is the newest live story marked as the lead, else the newest. One
    statement finds the keys (the featured lead from its partial index, the
    newest from the live index) and reads those stories with what their cards
    show; the second reads their bylines (``load_parts()``). ``read`` sends
    the first, as ``published_article()``'s does.
    """
    db = Article.objects.db
    live, live_params = published_sql(db)
    sql, featured = _home_statement(db, live, latest + 1)
    (rows,) = read(db, [(sql, [*live_params, *live_params, *featured])])
    stories, lead = [], None
    for *row, is_lead in rows:
        stories.append(_objects(db, CARD_RELATED, CARD_DEFERRED, row))
        if is_lead:
            lead = stories[-1]
    load_parts(stories, db, ("bylines",))
    lead = lead or (stories[0] if stories else None)
    return lead, [story for story in stories if story is not lead][:latest]


def _objects(db, related, deferred, row):
    """Return the story of a row read by ``_select(related, deferred)``, its joins set on it."""
    connection = connections[db]
    fields = _story_fields(related, deferred)
    row = converted(connection, ("story", related, deferred), list(row), fields)
    made = []  # the story, then the row of each join
    for (field, parent), (model, names, start, end) in zip(
        _story_joins(related), _story_layout(related, deferred), strict=True
    ):
        values = row[start:end]
        if field is None:
            made.append(model.from_db(db, names, values))
        elif made[parent] is None:  # beyond a NULL foreign key (a topic without parent)
            made.append(None)
        else:
            pk = values[names.index(model._meta.pk.attname)]
            made.append(None if pk is None else model.from_db(db, names, values))
            field.set_cached_value(made[parent], made[-1])  # as select_related() does
    return made[0]


#: The collections ``load_parts()`` can read: the article page's.
PARTS = ("bylines", "topics", "tags", "corrections")


def load_parts(articles, db=None, names=PARTS):
    """Read the bylines, topics, tags and corrections (or those ``names``d) in one statement."""
    if not articles:
        return
    db = db or Article.objects.db
    parts = _parts(names)
    ids = list(dict.fromkeys(article.pk for article in articles))
    with connections[db].cursor() as cursor:
        cursor.execute(_parts_statement(db, len(ids), names), _parts_params(db, parts, ids))
        rows = cursor.fetchall()
    _attach_parts(articles, db, parts, rows)


def _parts_params(db, parts, keys):
    """Return the parts' statement's parameters: a part's content type if tagged, then ``keys``."""
    if any(part.tagged for part in parts):
        content_type = ContentType.objects.db_manager(db).get_for_model(Article).pk
    return [p for part in parts for p in ([content_type] if part.tagged else []) + keys]


def _attach_parts(articles, db, parts, rows):
    """Leave the ``parts`` read in ``rows`` on ``articles``, where ``prefetch_related()`` would."""
    connection = connections[db]
    ids = list(dict.fromkeys(article.pk for article in articles))
    found = {(part.name, pk): [] for part in parts for pk in ids}
    for kind, owner, *values in rows:
        part = parts[kind]
        mine = values[part.start : part.start + len(part.fields)]
        mine = converted(connection, part.name, mine, part.fields)
        item, *joined = (
            model.from_db(db, names, mine[start:end]) for model, names, start, end in part.layout
        )
        for field, obj in zip(part.joins, joined, strict=True):
            field.set_cached_value(item, obj)  # byline.author, as select_related() does
        found[part.name, owner].append(item)
    for article in articles:
        cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
        for part in parts:
            items = found[part.name, article.pk]
            if part.item is None and part.owner.is_relation:
                for item in items:  # byline.article, correction.article: the ORM sets them too
                    part.owner.set_cached_value(item, article)
            cache.pop(part.name, None)
            # What prefetch_related() leaves: the relation's own queryset, its results
            # in, its query built only if something filters it further.
            cache[part.name] = LoadedRelation(
                part.models[0],
                using=db,
                items=items,
                relation=partial(_relation, article, part, items),
            )


class LoadedRelation(QuerySet):
    """A relation's rows as ``load_parts()`` read them: the relation's own queryset, made lazily.

    Iterating, counting and testing it use the rows. Anything that needs its
    query (filtering it further, updating through it) first builds the
    relation's own queryset with ``relation()`` and takes its query: the
    database is asked about this story's rows alone. Building the four
    querysets up front cost a tenth of an article page's Python time, and a
    page never filters them.
    """

    def __init__(self, model=None, query=None, using=None, hints=None, *, items=(), relation=None):
        super().__init__(model, query, using, hints)
        self._relation = relation  # None once its query is built, and in a clone
        if relation is not None:
            self._result_cache, self._prefetch_done = items, True

    @property
    def query(self):
        if self._relation is not None:
            own = self._relation()
            self._relation = None
            self._db, self._hints = own._db, own._hints
            self._known_related_objects = own._known_related_objects
            self._query = own.query
        return super().query

    @query.setter
    def query(self, value):
        QuerySet.query.fset(self, value)


def _relation(article, part, items):
    """Return the queryset ``prefetch_related()`` would have left for ``part`` of ``article``."""
    if part.tagged:
        # taggit's costs a fifth of a millisecond to build; the same tags by their
        # keys answer any further filtering alike.
        return part.models[0]._default_manager.filter(pk__in=[item.pk for item in items])
    loaded = article._prefetched_objects_cache.pop(part.name)
    try:
        return getattr(article, part.name).get_queryset()
    finally:
        article._prefetched_objects_cache[part.name] = loaded


class PageIterable(ModelIterable):
    """Yield the stories a queryset reads once ``load_parts()`` has read their parts."""

    parts = PARTS

    def __iter__(self):
        articles = list(super().__iter__())
        load_parts(articles, self.queryset.db, self.parts)
        yield from articles


@lru_cache(maxsize=8)
def parts_iterable(names):
    """Return the iterable class reading the ``names``d parts (``for_listing(parts=...)``)."""
    return type("PartsIterable", (PageIterable,), {"parts": names})


# The story's statement -------------------------------------------------------


@lru_cache(maxsize=4)
def _story_joins(related):
    """Return (foreign key, index of the row it is on) for each join; (None, None) for the story."""
    joins, seen = [(None, None)], {(): 0}
    for path in related:
        model, here = Article, ()
        for name in path.split(LOOKUP_SEP):
            field = model._meta.get_field(name)
            parent, here = seen[here], (*here, name)
            if here not in seen:
                seen[here] = len(joins)
                joins.append((field, parent))
            model = field.related_model
    return joins


@lru_cache(maxsize=4)
def _story_layout(related, deferred):
    """Return (model, attnames, start, end) of the columns of each row of ``_story_joins()``."""
    layout, start = [], 0
    for field, _parent in _story_joins(related):
        model = Article if field is None else field.related_model
        names = [f.attname for f in _columns(model, deferred)]
        layout.append((model, names, start, start + len(names)))
        start += len(names)
    return layout


@lru_cache(maxsize=4)
def _story_fields(related, deferred):
    return [f for model, *_ in _story_layout(related, deferred) for f in _columns(model, deferred)]


def _select(db, related, deferred):
    """Return the columns and the FROM clause reading the story and its ``related`` rows."""
    qn = connections[db].ops.quote_name
    table = qn(Article._meta.db_table)  # by its name, as ``live`` reads it
    aliases, joins = [table], []
    for n, (field, parent) in enumerate(_story_joins(related)[1:], start=1):
        aliases.append(qn(f"r{n}"))
        joins.append(_join(qn, field, aliases[n], aliases[parent], "LEFT OUTER"))
    columns = ", ".join(
        f"{alias}.{qn(f.column)}"
        for alias, (model, *_) in zip(aliases, _story_layout(related, deferred), strict=True)
        for f in _columns(model, deferred)
    )
    return columns, f"{table}{''.join(joins)}"


@lru_cache(maxsize=8)
def _story_statement(db, live):
    """Return the story's statement; ``live`` is the SQL of ``published_q()`` on its table."""
    qn = connections[db].ops.quote_name
    slug = qn(Article._meta.get_field("slug").column)
    table = qn(Article._meta.db_table)
    columns, tables = _select(db, RELATED, DEFERRED)
    return f"SELECT {columns} FROM {tables} WHERE {live} AND {table}.{slug} = %s"


@lru_cache(maxsize=8)
def _home_statement(db, live, count):
    """Return the home page's statement: the cards of the lead and the ``count`` newest stories.

    Return it with the parameters of "marked as the lead"; the statement's are
    ``live``'s twice, then those. Each row ends with whether it is the lead.
    ``count`` is written into the statement, not passed: with a LIMIT it cannot
    see, PostgreSQL guesses a tenth of the table and keeps planning the
    prepared statement anew on every run (a millisecond and a half). ``live``
    is written in each key's subquery, where it reads that subquery's own table.
    """
    qn = connections[db].ops.quote_name
    opts = Article._meta
    table, pk = qn(opts.db_table), qn(opts.pk.column)
    featured, featured_params = _featured_sql(db)
    newest = f"{table}.{qn(opts.get_field('published_at').column)} DESC, {table}.{pk} DESC"
    newest_keys, lead_key = qn("newest"), qn("lead")
    columns, tables = _select(db, CARD_RELATED, CARD_DEFERRED)
    sql = (
        f"WITH {newest_keys} AS (SELECT {table}.{pk} FROM {table} WHERE {live}"
        f" ORDER BY {newest} LIMIT {int(count)}),"
        f" {lead_key} AS (SELECT {table}.{pk} FROM {table} WHERE {live} AND {featured}"
        f" ORDER BY {newest} LIMIT 1)"
        f" SELECT {columns}, {table}.{pk} IN (SELECT {pk} FROM {lead_key}) FROM {tables}"
        f" WHERE {table}.{pk} IN"
        f" (SELECT {pk} FROM {newest_keys} UNION SELECT {pk} FROM {lead_key})"
        f" ORDER BY {newest}"
    )
    return sql, tuple(featured_params)


def _featured_sql(db):
    """Return the SQL of "marked as the lead", as the ORM writes it, its constant written in.

    Written in on PostgreSQL (``inline_constants()``): with it a parameter,
    the lead's partial index could not serve the prepared statement's plan.
    """
    return inline_constants(connections[db], *where_sql(db, Q(is_featured=True)))


# The parts' statement --------------------------------------------------------


class _Part:
    """One collection of the parts' statement: where its rows are, their columns and order.

    ``link`` is the model of the rows naming the story (in ``owner``): the
    byline, the topics' link table, taggit's tagged item, the correction.
    ``item`` is None when the link is the collection's row itself, or the link's
    foreign key to it (topic, tag). ``joins`` are foreign keys of the item to
    rows that come along (the byline's author). ``start`` and ``fields`` place
    the part's columns among all the parts'; ``layout`` gives (model, attnames,
    start, end) of each of its models within them.
    """

    def __init__(self, name, link, owner, *, item=None, joins=(), order=None, tagged=False):
        self.name, self.link, self.tagged = name, link, tagged
        self.owner = link._meta.get_field(owner)
        self.item = item and link._meta.get_field(item)
        self.joins = [link._meta.get_field(join) for join in joins]
        self.models = [self.item.related_model if item else link]
        self.models += [field.related_model for field in self.joins]
        self.order = self.models[0]._meta.ordering if order is None else order
        self.fields, self.layout = [], []
        for model in self.models:
            names = [f.attname for f in _columns(model)]
            self.layout.append((model, names, len(self.fields), len(self.fields) + len(names)))
            self.fields += _columns(model)


@lru_cache(maxsize=4)
def _parts(names=PARTS):
    """Return the ``names``d collections in the order of the branches (their ``kind``)."""
    parts = [
        _Part("bylines", Byline, "article", joins=["author"]),
        _Part("topics", Article.topics.through, "article", item="topic"),
        # By tag id: what taggit's prefetch (a DISTINCT without ORDER BY) gave on PostgreSQL.
        _Part("tags", Article.tags.through, "object_id", item="tag", order=["pk"], tagged=True),
        _Part("corrections", Correction, "article"),
    ]
    if unknown := set(names) - {part.name for part in parts}:
        raise ValueError(f"load_parts() reads no {', '.join(sorted(unknown))}.")
    parts = [part for part in parts if part.name in names]
    start = 0
    for part in parts:
        part.start = start
        start += len(part.fields)
    return parts


@lru_cache(maxsize=64)
def _parts_statement(db, count, names=PARTS, by_slug=False):
    """Return the statement of the ``names``d parts for ``count`` stories, or one by its slug.

    Each collection is a branch of a UNION ALL: (kind, story, the columns of
    every collection), NULL in the columns of the others. PostgreSQL settles a
    UNION's column types two branches at a time, so the first branch casts its
    NULLs to their columns' types; the others' stay untyped (casting all of
    them made the statement some 10-15% slower). The collections come in
    turn (kind), each in its own order, sorted by the database as the
    prefetches' were (topic names in its collation).
    """
    connection = connections[db]
    qn = connection.ops.quote_name
    parts = _parts(names)
    ids = ", ".join(["%s"] * count)
    if by_slug:  # the story whose slug is the parameter, live or not
        table = qn(Article._meta.db_table)
        slug = qn(Article._meta.get_field("slug").column)
        ids = f"SELECT {table}.{qn(Article._meta.pk.column)} FROM {table} WHERE {table}.{slug} = %s"
    branches, order = [], ["1"]
    for kind, part in enumerate(parts):
        link = qn(part.link._meta.db_table)
        aliases = [qn("i") if part.item else link] + [qn(f"j{n}") for n in range(len(part.joins))]
        joins = [_join(qn, part.item, aliases[0], link)] if part.item else []
        joins += [
            _join(qn, f, alias, aliases[0])
            for f, alias in zip(part.joins, aliases[1:], strict=True)
        ]
        where = [f"{link}.{qn(part.owner.column)} IN ({ids})"]
        if part.tagged:
            where.insert(0, f"{link}.{qn(part.link._meta.get_field('content_type').column)} = %s")
        columns = [_null(connection, f, kind) for other in parts[:kind] for f in other.fields]
        columns += [
            f"{alias}.{qn(f.column)}"
            for alias, (model, *_) in zip(aliases, part.layout, strict=True)
            for f in _columns(model)
        ]
        columns += [_null(connection, f, kind) for other in parts[kind + 1 :] for f in other.fields]
        branches.append(
            f"SELECT {kind}, {link}.{qn(part.owner.column)}, {', '.join(columns)}"
            f" FROM {link}{''.join(joins)} WHERE {' AND '.join(where)}"
        )
        order += _order(part)
    return " UNION ALL ".join(branches) + f" ORDER BY {', '.join(order)}"


def _null(connection, field, kind):
    """Return the NULL of ``field`` in a branch: of its type in the first, that sets the types."""
    return f"CAST(NULL AS {field.cast_db_type(connection)})" if kind == 0 else "NULL"


def _order(part):
    """Return ``part.order`` as ORDER BY terms: column numbers (after kind and story)."""
    model, names, start, end = part.layout[0]
    terms = []
    for name in part.order:
        bare = name.lstrip("-")
        field = model._meta.pk if bare == "pk" else model._meta.get_field(bare)
        if field.attname not in names:
            raise ValueError(f"{model.__name__} is ordered by {name!r}, not one of its columns.")
        number = 3 + part.start + start + names.index(field.attname)
        terms.append(f"{number} DESC" if name.startswith("-") else str(number))
    return terms


# Both ------------------------------------------------------------------------


def _columns(model, deferred=DEFERRED):
    """Return the fields of ``model`` that are read: all but the ``deferred`` ones of a story."""
    skipped = deferred if model is Article else ()
    return [f for f in model._meta.concrete_fields if f.name not in skipped]


def _join(qn, field, alias, parent, kind="INNER"):
    return (
        f" {kind} JOIN {qn(field.related_model._meta.db_table)} {alias}"
        f" ON {alias}.{qn(field.target_field.column)} = {parent}.{qn(field.column)}"
    )
