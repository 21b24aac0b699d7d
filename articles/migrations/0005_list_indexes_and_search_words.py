"""Indexes for the desk's lists and the home page's lead; the search lexicon.

The lexicon (articles.lexicon) gets a trigram index and is filled from every
article, on PostgreSQL only; SQLite searches by substring and leaves it empty.
"""

from django.db import migrations, models

# articles.lexicon.WORDS_OF, frozen here as a migration should be.
FILL = """
    INSERT INTO articles_searchword (word)
    SELECT word FROM ts_stat($q$
        SELECT search_vector FROM articles_article WHERE search_vector IS NOT NULL
    $q$) WHERE length(word) BETWEEN 2 AND 60
    ON CONFLICT (word) DO NOTHING
"""


def fill_lexicon(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FILL)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS searchword_trgm ON articles_searchword USING gin (word gin_trgm_ops)"
    )


def drop_lexicon_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS searchword_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_workflow_revisions'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=60, unique=True)),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
            },
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_at', '-id'], name='article_desk_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', '-modified_at'], name='article_status_saved_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(condition=models.Q(('is_featured', True), ('status', 'published')), fields=['-published_at', '-id'], name='article_featured_idx'),
        ),
        migrations.RunPython(fill_lexicon, drop_lexicon_index),
    ]
