"""The rendition index on the photo row: built from the rows, kept in step, filled at migration."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from photos import renditions as pipeline
from photos.forms import PhotoForm
from photos.models import Photo
from photos.rendition_index import (
    build_index,
    refresh_rendition_index,
    rendition_storage,
    rendition_url_function,
)
from photos.signals import renditions_changed
from tests.factories import PhotoFactory

from .conftest import encoded, stored_files, upload

pytestmark = pytest.mark.django_db


def index_from_rows(photo):
    """Return the index the photo's rows give now, without storing it."""
    rows = photo.renditions.order_by("pk").values_list(
        "spec", "focal_point_key", "file", "width", "height"
    )
    return build_index(rows, photo.focal_point_key)


def names(index):
    return {name for entries in index.values() for name, _width, _height in entries}


def test_build_index_lists_each_crop_and_format_narrowest_first():
    rows = [
        ("16x9-640.jpeg", "c", "r/a-c-16x9-640.jpeg", 640, 360),
        ("16x9-320.jpeg", "c", "r/a-c-16x9-320.jpeg", 320, 180),
        ("16x9-320.webp", "c", "r/a-c-16x9-320.webp", 320, 180),
        ("191x100-1200.jpeg", "c", "r/a-c-191x100-1200.jpeg", 1200, 628),
    ]
    assert build_index(rows, "c") == {
        "16x9.jpeg": [["r/a-c-16x9-320.jpeg", 320, 180], ["r/a-c-16x9-640.jpeg", 640, 360]],
        "16x9.webp": [["r/a-c-16x9-320.webp", 320, 180]],
        "191x100.jpeg": [["r/a-c-191x100-1200.jpeg", 1200, 628]],
    }
    assert build_index([], "c") == {}


def test_build_index_prefers_the_current_focal_point_and_lets_the_previous_stand_in():
    rows = [
        ("1x1-160.jpeg", "c", "old-1x1-160.jpeg", 160, 160),
        ("1x1-320.jpeg", "c", "old-1x1-320.jpeg", 320, 320),
        ("16x9-320.jpeg", "c", "old-16x9-320.jpeg", 320, 180),
        ("16x9-320.jpeg", "20-30", "new-16x9-320.jpeg", 320, 180),  # the new set, half made
    ]
    index = build_index(rows, "20-30")
    assert index["16x9.jpeg"] == [["new-16x9-320.jpeg", 320, 180]]  # made: no old one mixed in
    assert [name for name, *_ in index["1x1.jpeg"]] == ["old-1x1-160.jpeg", "old-1x1-320.jpeg"]
    # With several earlier focal points, the first in the rows stands in.
    rows = [("1x1-160.jpeg", "50-50", "first", 160, 160), ("1x1-160.jpeg", "c", "second", 160, 160)]
    assert build_index(rows, "20-30") == {"1x1.jpeg": [["first", 160, 160]]}


def test_make_renditions_fills_the_index_with_every_rendition():
    photo = PhotoFactory(width=3000, height=2000)
    stored = Photo.objects.get(pk=photo.pk).rendition_index
    assert stored == photo.rendition_index == index_from_rows(photo)
    assert names(stored) == set(photo.renditions.values_list("file", flat=True))
    assert len(names(stored)) == photo.renditions.count() == 39
    assert set(stored) == {
        "orig.webp",
        "orig.jpeg",
        "16x9.webp",
        "16x9.jpeg",
        "1x1.webp",
        "1x1.jpeg",
        "191x100.jpeg",
    }
    widths = [width for _name, width, _height in stored["16x9.jpeg"]]
    assert widths == [320, 480, 640, 800, 1024, 1280, 1600, 2048]
    assert stored["191x100.jpeg"][0][1:] == [1200, 628]


def test_a_new_focal_point_moves_the_index_once_its_renditions_exist():
    photo = PhotoFactory(width=1600, height=900)
    old = names(photo.rendition_index)
    photo.focal_point_x, photo.focal_point_y = 0.8, 0.5
    photo.save()  # the task waits for a commit that never comes in this test
    assert names(Photo.objects.get(pk=photo.pk).rendition_index) == old
    sent = []
    renditions_changed.connect(
        lambda **kwargs: sent.append(kwargs["instance"]), weak=False, dispatch_uid="test-index"
    )
    try:
        pipeline.make_renditions(photo)
    finally:
        renditions_changed.disconnect(dispatch_uid="test-index")
    stored = Photo.objects.get(pk=photo.pk).rendition_index
    assert stored == photo.rendition_index and sent == [photo]
    assert not names(stored) & old and all("-80-50-" in name for name in names(stored))
    assert names(stored) == set(photo.renditions.values_list("file", flat=True))


