"""Word pairs in the search vectors, so the full-text index answers quoted phrases.

Adds the SQL function ``newsroom_with_word_pairs(tsvector)`` (see
articles.phrases) and gives every stored vector its pairs, computed from the
positions the vector already holds: no story's text is parsed again.
PostgreSQL only; SQLite has no search vectors.
"""

from django.db import migrations

# articles.phrases.MAX_PAIR_BYTES, frozen here as a migration should be.
FUNCTION = """
CREATE OR REPLACE FUNCTION newsroom_with_word_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT vector || coalesce(array_to_tsvector(array_agg(DISTINCT pair)), '')
    FROM (
        SELECT a.lexeme || ' ' || b.lexeme AS pair
        FROM (SELECT lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS a
        JOIN (SELECT lexeme, p FROM unnest(vector) AS u, unnest(u.positions) AS p) AS b
            ON b.p = a.p + 1
    ) AS pairs
    WHERE octet_length(pair) <= 120
$$
"""
ADD_PAIRS = "UPDATE articles_article SET search_vector = newsroom_with_word_pairs(search_vector)"
# Pairs are the only lexemes with a space in them.
DROP_PAIRS = """
UPDATE articles_article SET search_vector = ts_delete(search_vector, coalesce(
    (SELECT array_agg(lexeme) FROM unnest(search_vector) WHERE strpos(lexeme, ' ') > 0), '{}'))
"""


def add_pairs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(ADD_PAIRS)


def drop_pairs(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(DROP_PAIRS)
    schema_editor.execute("DROP FUNCTION IF EXISTS newsroom_with_word_pairs(tsvector)")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0007_tag_links_by_content_type"),
    ]

    operations = [
        migrations.RunPython(add_pairs, drop_pairs, elidable=False),
    ]
