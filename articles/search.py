"""
Finding stories: one ``search_articles()`` for the public search page and the admin.

On PostgreSQL each article keeps a weighted ``search_vector`` (headline A, dek B,
body C) stemmed in the article's own language, refreshed by ``index_articles()``
in the same transaction as every save (see articles.signals). A query matches
the full-text index (websearch syntax: "quoted phrases", -exclusions, or); when
that finds few stories, the words are looked up in the search lexicon
(articles.lexicon) by trigram similarity or substring, so a misspelt name or a
word inside Korean or Chinese text still finds the story. On SQLite the
fallback is a plain case-insensitive substring search.
"""

import html
import operator
import re
import time
import unicodedata
from datetime import timedelta
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.db import OperationalError, connections, transaction
from django.db.models import Case, F, Func, Lookup, OrderBy, Q, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from . import lexicon
from .phrases import ask_pairs, with_pairs
from .querysets import inline_constants

#: PostgreSQL text search configurations for the languages articles are written
#: in; the others (Korean, Japanese, Chinese) have no stemmer in PostgreSQL and
#: use 'simple', with trigrams doing the work for words inside longer strings.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish"}
SIMPLE = "simple"
MAX_QUERY_LENGTH = 200
RANK_WINDOW = 300  # newest full-text matches that are ranked
#: The newest stories searched first, then more, until ENOUGH_MATCHES are found (None: all).
WINDOW_STORIES = (10_000, 100_000, None)
ENOUGH_MATCHES = 100
WINDOW_CACHE_SECONDS = 600
DESK_WINDOW = 1000  # newest matches the admin's search box lists
FUZZY_WINDOW = 50  # newest stories with what the reader may have meant, added to them
SECOND_CHANCE_BELOW = 20  # fewer full-text matches than this: look for what was meant
#: How alike a typed word and a word of the lexicon must be (pg_trgm's default 0.6
#: misses two swapped letters in a short name: "Busna" for "Busan" scores 0.5).
WORD_SIMILARITY_THRESHOLD = 0.5
SNIPPET_CHARS = 240
_START, _STOP = "\ue000", "\ue001"  # private-use marks, never in copy; become <mark>
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def set_similarity_threshold(sender, connection, **kwargs):
    """Set the trigram word-similarity threshold on each new PostgreSQL connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # set_config(), not SET: SET takes no bound parameters.
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )


def search_config(language):
    """Return the PostgreSQL text search configuration for a language code."""
    return SEARCH_CONFIGS.get((language or "").split("-")[0], SIMPLE)


def all_configs():
    """Return every configuration articles may be indexed with, 'simple' last."""
    configs = {search_config(code) for code, _name in settings.LANGUAGES}
    return sorted(configs - {SIMPLE}) + [SIMPLE]


def clean_query(raw):
    """Return ``raw`` made safe to search for: no control characters, one-spaced, bounded.

    NUL bytes would make PostgreSQL refuse the query outright, and a 10,000
    character query is an attack, not a reader: keep the first 200 characters.
    """
    if not isinstance(raw, str):
        return ""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def parse_terms(query):
    """Split a cleaned query into (included, excluded) phrases, as websearch does."""
    include, exclude = [], []
    for match in _TERM.finditer(query):
        minus, phrase, word = match.groups()
        if phrase is not None:
            if phrase.strip():
                (exclude if minus else include).append(" ".join(phrase.split()))
            continue
        word = word.strip('"')
        if word.lower() == "or" or not word:
            continue
        if word.startswith("-") and len(word) > 1:
            exclude.append(word[1:])
        elif word != "-":
            include.append(word)
    return include, exclude


def _language_config():
    """Return an expression naming each row's search configuration."""
    return Case(
        *[
            When(language__startswith=code, then=Value(config))
            for code, config in SEARCH_CONFIGS.items()
        ],
        default=Value(SIMPLE),
        output_field=TextField(),
    )


class ILikeContains(Lookup):
    """``column ILIKE '%words%'``: a trigram index serves it (Django's UPPER() LIKE it cannot)."""

    lookup_name = "ilike_contains"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]


def _ilike(column, words):
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return Q(ILikeContains(F(column), Value(f"%{escaped}%")))


class StripTags(Func):
    """The body's text without its HTML tags (tags are not words)."""

    function = "regexp_replace"
    template = "%(function)s(%(expressions)s, '<[^>]*>', ' ', 'g')"
    output_field = TextField()


def index_articles(queryset):
    """Refresh the search vector of every article in ``queryset`` in one UPDATE.

    Does nothing on databases without PostgreSQL full-text search.
    """
    if connections[queryset.db].vendor != "postgresql":
        return 0
    return queryset.update(search_vector=search_vector_expression())


