"""
The editorial roles — Writer, Editor, Admin — as Django groups, defined once.

``sync_roles`` is called by the data migration that creates the groups and,
with ``only_missing=True``, after every ``migrate`` (and test-database flush),
so a deleted group comes back without overwriting an Admin's adjustments.
"""

from django.contrib.auth.management import create_permissions

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
ROLE_NAMES = ["Writer", "Editor", "Admin"]


def _permissions(apps, app_labels=None, codenames=None):
    permission = apps.get_model("auth", "Permission")
    if codenames is None:
        return permission.objects.filter(content_type__app_label__in=app_labels)
    found = permission.objects.none()
    for app_label, names in codenames.items():
        found |= permission.objects.filter(content_type__app_label=app_label, codename__in=names)
    return found


def sync_roles(apps, only_missing=False):
    """Create the role groups with their permissions (all, or only missing groups)."""
    for app_config in apps.get_app_configs():
        # Permissions are normally created after migrate; roles need them now.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    group = apps.get_model("auth", "Group")
    wanted = {
        "Writer": lambda: _permissions(apps, codenames=WRITER),
        "Editor": lambda: _permissions(apps, app_labels=EDITOR_APPS),
        "Admin": lambda: _permissions(apps, app_labels=ADMIN_APPS),
    }
    for name, permissions in wanted.items():
        role, created = group.objects.get_or_create(name=name)
        if created or not only_missing:
            role.permissions.set(permissions())
