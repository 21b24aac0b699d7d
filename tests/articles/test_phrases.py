"""Word pairs: quoted phrases answered by the full-text index (articles.phrases)."""

import json

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from articles.models import Article, SearchWord
from articles.phrases import MAX_PAIR_BYTES, ask_pairs
from articles.search import search_articles
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    "query, asked",
    [
        ("'rise' <-> 'week'", "( 'rise' <-> 'week' & 'rise week' )"),
        (
            "'kim' & 'ha-eun' <-> 'ha' <-> 'eun'",
            "'kim' & ( 'ha-eun' <-> 'ha' <-> 'eun' & 'ha-eun ha' & 'ha eun' )",
        ),
        (
            "( 'rise' <-> 'week' ) | ( 'rising' <-> 'week' )",
            "( ( 'rise' <-> 'week' & 'rise week' ) ) | ( ( 'rising' <-> 'week' & 'rising week' ) )",
        ),
        ("!( 'a' <-> 'b' )", "! ( ( 'a' <-> 'b' & 'a b' ) )"),
        # PostgreSQL's escapes are read and written back: it''s, a doubled backslash
        ("'it''s' <-> 'a\\\\b'", "( 'it''s' <-> 'a\\\\b' & 'it''s a\\\\b' )"),
    ],
)
def test_each_plain_phrase_also_asks_for_its_word_pairs(query, asked):
    assert ask_pairs(query) == asked


@pytest.mark.parametrize(
    "query",
    [
        "'port'",
        "'port' & 'strike'",
        "!'a' <-> 'b'",  # (not a) then b: a is not there to pair
        "'a' <2> 'b'",  # a stop word between: not adjacent
        "'a' <2> 'b' <-> 'c'",  # part of a longer phrase: left whole
        "'a':* <-> 'b'",  # a prefix is no word
        "'a':A <-> 'b'",
        "'a' <-> ( 'b' | 'c' )",
        "",
        "not a query",
    ],
)
def test_anything_but_a_plain_phrase_is_left_as_it_is(query):
    assert ask_pairs(query) == query


def test_a_pair_too_long_to_index_is_not_asked_for():
    long = "x" * MAX_PAIR_BYTES
    assert ask_pairs(f"'{long}' <-> 'b'") == f"'{long}' <-> 'b'"
    assert ask_pairs(f"'{long}' <-> 'b' <-> 'c'") == f"( '{long}' <-> 'b' <-> 'c' & 'b c' )"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_search_vector_holds_each_pair_of_adjacent_words_and_the_lexicon_none():
    article = ArticleFactory(
        live=True, headline="Rising week for the port", dek="", body="<p>Cranes idle.</p>"
    )
    article.refresh_from_db()
    vector = article.search_vector
    assert "'rise week'" in vector and "'port crane'" in vector  # across headline and body
    assert "'week port'" not in vector  # "for the" stand between them
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert "rise" in words and not any(" " in word for word in words)
    article.body = "<p>Tugboats idle.</p>"
    article.save()
    article.refresh_from_db()
    assert "'port tugboat'" in article.search_vector
    assert "'port crane'" not in article.search_vector


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_phrase_finds_the_stories_holding_it_and_not_those_holding_its_words_apart():
    together = ArticleFactory(live=True, headline="Ferry", body="<p>A rising week for fares.</p>")
    apart = ArticleFactory(live=True, headline="Ferry", body="<p>The week saw fares rising.</p>")
    assert list(search_articles('"rising week"')) == [together]
    assert set(search_articles("rising week")) == {together, apart}
    assert list(search_articles('ferry -"rising week"')) == [apart]
    assert set(search_articles('"rising week" or "fares rising"')) == {together, apart}