def search_vector_expression():
    """Return the expression of an article's search vector (bulk loaders use it too).

    Its words, weighted, and each pair of adjacent words (articles.phrases).
    """
    config = _language_config()
    return with_pairs(
        SearchVector(Coalesce("headline", Value("")), weight="A", config=config)
        + SearchVector(Coalesce("dek", Value("")), weight="B", config=config)
        + SearchVector(StripTags(Coalesce("body", Value(""))), weight="C", config=config)
    )


def search_articles(query, *, queryset=None, order=True, budget_ms=None, searched=None):
    """Return the articles of ``queryset`` (default: published) that match ``query``.

    Best matches first when ``order`` (newest first on SQLite); an empty or
    unusable query matches nothing. The rows carry ``search_snippet`` on
    PostgreSQL; pass them to ``highlight()`` for display. With ``budget_ms``
    (PostgreSQL), searching beyond the newest stories stops when that time is
    spent, and ``searched`` (a ``Searched``) tells how far back it got.
    """
    from .models import Article

    if queryset is None:
        queryset = Article.objects.published()
    terms = clean_query(query)
    include, exclude = parse_terms(terms)
    if not include:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgres(
            queryset, terms, " ".join(include), include, exclude, order, budget_ms, searched
        )
    return _search_substring(queryset, include, exclude, order)


class AnyLanguageQuery(SearchQuery):
    """The words as every configuration reads them, or-ed, each reading once (in SQL).

    Stems differ by language, so a reader's words are matched as English,
    French, ... and unstemmed. Most words read the same in all of them; saying
    each reading once keeps the query short, and since the planner cannot see
    into the subquery it estimates a selective match and lets the GIN index
    answer it, where five copies of a common word would tempt it into a scan.
    """

    def __init__(self, text, search_type):
        super().__init__(text, search_type=search_type)
        self.text = text

    def as_sql(self, compiler, connection, function=None, template=None):
        sql = (
            "(SELECT string_agg(DISTINCT '(' || q::text || ')', ' | ')::tsquery"
            f" FROM unnest(%s::regconfig[]) AS config, {self.function}(config, %s) AS q"
            " WHERE q::text <> '')"
        )
        return sql, [all_configs(), self.text]


class ConstantQuery(SearchQuery):
    """A tsquery given as its text: the planner sees a constant, and its statistics.

    With the words in view, PostgreSQL weighs what they cost: a rare word is asked
    of the GIN index, while for words that most stories hold it tests the newest
    stories of the window one by one, rather than reading posting lists as long as
    the archive. ``opaque`` hides the constant in a subquery, as AnyLanguageQuery
    does: the planner then estimates a selective match and asks the GIN index.
    """

    def __init__(self, text, opaque=False):
        super().__init__(text, search_type="raw")
        self.text = text
        self.opaque = opaque

    def as_sql(self, compiler, connection, function=None, template=None):
        # Written into the statement, not bound: a prepared statement (DB_PREPARED_STATEMENTS)
        # soon runs on one plan for any words, made without their statistics.
        sql = "(SELECT %s::tsquery)" if self.opaque else "%s::tsquery"
        return inline_constants(connection, sql, [self.text])


