"""The newest stories of a tag, from the index alone.

taggit's link table names the tagged object by content type and key. The
index of migration 0006 left the content type out, so each of a tag's newest
links was read from the table to check it is a story's: "related stories"
read twenty per tag. With the content type in the index, the scan is index
only. Built concurrently on PostgreSQL, where the table may be large and in use.
"""

from django.db import migrations

OLD = "taggit_tag_newest_idx"
NEW = "taggit_tag_type_newest_idx"
TABLE = "taggit_taggeditem"


def concurrently(schema_editor):
    return "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""


def forwards(apps, schema_editor):
    how = concurrently(schema_editor)
    schema_editor.execute(
        f"CREATE INDEX {how}IF NOT EXISTS {NEW} ON {TABLE} (tag_id, content_type_id, object_id)"
    )
    schema_editor.execute(f"DROP INDEX {how}IF EXISTS {OLD}")


def backwards(apps, schema_editor):
    how = concurrently(schema_editor)
    schema_editor.execute(f"CREATE INDEX {how}IF NOT EXISTS {OLD} ON {TABLE} (tag_id, object_id)")
    schema_editor.execute(f"DROP INDEX {how}IF EXISTS {NEW}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("articles", "0006_link_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
