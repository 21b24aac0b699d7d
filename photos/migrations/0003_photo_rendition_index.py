"""Photo.rendition_index, filled from the Rendition rows photos already have.

The index is built by the app's own pure functions (photos.rendition_index.build_index,
photos.operations.focal_point_key) so that it is exactly what the app keeps up
to date from now on; they take plain values, so the historical models do.
"""

from itertools import batched

from django.db import migrations, models

from photos.operations import focal_point_key
from photos.rendition_index import build_index

BATCH = 500


def fill_rendition_indexes(apps, schema_editor):
    """Give every photo the index of its renditions, BATCH photos at a time."""
    Photo = apps.get_model("photos", "Photo")
    Rendition = apps.get_model("photos", "Rendition")
    db = schema_editor.connection.alias
    photos = Photo.objects.using(db).only("pk", "focal_point_x", "focal_point_y").order_by("pk")
    for chunk in batched(photos.iterator(chunk_size=BATCH), BATCH):
        rows = {}
        renditions = (
            Rendition.objects.using(db)
            .filter(photo_id__in=[photo.pk for photo in chunk])
            .order_by("pk")
            .values_list("photo_id", "spec", "focal_point_key", "file", "width", "height")
        )
        for photo_id, *row in renditions:
            rows.setdefault(photo_id, []).append(row)
        filled = []
        for photo in chunk:
            if photo.pk in rows:
                key = focal_point_key(photo.focal_point_x, photo.focal_point_y)
                photo.rendition_index = build_index(rows[photo.pk], key)
                filled.append(photo)
        Photo.objects.using(db).bulk_update(filled, ["rendition_index"])


class Migration(migrations.Migration):

    dependencies = [
        ('photos', '0002_help_texts_and_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='photo',
            name='rendition_index',
            field=models.JSONField(blank=True, default=dict, editable=False, help_text='The resized copies pages offer, by crop and format, narrowest first; filled in when they are made. For example: {"16x9.jpeg": [["photos/renditions/7/a1b2-c-16x9-320.jpeg", 320, 180], ...]}.', verbose_name='rendition index'),
        ),
        migrations.RunPython(fill_rendition_indexes, migrations.RunPython.noop),
    ]
