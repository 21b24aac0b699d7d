"""Indexes that list the newest stories of a topic or a tag from the link tables.

"Related stories" reads the newest few dozen stories of each topic and tag an
article has; with (link, story) indexes that is a short backward index scan
however rare or common the tag. taggit's table is not ours, so its index is
made here by SQL rather than declared on its model.
"""

from django.db import migrations

INDEXES = [
    ("articles_topics_newest_idx", "articles_article_topics", "topic_id, article_id"),
    ("taggit_tag_newest_idx", "taggit_taggeditem", "tag_id, object_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0005_list_indexes_and_search_words"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
