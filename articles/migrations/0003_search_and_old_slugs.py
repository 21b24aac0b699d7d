"""Search vector, GIN and trigram indexes (PostgreSQL only), and retired slugs.

The GIN indexes are created by SQL here rather than declared in Article.Meta:
SQLite has no GIN, and it rebuilds whole tables on later schema changes from
the declared indexes, which would then fail. On SQLite everything but the
vector column and ArticleSlug is skipped, and search falls back to substrings.
"""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Same mapping as articles.search.SEARCH_CONFIGS, frozen here as a migration should be.
CONFIG = (
    "CASE WHEN language LIKE 'en%%' THEN 'english' WHEN language LIKE 'fr%%' THEN 'french' "
    "WHEN language LIKE 'de%%' THEN 'german' WHEN language LIKE 'es%%' THEN 'spanish' "
    "ELSE 'simple' END::regconfig"
)
INDEXES = [
    "CREATE INDEX IF NOT EXISTS article_search_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS article_headline_trgm ON articles_article USING gin (headline gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS article_dek_trgm ON articles_article USING gin (dek gin_trgm_ops)",
]
BACKFILL = f"""
UPDATE articles_article SET search_vector =
    setweight(to_tsvector({CONFIG}, coalesce(headline, '')), 'A')
    || setweight(to_tsvector({CONFIG}, coalesce(dek, '')), 'B')
    || setweight(to_tsvector({CONFIG}, regexp_replace(coalesce(body, ''), '<[^>]*>', ' ', 'g')), 'C')
"""


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in INDEXES:
        schema_editor.execute(sql)
    schema_editor.execute(BACKFILL)  # "%%" is a literal "%" once parameters are bound


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ["article_search_gin", "article_headline_trgm", "article_dek_trgm"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0002_roles'),
    ]

    operations = [
        TrigramExtension(),  # a no-op on databases other than PostgreSQL
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.CreateModel(
            name='ArticleSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(allow_unicode=True, max_length=200, unique=True, verbose_name='old slug')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='retired at')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='old_slugs', to='articles.article')),
            ],
            options={
                'verbose_name': 'old article address',
                'verbose_name_plural': 'old article addresses',
            },
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
