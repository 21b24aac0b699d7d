"""Make renditions once a photo's save has committed (never in a reader's request)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Photo, Rendition


@receiver(post_save, sender=Photo)
def make_renditions_on_commit(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .renditions import make_renditions

    transaction.on_commit(lambda: make_renditions(instance))


@receiver(post_delete, sender=Photo)
def delete_original(sender, instance, **kwargs):
    transaction.on_commit(lambda: instance.file.delete(save=False))


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance, **kwargs):
    transaction.on_commit(lambda: instance.file.delete(save=False))