def test_a_new_original_empties_the_index_until_its_renditions_are_made(
    django_capture_on_commit_callbacks,
):
    photo = PhotoFactory(width=1000, height=700)
    old = names(photo.rendition_index)
    form = PhotoForm(
        data={"usage_terms": "staff", "credit": photo.credit, "alt_text": photo.alt_text},
        files={"file": upload(encoded(Image.new("RGB", (800, 800), (9, 9, 9)), "PNG"), "sq.png")},
        instance=photo,
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        form.save()
        assert Photo.objects.get(pk=photo.pk).rendition_index == {} == photo.rendition_index
    for callback in callbacks:  # the old files go, the task makes the new renditions
        callback()
    stored = Photo.objects.get(pk=photo.pk).rendition_index
    assert stored and not names(stored) & old
    assert names(stored) == set(photo.renditions.values_list("file", flat=True))
    assert names(stored) <= set(stored_files())
    assert stored["1x1.jpeg"][-1][1:] == [640, 640]


def test_a_save_from_a_stale_copy_leaves_the_stored_index_alone():
    photo = PhotoFactory(width=1200, height=800)
    stale = Photo.objects.get(pk=photo.pk)
    stale.rendition_index = {}  # as a form loaded before the renditions were made would hold
    stale.caption = "New caption"
    stale.save()
    stored = Photo.objects.get(pk=photo.pk)
    assert stored.caption == "New caption"
    assert stored.rendition_index == photo.rendition_index != {}
    assert pipeline.make_renditions(stale) == 0  # the task it schedules keeps it in step
    assert Photo.objects.get(pk=photo.pk).rendition_index == photo.rendition_index


def test_a_save_writes_the_index_only_when_asked_and_keeps_deferred_fields_deferred():
    photo = PhotoFactory(width=1200, height=800)
    partial = Photo.objects.defer("caption", "rendition_index").get(pk=photo.pk)
    partial.credit = "PHOTO: AGENCY"
    with CaptureQueriesContext(connection) as queries:
        partial.save()
    photo_rows = [q["sql"] for q in queries if '"photos_photo"' in q["sql"]]
    assert len(photo_rows) == 1 and photo_rows[0].startswith("UPDATE")  # nothing deferred loaded
    assert '"caption"' not in photo_rows[0] and '"rendition_index"' not in photo_rows[0]
    stored = Photo.objects.get(pk=photo.pk)
    assert (stored.credit, stored.caption) == ("PHOTO: AGENCY", photo.caption)
    assert stored.rendition_index == photo.rendition_index
    stored.rendition_index = {}
    stored.save(update_fields=["rendition_index"])  # asked by name: written
    assert Photo.objects.get(pk=photo.pk).rendition_index == {}


def test_get_rendition_lists_a_new_rendition():
    photo = PhotoFactory(width=1200, height=800)
    rendition = photo.get_rendition("16x9-700.jpeg")
    assert [rendition.file.name, 700, 394] in photo.rendition_index["16x9.jpeg"]
    assert Photo.objects.get(pk=photo.pk).rendition_index == photo.rendition_index


def test_refresh_stores_without_saving_the_photo(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    modified = photo.modified_at
    Photo.objects.filter(pk=photo.pk).update(rendition_index={})
    with django_capture_on_commit_callbacks() as callbacks:
        assert refresh_rendition_index(photo) == index_from_rows(photo)
    assert not callbacks  # no save(): no renditions task, no page-cache bump
    stored = Photo.objects.get(pk=photo.pk)
    assert stored.rendition_index == photo.rendition_index and stored.modified_at == modified


def test_the_migration_fills_the_index_from_the_rows():
    migration = importlib.import_module("photos.migrations.0003_photo_rendition_index")
    moved = PhotoFactory(width=1200, height=800)
    Photo.objects.filter(pk=moved.pk).update(focal_point_x=0.2, focal_point_y=0.3)  # half-way
    photos = [PhotoFactory(width=900, height=600), moved, PhotoFactory(width=300, height=200)]
    bare = Photo.objects.create(file="photos/original/none.jpg", width=10, height=10)
    expected = {p.pk: index_from_rows(Photo.objects.get(pk=p.pk)) for p in photos}
    Photo.objects.update(rendition_index={})

    class SchemaEditor:
        pass

    SchemaEditor.connection = connection
    migration.fill_rendition_indexes(apps, SchemaEditor())
    for photo in photos:
        assert Photo.objects.get(pk=photo.pk).rendition_index == expected[photo.pk] != {}
    assert "-c-" in next(iter(expected[moved.pk].values()))[0][0]  # the old crops stand in
    assert Photo.objects.get(pk=bare.pk).rendition_index == {}


@pytest.mark.parametrize("media_url", ["/media/", "https://cdn.example.org/media/"])
def test_fast_urls_are_what_the_storage_gives(settings, media_url):
    settings.MEDIA_URL = media_url
    url = rendition_url_function()
    storage = rendition_storage()
    assert not hasattr(url, "__func__")  # the file system's shortcut, not storage.url
    for name in [
        "photos/renditions/7/0a1b2c3d4e-c-16x9-320.jpeg",
        "photos/renditions/7/a b#c?d:e%f.jpeg",
        "photos/renditions/7/한글-ñ.webp",
    ]:
        assert url(name) == storage.url(name)


def test_other_storages_give_their_own_urls(in_memory_storage):
    url = rendition_url_function()
    assert url("photos/renditions/7/x.jpeg") == in_memory_storage.url("photos/renditions/7/x.jpeg")
    assert url.__func__ is type(in_memory_storage._wrapped).url
