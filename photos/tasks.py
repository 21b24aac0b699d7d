"""
Renditions are made in a task enqueued once a photo's save commits.

Django's task framework decides where the task runs. Django ships only the
immediate backend (the default ``TASKS`` setting): the task runs in the
process that saved the photo, right after the commit, so the editor's save
waits for the renditions (about a second for a news photo, see
docs/PERFORMANCE.md) and a reader never does. A worker backend in ``TASKS``
moves the work off the request with no change here. ``manage.py
make_renditions`` fills in whatever a failed task left missing.
"""

import logging

from django.db import transaction
from django.tasks import task

logger = logging.getLogger(__name__)


@task
def make_photo_renditions(photo_id):
    """Make the missing renditions of one photo; return how many were made."""
    from .models import Photo
    from .renditions import make_renditions

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:  # deleted before the task ran
        return 0
    return make_renditions(photo)


def schedule_renditions(photo):
    """Enqueue the photo's renditions for when the current transaction commits."""
    photo_id = photo.pk
    transaction.on_commit(lambda: make_photo_renditions.enqueue(photo_id))
