"""Create the Writer, Editor and Admin groups with their permissions (articles/roles.py)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from articles.roles import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writer", "Editor", "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("photos", "0001_initial"),
        ("topics", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("sessions", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
