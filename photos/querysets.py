from django.db import models


class PhotoQuerySet(models.QuerySet):
    def prefetch_renditions(self):
        """Fetch all renditions of these photos in one query (for srcset)."""
        return self.prefetch_related("renditions")
