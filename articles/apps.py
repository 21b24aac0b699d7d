from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import search, signals  # noqa: F401  (connects cache invalidation, search index)

        connection_created.connect(search.set_similarity_threshold)
