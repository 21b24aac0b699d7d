"""
Word pairs: quoted phrases answered by the full-text index, not by reading stories.

PostgreSQL's GIN index on a search vector knows which stories hold a word, not
where: for ``"rising week"`` it proposes every story holding both words, and
each must be read again to find the two side by side. At a million stories
that is tens of thousands of rechecks for a phrase that a handful hold.

So each search vector also holds every pair of adjacent words as one extra
lexeme, the two words with a space between them (``'rise week'``; a parser
never makes a word with a space, so a pair can be no word). The pairs have no
position: they are for the index alone. ``with_pairs()`` wraps the vector's
expression in the ``newsroom_with_word_pairs()`` SQL function (migration
0008) that adds them, and ``ask_pairs()`` rewrites a text-search query so that
each phrase also asks the index for its pairs: ``'rise' <-> 'week'`` becomes
``( 'rise' <-> 'week' & 'rise week' )``. The rewrite never changes which
stories match, since a story holding the phrase holds its pairs; the index
then proposes only the stories that hold the phrase, or nearly. Search asks
for pairs only where the GIN index is read anyway, beyond the newest stories
(articles.search): PostgreSQL's planner multiplies the rarity of words and
pairs as if they were independent, so with pairs in view it expects a name
whose parts always go together ("Eun-ji") to be rare, and plans for that.

This is the "shingles" technique of search engines (Lucene's
``index_phrases``), kept inside one tsvector column and one GIN index.
"""

import re

from django.contrib.postgres.search import SearchVectorField
from django.db.models import Func

#: A pair longer than this (in bytes, with its space) is not indexed, nor asked for.
#: It bounds the vector of a story made of very long tokens (URLs, codes); the
#: SQL function in migration 0008 applies the same bound.
MAX_PAIR_BYTES = 120

# An operand as PostgreSQL prints it ('it''s', a backslash doubled, a :* or :AB mark
# after), a phrase operator, or one of & | ! ( ).
_TOKEN = re.compile(r"\s*('(?:[^'\\]|''|\\.)*'(?::[*A-Da-d]+)?|<->|<\d+>|[&|!()])")
_ESCAPED = re.compile(r"''|\\(.)")


class WithWordPairs(Func):
    """``newsroom_with_word_pairs(vector)``: the vector and a lexeme for each adjacent pair."""

    function = "newsroom_with_word_pairs"
    output_field = SearchVectorField()


def with_pairs(vector):
    """Return the search ``vector`` expression with its word pairs added."""
    return WithWordPairs(vector)


def _tokens(text):
    tokens, at = [], 0
    text = text.rstrip()
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            return None  # not a query as PostgreSQL prints one: leave it as it is
        tokens.append(match.group(1))
        at = match.end()
    return tokens


def _plain(token):
    """Return the lexeme of a plain operand token (no prefix or weight mark), else None."""
    if token.startswith("'") and token.endswith("'") and len(token) >= 2:
        return _ESCAPED.sub(lambda m: m.group(1) or "'", token[1:-1])
    return None


def _quoted(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def ask_pairs(text):
    """Return the text of tsquery ``text`` with each phrase also asking for its word pairs.

    Only the plainest phrases are rewritten: a run of words joined by ``<->``
    alone, which nothing else joins by a phrase operator and no ``!`` negates
    from outside; their words are then at consecutive positions, so the story
    holds each pair. Anything else (``<2>`` across a stop word, a prefix
    ``'ris':*``, a nested phrase) is left as it is, and still matches as before.
    """
    tokens = _tokens(text)
    if not tokens:
        return text
    out, i, asked = [], 0, False
    while i < len(tokens):
        run = [i]
        while (
            run[-1] + 2 < len(tokens)
            and tokens[run[-1] + 1] == "<->"
            and _plain(tokens[run[-1]]) is not None
            and _plain(tokens[run[-1] + 2]) is not None
        ):
            run.append(run[-1] + 2)
        before = tokens[i - 1] if i else "("
        after = tokens[run[-1] + 1] if run[-1] + 1 < len(tokens) else ")"
        alone = before in ("(", "&", "|") and after in (")", "&", "|")
        if len(run) > 1 and alone:
            words = [_plain(tokens[k]) for k in run]
            pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                     if len(f"{a} {b}".encode()) <= MAX_PAIR_BYTES]
            phrase = " <-> ".join(tokens[k] for k in run)
            if pairs:
                phrase = "( " + " & ".join([phrase, *map(_quoted, pairs)]) + " )"
                asked = True
            out.append(phrase)
            i = run[-1] + 1
        else:
            out.append(tokens[i])
            i += 1
    return " ".join(out) if asked else text
