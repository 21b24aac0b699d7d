"""The PostgreSQL connection: statements prepared on the server, session settings in place."""

import pytest
from django.db import connection

from articles.page_fetch import published_article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def probe():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text AS newsroom_probe", ["x"])
        return cursor.fetchone()[0]


def test_a_statement_is_prepared_on_its_second_run():
    assert probe() == "x"
    assert not any("newsroom_probe" in s for s in prepared_statements())
    assert probe() == "x"
    assert any("newsroom_probe" in s for s in prepared_statements())


def test_the_article_pages_statements_are_among_them():
    story = ArticleFactory(live=True)
    for _ in range(2):
        assert published_article(story.slug) == story
    prepared = prepared_statements()
    assert any("articles_byline" in s for s in prepared)  # the parts
    assert any('"slug" = $' in s for s in prepared)  # the story


def test_parameters_are_bound_on_the_server():
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_typeof(%s)::text", [2])
        assert cursor.fetchone()[0] in {"smallint", "integer", "bigint"}


def test_the_trigram_threshold_is_set_on_each_connection():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pg_trgm.word_similarity_threshold')")
        assert float(cursor.fetchone()[0]) == 0.5


def test_the_searched_words_are_written_into_the_statement_for_the_planner():
    """A bound tsquery would soon run on a generic plan made without the words' statistics."""
    from django.test.utils import CaptureQueriesContext

    from articles.search import search_articles

    story = ArticleFactory(live=True, headline="Coastline erosion study")
    with CaptureQueriesContext(connection) as queries:
        assert list(search_articles("coastline")) == [story]
    assert any("'coastlin'" in q["sql"] and "::tsquery" in q["sql"] for q in queries)
