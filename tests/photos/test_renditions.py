"""Renditions: the widths and crops, focal points, made once, after commit, on any storage."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from photos import renditions as pipeline
from photos.ingest import ingest_photo
from photos.models import Photo
from photos.operations import crop_box, parse_spec, widths_for
from photos.renditions import make_renditions
from tests.factories import PhotoFactory, image_file

from .conftest import assert_no_metadata, encoded, stored_bytes, stored_files

pytestmark = pytest.mark.django_db


def specs_of(photo):
    return set(photo.renditions.values_list("spec", flat=True))


def open_rendition(rendition):
    with rendition.file.storage.open(rendition.file.name, "rb") as f:
        return Image.open(io.BytesIO(f.read()))


def test_a_large_photo_gets_every_width_in_webp_and_jpeg_and_each_crop():
    photo = PhotoFactory(width=3000, height=2000)
    specs = specs_of(photo)
    for width in (320, 480, 640, 800, 1024, 1280, 1600, 2048):
        for crop in ("orig", "16x9"):
            assert {f"{crop}-{width}.webp", f"{crop}-{width}.jpeg"} <= specs
    assert {"1x1-160.jpeg", "1x1-320.webp", "1x1-640.jpeg", "191x100-1200.jpeg"} <= specs
    for rendition in photo.renditions.all():
        spec = parse_spec(rendition.spec)
        image = open_rendition(rendition)
        assert image.size == (rendition.width, rendition.height) and rendition.width == spec.width
        assert image.format == {"webp": "WEBP", "jpeg": "JPEG"}[spec.format]
        if spec.ratio:  # each crop has its ratio, give or take a pixel of rounding
            assert abs(rendition.width / rendition.height - spec.ratio[0] / spec.ratio[1]) < 0.01
    assert open_rendition(photo.renditions.get(spec="orig-2048.jpeg")).size == (2048, 1365)


def test_renditions_are_never_upscaled():
    photo = PhotoFactory(width=700, height=500)
    widths = {int(s.split("-")[1].split(".")[0]) for s in specs_of(photo) if s.startswith("orig-")}
    assert widths == {320, 480, 640}
    assert max(r.width for r in photo.renditions.all()) <= 700
    tiny = PhotoFactory(width=200, height=150)
    assert specs_of(tiny) >= {"orig-200.jpeg", "orig-200.webp", "16x9-200.jpeg", "1x1-150.jpeg"}
    assert widths_for(200) == [200]


def test_crops_follow_the_focal_point():
    # A white frame with one red square near the right edge: the subject.
    image = Image.new("RGB", (1600, 900), (255, 255, 255))
    image.paste((220, 0, 0), (1380, 350, 1580, 550))
    photo = ingest_photo(io.BytesIO(encoded(image, "JPEG", quality=95)), make_renditions_now=False)
    make_renditions(photo)
    centred = open_rendition(photo.renditions.get(spec="1x1-320.jpeg"))
    assert centred.getpixel((300, 160))[1] > 200  # centre crop: no red at its right edge

    photo.focal_point_x, photo.focal_point_y = 0.92, 0.5
    photo.save()
    make_renditions(photo)
    assert set(photo.renditions.values_list("focal_point_key", flat=True)) == {
        "92-50"
    }  # old set gone
    square = open_rendition(photo.renditions.get(spec="1x1-320.jpeg"))
    assert square.getpixel((280, 160))[1] < 60  # the red subject is in frame
    assert crop_box((1600, 900), (1, 1), (0.92, 0.5)) == (700, 0, 1600, 900)


def test_renditions_are_made_once_and_reused(monkeypatch):
    photo = PhotoFactory(width=1200, height=800)
    before = {r.pk: r.file.name for r in photo.renditions.all()}

    def no_pillow(*args, **kwargs):
        raise AssertionError("the original was opened again")

    monkeypatch.setattr(pipeline, "load_original", no_pillow)
    assert make_renditions(photo) == 0
    assert {r.pk: r.file.name for r in photo.renditions.all()} == before
    assert photo.get_rendition("16x9-640.webp").pk in before


def test_saving_a_photo_makes_renditions_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = ingest_photo(image_file(900, 600), make_renditions_now=False)
        assert not photo.renditions.exists()
    assert callbacks  # the task is waiting for the commit
    for callback in callbacks:
        callback()
    assert photo.renditions.count() > 10


def test_pipeline_runs_on_in_memory_storage(
    in_memory_storage, tmp_path, django_capture_on_commit_callbacks
):
    photo = PhotoFactory(width=1000, height=700)
    assert type(photo.file.storage._wrapped).__name__ == "InMemoryStorage"
    names = stored_files(in_memory_storage)
    assert photo.file.name in names and len(names) == 1 + photo.renditions.count()
    for name, data in stored_bytes(in_memory_storage).items():
        assert_no_metadata(name, data)
    assert not (tmp_path / "media").exists()  # nothing touched the file system
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files(in_memory_storage) == []


def test_replacing_the_image_replaces_its_renditions_and_files(django_capture_on_commit_callbacks):
    photo = PhotoFactory(width=1000, height=700)
    old_files = set(stored_files())
    from photos.forms import PhotoForm
    from tests.photos.conftest import upload

    form = PhotoForm(
        data={
            "usage_terms": "staff",
            "credit": photo.credit,
            "caption": photo.caption,
            "alt_text": photo.alt_text,
        },
        files={
            "file": upload(encoded(Image.new("RGB", (800, 800), (9, 9, 9)), "PNG"), "square.png")
        },
        instance=photo,
    )
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        form.save()
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (800, 800) and photo.file.name.endswith(".png")
    files = set(stored_files())
    assert not files & old_files  # the old original and every old rendition are gone
    assert len(files) == 1 + photo.renditions.count()
    assert photo.renditions.get(spec="orig-320.jpeg").height == 320


def test_deleting_a_photo_deletes_its_files(django_capture_on_commit_callbacks):
    photo = PhotoFactory()
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert stored_files() == [] and not Photo.objects.exists()


def test_make_renditions_command_fills_in_what_is_missing(capsys):
    photo = ingest_photo(image_file(900, 600), make_renditions_now=False)
    assert not photo.renditions.exists()
    call_command("make_renditions")
    made = photo.renditions.count()
    assert made > 10 and f"Made {made} renditions." in capsys.readouterr().out
    index = Photo.objects.get(pk=photo.pk).rendition_index
    assert sum(len(entries) for entries in index.values()) == made
    Photo.objects.filter(pk=photo.pk).update(rendition_index={})  # say, an old backup restored
    call_command("make_renditions", str(photo.pk))
    assert "Made 0 renditions." in capsys.readouterr().out
    assert Photo.objects.get(pk=photo.pk).rendition_index == index


def test_a_failed_rendition_write_leaves_no_file(monkeypatch):
    photo = ingest_photo(image_file(700, 500), make_renditions_now=False)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("photos.models.Rendition.save", broken)
    with pytest.raises(RuntimeError):
        make_renditions(photo)
    assert stored_files() == [photo.file.name]
