"""Create the Writer, Editor and Admin groups with their permissions.

The permission lists are frozen here, as a migration should be; a later change
to a role is a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITER = {
    "articles": ["view_article", "add_article", "change_article",
                 "view_byline", "add_byline", "change_byline", "delete_byline",
                 "view_correction", "view_publication"],
    "authors": ["view_author"],
    "photos": ["view_photo", "add_photo", "change_photo", "view_rendition"],
    "topics": ["view_topic"],
    "taggit": ["view_tag", "add_tag"],
}
EDITOR_APPS = ["articles", "authors", "photos", "topics", "taggit"]
ADMIN_APPS = EDITOR_APPS + ["auth", "admin", "contenttypes", "sessions"]


def perms_for(apps, app_labels=None, codenames=None):
    Permission = apps.get_model("auth", "Permission")
    if codenames is not None:
        found = Permission.objects.none()
        for app_label, names in codenames.items():
            found |= Permission.objects.filter(content_type__app_label=app_label, codename__in=names)
        return found
    return Permission.objects.filter(content_type__app_label__in=app_labels)


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    writer, _ = Group.objects.get_or_create(name="Writer")
    writer.permissions.set(perms_for(apps, codenames=WRITER))
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(perms_for(apps, app_labels=EDITOR_APPS))
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.set(perms_for(apps, app_labels=ADMIN_APPS))


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
