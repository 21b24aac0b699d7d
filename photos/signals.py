"""Side effects of saving and deleting photos: renditions and files, after commit.

``renditions_changed`` is sent (with ``instance``, the photo) once a photo's set of renditions
has changed: new ones made, or an old focal point's deleted. Apps that cache
pages showing photos listen to it; photos knows nothing of them.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import Photo, Rendition
from .rendition_index import refresh_rendition_index
from .tasks import schedule_renditions

renditions_changed = Signal()


@receiver(post_save, sender=Photo)
def renew_renditions(sender, instance, raw=False, **kwargs):
    if raw:
        return
    replaced = instance.__dict__.pop("_replaced_original", None)
    if replaced:
        # A new image under the same photo: its old renditions show the old picture.
        with transaction.atomic():  # their files go once the index stops naming them
            for rendition in instance.renditions.all():
                rendition.delete()
            refresh_rendition_index(instance)  # empty: pages show the new original meanwhile
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(replaced))
    schedule_renditions(instance)


@receiver(post_delete, sender=Photo)
def delete_original(sender, instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Rendition)
def delete_rendition_file(sender, instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