def _constant(queryset, query):
    """Return the text of ``query`` (an AnyLanguageQuery) as PostgreSQL reads it.

    Empty when the words are only words every language ignores ("the", "and").
    """
    connection = connections[queryset.db]
    sql, params = query.as_sql(None, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({sql})::text", params)  # noqa: S608 (our own SQL)
        text = cursor.fetchone()[0]
    return text or ""


def _tsquery(text, search_type):
    """Return ``text`` as a query in every configuration, or-ed: stems differ by language."""
    return AnyLanguageQuery(text, search_type)


def _second_chance(queryset, include):
    """Return a query for what the reader may have meant, or None.

    Asked only when the words as typed find few stories: each word is looked up
    in the lexicon (a misspelling gives the words most like it, a word inside
    Korean or Chinese text the words that contain it), never in the articles
    themselves, so this costs the same at ten thousand stories as at a million.
    """
    typed = [word for term in include for word in term.split()]
    alternatives = lexicon.alternatives(typed, using=queryset.db)
    if not alternatives:
        return None
    return _tsquery(" or ".join(alternatives), "websearch")


def _window_start(queryset, stories):
    """Return the key of the ``stories``-th newest article (None: there are not that many).

    Keys grow with time, so the articles from there on are the newest ones, of
    any status. With ``stories`` None, the oldest article's key. Kept in the
    shared cache for a few minutes: a window a few stories wider than asked
    changes nothing.
    """
    key = f"search-window:{stories}"
    found = cache.get(key, "unknown")
    if found == "unknown":
        keys = queryset.model._base_manager.using(queryset.db).values_list("pk", flat=True)
        if stories is None:
            found = keys.order_by("pk").first()
        else:
            found = keys.order_by("-pk")[stories - 1 : stories].first()
        cache.set(key, found, WINDOW_CACHE_SECONDS)
    return found


def _keys(queryset, start, newer_than):
    """Return how many keys a window from ``start`` (None: the oldest) to ``newer_than`` spans.

    Keys come from a sequence, so the span is close to the number of stories in it.
    """
    if start is None:
        start = _window_start(queryset, None)
    return max(0, newer_than - (start or newer_than))


class Searched:
    """What a search looked through: all of ``queryset``, or only its newest stories.

    ``complete`` is False when the time budget ran out before the whole archive
    was searched; ``since`` is then the publication time of the oldest story
    that was searched (None when not known). ``alike`` holds the keys of the
    stories found only by what the reader may have meant (a misspelling, a word
    inside a longer one), not by the words as typed.
    """

    def __init__(self):
        self.complete = True
        self.since = None
        self.alike = frozenset()

    def alike_among(self, articles):
        """Return whether any of ``articles`` was found only by what the reader may have meant."""
        return any(article.pk in self.alike for article in articles or ())

    def stopped_at(self, queryset, start):
        self.complete = False
        self.since = (
            queryset.model._base_manager.using(queryset.db)
            .filter(pk__gte=start).order_by("pk").values_list("published_at", flat=True).first()
        )


def _time_boxed(db, milliseconds, run):
    """Return ``run()``, or None if PostgreSQL cancels it after ``milliseconds``.

    The limit is set for the statements of a savepoint only, so it never leaks into
    the rest of the request (the previous value is put back on success).
    """
    connection = connections[db]
    try:
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'),"
                    " set_config('statement_timeout', %s, true)",
                    [f"{max(1, int(milliseconds))}ms"],
                )
                previous = cursor.fetchone()[0]
            result = run()
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return result
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != "57014":  # query_canceled
            raise
        return None


def _newest_pks(queryset, tsquery, limit, budget_ms=None, searched=None):
    """Return the keys of the newest rows matching ``tsquery`` (at most ``limit``), newest first.

    The cost of a full-text match is in the rows the GIN index proposes, which a
    phrase or a common word makes many; so the newest stories are searched
    first (the newest ten thousand, then a hundred thousand, then all), and a
    window that already holds ``ENOUGH_MATCHES`` is the last one. The sort key
    is an expression no index gives in order: otherwise PostgreSQL, misjudging
    how many stories a phrase matches, may walk the archive newest-first
    testing each story instead of asking the GIN index (see AnyLanguageQuery).

    With ``budget_ms``, the wider windows share that much time: a phrase of
    common words that few stories contain would otherwise have PostgreSQL check
    every story holding both words, across the whole archive. The newest window
    is always searched in full; when the budget runs out, ``searched`` records
    how far back the search got. A window that, at the pace of the one before
    it, would need more than twice the time left is not begun: at a million
    stories a phrase of two common words took 90 ms in the hundred thousand
    newest and was then cancelled after 150 ms in the rest of the archive.
    """
    newest_first = [OrderBy(F("published_at") + Value(timedelta(0)), descending=True), "-pk"]
    text = _constant(queryset, tsquery)
    if not text:  # only words every language ignores ("the", "and")
        return []
    found, newer_than = [], None
    began = pace = None
    for stories in WINDOW_STORIES:
        start = _window_start(queryset, stories) if stories else None
        if pace is not None and budget_ms is not None:
            # A window that, at the pace of the one before, would take more than twice
            # the time left is not begun: PostgreSQL would only be cancelled in it.
            left = budget_ms - (time.monotonic() - began) * 1000
            if pace * _keys(queryset, start, newer_than) > 2 * left:
                if searched is not None:
                    searched.stopped_at(queryset, newer_than)
                break
        # The newest window with the words in the planner's view (ConstantQuery): at worst
        # it tests each of its stories. The wider ones hide them, so they always ask the GIN
        # index, where PostgreSQL might choose to test a hundred thousand stories one by one;
        # and each phrase also asks it for its word pairs (articles.phrases), so that it
        # proposes the stories holding the phrase, not every story holding its words. Not
        # in view of the planner: it would take each rare pair for a rare match, and skip
        # the window's range when the pair is as common as its words ("eun ji").
        if newer_than is None:
            query = ConstantQuery(text)
        else:
            query = ConstantQuery(ask_pairs(text), opaque=True)
        part = queryset.filter(search_vector=query)
        if newer_than is not None:
            part = part.filter(pk__lt=newer_than)
        if start is not None:
            part = part.filter(pk__gte=start)
        part = part.order_by(*newest_first).values_list("pk", flat=True)[: limit - len(found)]
        if budget_ms is None or newer_than is None:
            found += part
            began = time.monotonic()
        else:
            left = budget_ms - (time.monotonic() - began) * 1000
            more = None
            if left > 0:
                window_began = time.monotonic()
                more = _time_boxed(queryset.db, left, lambda part=part: list(part))
                took = (time.monotonic() - window_began) * 1000
                pace = took / max(1, _keys(queryset, start, newer_than))  # ms a key
            if more is None:
                if searched is not None:
                    searched.stopped_at(queryset, newer_than)
                break
            found += more
        if len(found) >= ENOUGH_MATCHES or start is None:
            break
        newer_than = start
    return found