def _explain(query_text):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id FROM articles_article"
            " WHERE search_vector @@ %s::tsquery",
            [query_text],
        )
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    heap = plan[0]["Plan"]
    assert heap["Node Type"] == "Bitmap Heap Scan"
    return heap["Actual Rows"], heap.get("Rows Removed by Index Recheck", 0)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_index_proposes_only_the_stories_that_hold_the_phrase():
    for i in range(12):
        ArticleFactory(live=True, headline=f"Week {i}", body="<p>Fares kept rising all week.</p>")
    ArticleFactory(live=True, headline="Ferry", body="<p>A rising week for fares.</p>")
    phrase = "'rise' <-> 'week'"
    # Without its pair the index proposes all thirteen stories and twelve are read in vain.
    assert _explain(phrase) == (1, 12)
    assert _explain(ask_pairs(phrase)) == (1, 0)


# A small vocabulary so that random stories and phrases meet: English words that stem,
# stop words, a hyphenated name, apostrophes and a backslash.
WORDS = ["rising", "week", "port", "the", "of", "Ha-eun", "Kim", "it's", "a\\b", "fares", "rise"]


def texts(**size):
    return st.lists(st.sampled_from(WORDS), **size).map(" ".join)


@pytest.mark.postgres
@pytest.mark.django_db
@hsettings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stories=st.lists(texts(max_size=12), min_size=1, max_size=6),
    phrases=st.lists(texts(min_size=1, max_size=4), min_size=1, max_size=3),
    joiner=st.sampled_from([" ", " or ", " -"]),
    config=st.sampled_from(["english", "simple", "french"]),
)
@example(stories=["a rising week"], phrases=["rising week"], joiner=" ", config="english")
@example(stories=["Kim Ha-eun"], phrases=["Ha-eun", "Kim"], joiner=" ", config="simple")
def test_asking_for_pairs_never_changes_which_stories_match(stories, phrases, joiner, config):
    # The query as search reads it (every language's reading, or-ed); the stories in one.
    query = joiner.join(f'"{phrase}"' for phrase in phrases)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(DISTINCT '(' || q::text || ')', ' | ')"
            " FROM unnest(%s::regconfig[]) AS config, websearch_to_tsquery(config, %s) AS q"
            " WHERE q::text <> ''",
            [["english", "french", "simple"], query],
        )
        text = cursor.fetchone()[0] or "'nothing'"
        cursor.execute(
            "SELECT to_tsvector(%s::regconfig, story) @@ %s::tsquery,"
            " newsroom_with_word_pairs(to_tsvector(%s::regconfig, story)) @@ %s::tsquery"
            " FROM unnest(%s::text[]) AS story",
            [config, text, config, ask_pairs(text), stories],
        )
        for before, after in cursor.fetchall():
            assert before == after, (text, ask_pairs(text))


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_story_holds_its_pairs_after_a_bulk_reindex():
    from articles.search import index_articles

    article = ArticleFactory(live=True, headline="Rising week", dek="", body="")
    Article.objects.filter(pk=article.pk).update(search_vector=None)
    index_articles(Article.objects.filter(pk=article.pk))
    article.refresh_from_db()
    assert "'rise week'" in article.search_vector


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_wider_windows_ask_the_index_for_pairs_and_the_newest_window_does_not(monkeypatch):
    # The newest window is planned with the words in view: a rare pair there would make
    # PostgreSQL expect a rare match and recheck every story holding a common pair.
    from datetime import timedelta

    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles import search

    monkeypatch.setattr(search, "WINDOW_STORIES", (3, None))
    cache.clear()
    now = timezone.now()
    old = ArticleFactory(
        live=True, headline="A rising week", published_at=now - timedelta(days=900)
    )
    for day in range(3):
        ArticleFactory(
            live=True, headline=f"Week {day}", body="<p>Rising.</p>",
            published_at=now - timedelta(days=day),
        )
    with CaptureQueriesContext(connection) as queries:
        assert list(search_articles('"rising week"')) == [old]
    windows = [q["sql"] for q in queries if "@@" in q["sql"] and "ORDER BY" in q["sql"]][:2]
    assert len(windows) == 2
    assert "rise week" not in windows[0] and "rise week" in windows[1]
