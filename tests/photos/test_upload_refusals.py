"""Bad uploads get a form error with a code, and nothing is stored: no row, no file."""

import io

import pytest
from django.urls import reverse
from PIL import Image, ImageFile

from photos import validators
from photos.models import Photo
from photos.validators import validate_image_file

from .conftest import admin_photo_post, encoded, png_bomb, stored_files, upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:photos_photo_add")

SVG_WITH_SCRIPT = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">
  <rect width="400" height="300" fill="navy"/>
  <script>fetch('/admin/').then(r => r.text()).then(t => alert(t))</script>
</svg>"""


def jpeg(width=800, height=600):
    return encoded(Image.new("RGB", (width, height), (200, 40, 40)), "JPEG", quality=90)


def refused(client, data, name):
    """Post ``data`` as the photo file; return the file field's error codes."""
    response = client.post(ADD_URL, admin_photo_post(file=upload(data, name), credit="PHOTO: DESK"))
    assert response.status_code == 200, "the upload was accepted"
    errors = response.context["adminform"].form.errors.as_data()
    assert not Photo.objects.exists()
    assert stored_files() == []
    return [error.code for error in errors["file"]]


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("cut.jpg", jpeg()[:3000], "corrupt_image"),
        (
            "notes.jpg",
            b"Quotes from the mayor's press conference, not pixels.\n" * 20,
            "not_an_image",
        ),
        ("logo.svg", SVG_WITH_SCRIPT, "svg_not_allowed"),
        ("logo.jpg", SVG_WITH_SCRIPT, "svg_not_allowed"),  # the extension is not trusted
        ("bomb.png", png_bomb(20_000, 20_000), "decompression_bomb"),
        ("huge.png", png_bomb(9_000, 9_000), "too_many_pixels"),
        ("scan.tif", encoded(Image.new("RGB", (400, 300)), "TIFF"), "unsupported_format"),
        ("scan.jpg", encoded(Image.new("RGB", (400, 300)), "BMP"), "unsupported_format"),
        (
            "iphone.jpg",
            b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 400,
            "unsupported_format",
        ),
        ("dot.png", encoded(Image.new("RGB", (8, 8)), "PNG"), "too_small"),
        ("empty.jpg", b"", "empty"),  # Django's own FileField check
    ],
)
def test_bad_file_is_refused_with_its_code(editor_client, name, data, code):
    assert refused(editor_client, data, name) == [code]


@pytest.mark.parametrize(
    ("size", "code"), [(20_000, "decompression_bomb"), (9_000, "too_many_pixels")]
)
def test_bombs_are_refused_before_a_single_pixel_is_decoded(monkeypatch, size, code):
    bomb = png_bomb(size, size)
    assert len(bomb) < 200_000  # tens of megapixels declared in a few dozen kilobytes

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    monkeypatch.setattr(Image.Image, "load", no_decoding)
    with pytest.raises(validators.ValidationError) as exc:
        validate_image_file(io.BytesIO(bomb))
    assert exc.value.code == code


def test_file_over_the_size_limit_is_refused(editor_client, monkeypatch):
    monkeypatch.setattr(validators, "MAX_UPLOAD_BYTES", 10_000)
    assert refused(editor_client, jpeg(1200, 900), "big.jpg") == ["file_too_large"]


def test_too_long_animation_is_refused(editor_client, monkeypatch):
    monkeypatch.setattr(validators, "MAX_FRAMES", 3)
    frames = [Image.new("RGB", (64, 64), (i * 40, 0, 0)) for i in range(5)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80)
    assert refused(editor_client, gif, "loop.gif") == ["animation_too_large"]


def test_corrupt_frame_in_an_animation_is_refused():
    frames = [Image.new("RGB", (64, 64), (i * 40, 90, 0)) for i in range(4)]
    gif = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=80)
    with pytest.raises(validators.ValidationError) as exc:
        validate_image_file(io.BytesIO(gif[: len(gif) - 120]))
    assert exc.value.code == "corrupt_image"


def test_decorative_photo_with_alt_text_is_refused(editor_client):
    response = editor_client.post(
        ADD_URL, admin_photo_post(file=upload(jpeg()), alt_text="A red square", is_decorative="on")
    )
    assert (
        response.context["adminform"].form.errors.as_data()["alt_text"][0].code
        == "decorative_with_alt"
    )
    assert stored_files() == []


def test_anonymous_and_unprivileged_users_cannot_upload(client, user_factory):
    response = client.post(ADD_URL, admin_photo_post(file=upload(jpeg())))
    assert response.status_code == 302 and "/login/" in response["Location"]
    outsider = user_factory(username="intern")  # staff, but in no group
    client.force_login(outsider)
    assert client.post(ADD_URL, admin_photo_post(file=upload(jpeg()))).status_code == 403
    assert not Photo.objects.exists() and stored_files() == []
