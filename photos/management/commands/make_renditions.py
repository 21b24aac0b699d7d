"""Make the renditions photos are missing (after a failed task, or a new RENDITION_SET).

Each photo's rendition index is rebuilt from its renditions on the way.
"""

from django.core.management.base import BaseCommand

from photos.models import Photo
from photos.renditions import make_renditions


class Command(BaseCommand):
    help = (
        "Make every missing rendition and rebuild each photo's rendition index, photo by photo. "
        "Safe to run at any time, and again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "photo_ids", nargs="*", type=int, help="Only these photos (default: all)."
        )

    def handle(self, *photo_ids, **options):
        photos = Photo.objects.order_by("pk")
        if options["photo_ids"]:
            photos = photos.filter(pk__in=options["photo_ids"])
        total = 0
        for photo in photos.iterator(chunk_size=100):
            made = make_renditions(photo)
            total += made
            if made and options["verbosity"] > 1:
                self.stdout.write(f"{photo.pk}: {made} renditions")
        self.stdout.write(self.style.SUCCESS(f"Made {total} renditions."))
