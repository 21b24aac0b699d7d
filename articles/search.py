"""
Finding stories: one ``search_articles()`` for the public search page and the admin.

On PostgreSQL each article keeps a weighted ``search_vector`` (headline A, dek B,
body C) stemmed in the article's own language, refreshed by ``index_articles()``
in the same transaction as every save (see articles.signals). A query matches
the full-text index (websearch syntax: "quoted phrases", -exclusions, or) or
the headline/dek by trigram word similarity or substring, so a misspelt name
or a word inside Korean or Chinese text still finds the story. On SQLite the
fallback is a plain case-insensitive substring search.
"""

import html
import operator
import re
import unicodedata
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import Case, F, Func, Lookup, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

#: PostgreSQL text search configurations for the languages articles are written
#: in; the others (Korean, Japanese, Chinese) have no stemmer in PostgreSQL and
#: use 'simple', with trigrams doing the work for words inside longer strings.
SEARCH_CONFIGS = {"en": "english", "fr": "french", "de": "german", "es": "spanish"}
SIMPLE = "simple"
MAX_QUERY_LENGTH = 200
RANK_WINDOW = 1000  # newest full-text matches that are ranked
FUZZY_WINDOW = 50  # most alike headlines and deks added to them
FUZZY_MIN_LENGTH = 4  # shorter words are alike to too many others to be worth it
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: How alike a query and a word of the headline must be (pg_trgm's default 0.6
#: misses two swapped letters in a short name: "Busna" for "Busan" scores 0.5).
WORD_SIMILARITY_THRESHOLD = 0.5
SNIPPET_CHARS = 240
_START, _STOP = "\ue000", "\ue001"  # private-use marks, never in copy; become <mark>
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


def set_similarity_threshold(sender, connection, **kwargs):
    """Set the trigram word-similarity threshold on each new PostgreSQL connection."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SET pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY_THRESHOLD]
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
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if phrase.strip():
                include.append(" ".join(phrase.split()))
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
    config = _language_config()
    vector = (
        SearchVector(Coalesce("headline", Value("")), weight="A", config=config)
        + SearchVector(Coalesce("dek", Value("")), weight="B", config=config)
        + SearchVector(StripTags(Coalesce("body", Value(""))), weight="C", config=config)
    )
    return queryset.update(search_vector=vector)


def search_articles(query, *, queryset=None, order=True):
    """Return the articles of ``queryset`` (default: published) that match ``query``.

    Best matches first when ``order`` (newest first on SQLite); an empty or
    unusable query matches nothing. The rows carry ``search_snippet`` on
    PostgreSQL; pass them to ``highlight()`` for display.
    """
    from .models import Article

    if queryset is None:
        queryset = Article.objects.published()
    terms = clean_query(query)
    include, exclude = parse_terms(terms)
    if not include:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgres(queryset, terms, " ".join(include), exclude, order)
    return _search_substring(queryset, include, exclude, order)


def _tsquery(text, search_type):
    """Return ``text`` as a query in every configuration, or-ed: stems differ by language."""
    tsquery = None
    for config in all_configs():
        part = SearchQuery(text, search_type=search_type, config=config)
        tsquery = part if tsquery is None else tsquery | part
    return tsquery


def _fuzzy_q(words):
    """Return the trigram conditions worth asking for ``words`` (an empty Q when none are)."""
    fuzzy = Q()
    if any(len(word) >= FUZZY_MIN_LENGTH for word in words.split()):
        fuzzy |= Q(headline__trigram_word_similar=words) | Q(dek__trigram_word_similar=words)
    if _CJK.search(words):
        # No spaces between words: find the characters anywhere in the headline or dek.
        fuzzy |= _ilike("headline", words) | _ilike("dek", words)
    return fuzzy


def _search_postgres(queryset, terms, words, exclude, order):
    tsquery = _tsquery(terms, "websearch")
    fuzzy = _fuzzy_q(words)
    if not order:
        found = queryset.filter(Q(search_vector=tsquery) | fuzzy)
    else:
        # Two bounded candidate sets, each planned on its own so an index serves it:
        # the newest full-text matches (ranking every match of a common word across
        # a million stories costs seconds, and news readers want recent stories),
        # and the headlines or deks most like the words.
        text = queryset.filter(search_vector=tsquery).order_by("-published_at", "-pk")
        candidates = Q(pk__in=text.values("pk")[:RANK_WINDOW])
        if fuzzy:
            alike = queryset.filter(fuzzy).annotate(
                alike=Greatest(
                    TrigramWordSimilarity(words, "headline"), TrigramWordSimilarity(words, "dek")
                )
            )
            candidates |= Q(pk__in=alike.order_by("-alike").values("pk")[:FUZZY_WINDOW])
        found = queryset.filter(candidates)
    if exclude:
        unwanted = _tsquery(" ".join(exclude), "plain")
        found = found.exclude(search_vector=unwanted).exclude(
            reduce(operator.or_, (_ilike("headline", w) | _ilike("dek", w) for w in exclude))
        )
    found = found.annotate(
        search_snippet=SearchHeadline(
            StripTags(Coalesce("body", Value(""))),
            tsquery,
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
        search_rank=SearchRank(F("search_vector"), tsquery)
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
