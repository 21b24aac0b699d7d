"""Foundation checks of the photo path: real decoding, clean originals, srcset markup."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse
from PIL import Image

from photos.ingest import ingest_photo
from photos.models import Photo
from photos.validators import validate_image_file
from tests.factories import PhotoFactory, image_file

pytestmark = pytest.mark.django_db


def test_text_file_named_jpg_is_refused():
    fake = io.BytesIO(b"just words, not pixels")
    fake.name = "photo.jpg"
    with pytest.raises(ValidationError) as exc:
        validate_image_file(fake)
    assert exc.value.code == "not_an_image"


def test_upload_through_admin_stores_a_photo_with_renditions(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile(
        "busan.jpg", image_file(1200, 800).getvalue(), content_type="image/jpeg"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:photos_photo_add"),
            {
                "file": upload,
                "caption": "Cranes",
                "credit": "PHOTO: AGENCY",
                "alt_text": "Cranes",
                "usage_terms": "agency",
                "title": "",
                "creator": "",
                "copyright_notice": "",
                "source_agency": "",
                "agency_reference": "",
                "usage_notes": "",
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.uploaded_by == editor_client.user
    specs = set(photo.renditions.values_list("spec", flat=True))
    assert {
        "orig-320.webp",
        "orig-1024.jpeg",
        "16x9-1024.jpeg",
        "1x1-320.jpeg",
        "191x100-1200.jpeg",
    } <= specs
    assert not any(
        s.endswith(("-1280.jpeg", "-2048.jpeg")) for s in specs if s.startswith("orig")
    )  # no upscaling


def test_broken_upload_gets_a_form_error_and_stores_nothing(editor_client):
    truncated = image_file(800, 600).getvalue()[:2000]
    upload = SimpleUploadedFile("cut.jpg", truncated, content_type="image/jpeg")
    response = editor_client.post(
        reverse("admin:photos_photo_add"), {"file": upload, "usage_terms": "staff"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["file"][0].code == "corrupt_image"
    assert not Photo.objects.exists()


def test_photo_tag_emits_srcset_with_dimensions_and_alt():
    photo = PhotoFactory(width=1200, height=800, alt_text="Idle cranes")
    html = Template('{% load photos %}{% photo_img photo crop="16x9" sizes="100vw" %}').render(
        Context({"photo": photo})
    )
    assert '<source type="image/webp"' in html
    assert 'srcset="' in html and "320w" in html and "1024w" in html
    assert 'width="1024" height="576"' in html
    assert 'alt="Idle cranes"' in html and 'loading="lazy"' in html
    lead = Template("{% load photos %}{% photo_img photo lead=True %}").render(
        Context({"photo": photo})
    )
    assert 'loading="eager" fetchpriority="high"' in lead


def test_stored_original_keeps_no_exif():
    source = Image.new("RGB", (400, 300), (10, 20, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0xA431] = "SN-12345"  # BodySerialNumber
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    buffer.name = "camera.jpg"
    photo = ingest_photo(buffer, make_renditions_now=False)
    with photo.file.open("rb") as f:
        data = f.read()
    assert b"SN-12345" not in data and b"CameraMaker" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