def _search_postgres(queryset, terms, words, include, exclude, order, budget_ms, searched):
    tsquery = _tsquery(terms, "websearch")
    # Bounded candidate sets, fetched as lists of keys so that each is planned on its
    # own and the GIN index serves it: the newest full-text matches (ranking every
    # match of a common word across a million stories costs seconds, and news
    # readers want recent stories) and, when those are few, the newest stories
    # matching what the reader may have meant.
    # The desk's search box (order=False) lists the newest matches in the desk's own order.
    limit = RANK_WINDOW if order else DESK_WINDOW
    text = _newest_pks(queryset, tsquery, limit, budget_ms, searched)
    alike, meant = [], None
    if len(text) < SECOND_CHANCE_BELOW:
        meant = _second_chance(queryset, include)
        if meant is not None:
            alike = _newest_pks(queryset, meant, FUZZY_WINDOW, budget_ms, searched)
            if searched is not None:
                searched.alike = frozenset(alike) - set(text)
    found = queryset.filter(pk__in=[*text, *alike])
    if exclude:
        unwanted = reduce(operator.or_, (_tsquery(term, "phrase") for term in exclude))
        found = found.exclude(search_vector=unwanted).exclude(
            reduce(operator.or_, (_ilike("headline", w) | _ilike("dek", w) for w in exclude))
        )
    shown = tsquery if meant is None else tsquery | meant
    found = found.annotate(
        search_snippet=SearchHeadline(
            StripTags(Coalesce("body", Value(""))),
            shown,
            config=_language_config(),
            start_sel=_START,
            stop_sel=_STOP,
            max_fragments=2,
            min_words=12,
            max_words=30,
            fragment_delimiter=" … ",
        ),
    )
    if not order:
        return found
    return found.annotate(
        search_rank=SearchRank(F("search_vector"), shown)
        + TrigramWordSimilarity(words, "headline") * Value(0.5),
    ).order_by("-search_rank", "-published_at", "-pk")


def _search_substring(queryset, include, exclude, order):
    for term in include[:8]:
        queryset = queryset.filter(
            Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        )
    for term in exclude[:8]:
        queryset = queryset.exclude(
            Q(headline__icontains=term) | Q(dek__icontains=term) | Q(body__icontains=term)
        )
    return queryset.order_by("-published_at", "-pk") if order else queryset


def _marked(text):
    """Escape ``text`` and turn the private-use marks into <mark> elements."""
    return mark_safe(escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>"))


def text_snippet(text, terms, length=SNIPPET_CHARS):
    """Return an excerpt of ``text`` around the first term found, terms marked."""
    folded = text.casefold()
    hits = [(folded.find(t.casefold()), t) for t in terms if t and folded.find(t.casefold()) >= 0]
    if not hits:
        return _marked(Truncator(text).chars(length))
    first = min(hits)[0]
    start = max(0, first - length // 3)
    while start > 0 and not text[start - 1].isspace() and first - start < length // 2:
        start -= 1
    excerpt = text[start : start + length]
    pattern = re.compile("|".join(re.escape(t) for _, t in hits), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"{_START}{m.group(0)}{_STOP}", excerpt)
    return _marked(("…" if start else "") + marked + ("…" if start + length < len(text) else ""))


def highlight(articles, query):
    """Give each article a ``snippet``: safe HTML with the matched words in <mark>."""
    include, _exclude = parse_terms(clean_query(query))
    for article in articles:
        raw = getattr(article, "search_snippet", None)
        if raw and _START in raw:
            article.snippet = _marked(html.unescape(raw))
        else:
            body = " ".join(html.unescape(strip_tags(article.body or "")).split())
            article.snippet = text_snippet(body or article.dek, include)
    return articles
