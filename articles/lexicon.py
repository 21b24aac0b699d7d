"""
The search lexicon: every distinct word of the articles' text, for the second chance of a search.

When a query finds few stories, ``alternatives()`` looks its words up here
rather than in a million articles: a misspelt word ("Okafur") gives the
lexicon's words most like it ("okafor"), a word inside Korean or Chinese text
("파업") the longer words that contain it ("부산항만파업"). Search then asks the
full-text index for those words. The lexicon grows with every save
(``add_words``, in the saving transaction); ``rebuild()`` refills it, e.g.
after a bulk import. PostgreSQL only: SQLite searches by substring anyway.

Words come from the articles' search vectors: lower-cased whole words for
languages without a stemmer (Korean, Chinese, Japanese), stems for the others,
which is what the full-text index is asked for anyway.
"""

import re

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models.functions import Length

from .models import SearchWord

#: Words shorter than this are alike to too many others to be worth a fuzzy lookup.
FUZZY_MIN_LENGTH = 4
ALTERNATIVES_PER_WORD = 5
CONTAINING_PER_WORD = 20
MAX_WORDS = 6  # of a query, looked up
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
MAX_WORD = SearchWord._meta.get_field("word").max_length

# The words of a set of articles: ts_stat reads their stored search vectors, so the
# lexicon holds what the index holds (stems for stemmed languages, whole words otherwise)
# and nothing is parsed twice. The index's word pairs (articles.phrases) are left out.
WORDS_OF = """
    SELECT word FROM ts_stat($q$
        SELECT search_vector FROM articles_article WHERE search_vector IS NOT NULL {where}
    $q$) WHERE length(word) BETWEEN 2 AND {max_word} AND strpos(word, ' ') = 0
"""


def _is_postgres(using):
    return connections[using].vendor == "postgresql"


def _insert_words(cursor, where=""):
    cursor.execute(
        f"INSERT INTO {SearchWord._meta.db_table} (word) "  # noqa: S608 (where: ints only)
        + WORDS_OF.format(where=where, max_word=MAX_WORD)
        + " ON CONFLICT (word) DO NOTHING"
    )


def add_words(article_ids, using="default"):
    """Add the words of these articles to the lexicon (those it has already are skipped)."""
    ids = [int(pk) for pk in article_ids]
    if not ids or not _is_postgres(using):
        return
    with connections[using].cursor() as cursor:
        _insert_words(cursor, f"AND id IN ({','.join(map(str, ids))})")


def rebuild(using="default"):
    """Refill the lexicon from every article; return how many words it holds."""
    if not _is_postgres(using):
        return 0
    with connections[using].cursor() as cursor:
        cursor.execute(f"TRUNCATE {SearchWord._meta.db_table}")
        _insert_words(cursor)
    return SearchWord.objects.using(using).count()


def alternatives(words, using="default"):
    """Return the lexicon words a reader typing ``words`` may have meant, in one query.

    A misspelt word gives the words most like it; a word with Korean, Chinese
    or Japanese characters the longer words that contain it. Never the typed
    words themselves, and nothing for short Latin words (too many are alike).
    """
    if not _is_postgres(using):
        return []
    typed = list(dict.fromkeys(w.lower() for w in words if 0 < len(w) <= MAX_WORD))
    lookups = [q for q in (_lookup(word, using) for word in typed[:MAX_WORDS]) if q is not None]
    if not lookups:
        return []
    found = lookups[0].union(*lookups[1:], all=True) if len(lookups) > 1 else lookups[0]
    return [word for word in dict.fromkeys(found) if word not in typed]


def _lookup(word, using):
    words = SearchWord.objects.using(using).exclude(word=word)
    if CJK.search(word):
        # No spaces between words: the longer words that contain it, shortest first.
        return (
            words.filter(word__contains=word)
            .order_by(Length("word"), "word")
            .values_list("word", flat=True)[:CONTAINING_PER_WORD]
        )
    if len(word) < FUZZY_MIN_LENGTH:
        return None
    return (
        words.filter(word__trigram_word_similar=word)
        .annotate(alike=TrigramWordSimilarity(word, "word"))
        .order_by("-alike", "word")
        .values_list("word", flat=True)[:ALTERNATIVES_PER_WORD]
    )
