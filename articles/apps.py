from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import search, signals  # noqa: F401  (connects cache invalidation, search index)

        connection_created.connect(search.set_similarity_threshold)
        post_migrate.connect(restore_missing_roles, sender=self)


def restore_missing_roles(sender, apps=None, **kwargs):
    """Bring back a deleted role group (also after a test database flush)."""
    from django.apps import apps as global_apps

    from .roles import sync_roles

    sync_roles(apps or global_apps, only_missing=True)
