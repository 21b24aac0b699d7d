"""Agency and phone photos: their metadata fills the form, and none of it reaches a stored file.

Uses the shared fixtures (agency-photo.jpg with IPTC, XMP, EXIF and GPS;
phone-portrait.jpg with EXIF orientation 6, a serial number and GPS).
"""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from PIL import ExifTags, Image

from photos.ingest import prefill_values, prepare_upload
from photos.metadata import read_metadata
from photos.models import Photo

from .conftest import (
    admin_photo_post,
    assert_no_metadata,
    encoded,
    fixture_bytes,
    stored_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:photos_photo_add")
CAPTION = (
    "A delegation leader speaks to reporters at a hotel in Busan on March 3, 2026, as talks ended."
)


def add_through_admin(client, data, name, capture, **fields):
    with capture(execute=True):
        response = client.post(
            ADD_URL, admin_photo_post(file=upload(data, name), **fields), follow=True
        )
    assert response.status_code == 200
    assert "adminform" in response.context and response.context["adminform"].form.instance.pk, (
        "the upload was not saved"
    )
    return response


def test_agency_photo_prefills_the_form_and_is_stored_clean(
    editor_client, django_capture_on_commit_callbacks
):
    data = fixture_bytes("agency-photo.jpg")
    response = add_through_admin(
        editor_client,
        data,
        "ENA20260303X7.jpg",
        django_capture_on_commit_callbacks,
        alt_text="A man at a lectern facing microphones",
    )
    # The editor lands on the photo's change form, filled from the file.
    form = response.context["adminform"].form
    assert form.initial["caption"] == CAPTION
    assert form.initial["credit"] == "PHOTO: EXAMPLE NEWS AGENCY"
    assert form.initial["creator"] == "Kim Example"
    assert form.initial["copyright_notice"] == "(c) 2026 Example News Agency"
    assert form.initial["agency_reference"] == "ENA20260303X7"
    assert form.initial["alt_text"] == "A man at a lectern facing microphones"  # typed: kept
    photo = Photo.objects.get()
    assert photo.taken_at == datetime(2026, 3, 3, 14, 22, 10, tzinfo=ZoneInfo("Asia/Seoul"))
    messages = [str(m) for m in response.context["messages"]]
    assert any("Filled in from the file's metadata" in m and "caption" in m for m in messages)
    # Not one stored byte carries the serial, the owner, the GPS block or the agency's blocks.
    files = stored_bytes()
    assert len(files) == 1 + photo.renditions.count()
    for name, stored in files.items():
        assert_no_metadata(name, stored)


def test_phone_portrait_is_stored_upright_without_serial_or_position(
    editor_client, django_capture_on_commit_callbacks
):
    data = fixture_bytes("phone-portrait.jpg")
    add_through_admin(
        editor_client,
        data,
        "IMG_2231.JPG",
        django_capture_on_commit_callbacks,
        caption="Commuters at Seoul Station",
        credit="PHOTO: STAFF",
    )
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (1500, 2000)  # portrait once the orientation is applied
    assert photo.taken_at == datetime(2026, 2, 11, 9, 5, tzinfo=ZoneInfo("Asia/Seoul"))
    assert photo.agency_reference == "IMG_2231.JPG"  # no reference in the file: its name
    files = stored_bytes()
    assert Image.open(io.BytesIO(files[photo.file.name])).size == (1500, 2000)
    assert photo.renditions.get(spec="orig-480.jpeg").height == 640
    for name, stored in files.items():
        assert_no_metadata(name, stored)


def test_what_the_editor_types_wins_over_the_file(
    editor_client, django_capture_on_commit_callbacks
):
    add_through_admin(
        editor_client,
        fixture_bytes("agency-photo.jpg"),
        "a.jpg",
        django_capture_on_commit_callbacks,
        caption="Our own caption.",
        credit="PHOTO: EXAMPLE NEWS AGENCY/POOL",
    )
    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Our own caption.", "PHOTO: EXAMPLE NEWS AGENCY/POOL")
    assert photo.creator == "Kim Example"  # left empty, so filled


def test_decorative_photo_takes_no_alt_text_from_the_file():
    xmp = (
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        b"<rdf:Description xmlns:Iptc4xmpCore='http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/' "
        b"Iptc4xmpCore:AltTextAccessibility='A grey texture'/></rdf:RDF></x:xmpmeta>"
    )
    prepared = prepare_upload(io.BytesIO(encoded(Image.new("RGB", (300, 200)), "JPEG", xmp=xmp)))
    assert prepared.metadata.alt_text == "A grey texture"
    assert "alt_text" not in prefill_values(prepared, {}, decorative=True)
    assert prefill_values(prepared, {})["alt_text"] == "A grey texture"


def test_xmp_in_attribute_form_and_korean_text_are_read():
    xmp = (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        "<rdf:Description rdf:about='' xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/' "
        "photoshop:Credit='사진: 한빛뉴스' photoshop:DateCreated='2026-05-01T08:30:00+09:00' "
        "photoshop:TransmissionReference='HB-0501-7'/></rdf:RDF></x:xmpmeta><?xpacket end='w'?>"
    ).encode()
    with Image.open(io.BytesIO(encoded(Image.new("RGB", (300, 200)), "JPEG", xmp=xmp))) as image:
        found = read_metadata(image)
    assert found.credit == "사진: 한빛뉴스" and found.agency_reference == "HB-0501-7"
    assert found.taken_at == datetime(2026, 5, 1, 8, 30, tzinfo=ZoneInfo("Asia/Seoul"))


def test_hostile_xmp_is_ignored_not_expanded():
    bomb = (
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        b"<rdf:Description xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'>"
        b"<photoshop:Credit>&b;</photoshop:Credit></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    with Image.open(io.BytesIO(encoded(Image.new("RGB", (300, 200)), "JPEG", xmp=bomb))) as image:
        assert read_metadata(image).credit == ""


def test_xmp_wins_over_iptc_over_exif_and_a_date_alone_yields_to_a_time():
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Exif Artist"
    exif[ExifTags.Base.Copyright] = "Exif Copyright"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:04:02 16:45:00"
    xmp = (
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
        b"<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq>"
        b"<rdf:li>Xmp Creator</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF>"
        b"</x:xmpmeta>"
    )
    data = encoded(Image.new("RGB", (300, 200)), "JPEG", exif=exif, xmp=xmp)
    with Image.open(io.BytesIO(data)) as image:
        found = read_metadata(image)
    assert (found.creator, found.copyright_notice) == ("Xmp Creator", "Exif Copyright")
    assert found.taken_at == datetime(2026, 4, 2, 16, 45, tzinfo=ZoneInfo("Asia/Seoul"))
    # The agency photo's IPTC date (no time) gives way to its EXIF time of day.
    with Image.open(io.BytesIO(fixture_bytes("agency-photo.jpg"))) as image:
        assert read_metadata(image).taken_at.hour == 14
