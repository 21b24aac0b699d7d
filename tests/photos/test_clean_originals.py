"""Accepted files are stored upright, in a mode browsers show, with no metadata at all."""

import io

import pytest
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from photos.ingest import ingest_photo
from photos.models import Photo

from .conftest import admin_photo_post, assert_no_metadata, encoded, raw_png, stored_bytes, upload

pytestmark = pytest.mark.django_db

XMP = (
    b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
    b"<rdf:Description xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:creator><rdf:Seq>"
    b"<rdf:li>Kim Example</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def camera_exif(orientation=1):
    """EXIF as a phone writes it: maker, serial, owner, and where the photographer stood."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (37.0, 33.0, 59.4)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (126.0, 58.0, 40.8)
    detail = exif.get_ifd(ExifTags.IFD.Exif)
    detail[ExifTags.Base.BodySerialNumber] = "PH-998877"
    detail[ExifTags.Base.CameraOwnerName] = "Kim Example"
    return exif


def stored_image(photo):
    with photo.file.storage.open(photo.file.name, "rb") as f:
        data = f.read()
    return data, Image.open(io.BytesIO(data))


def near(pixel, expected, tolerance=24):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=False))


def test_photo_with_gps_keeps_no_trace_in_any_stored_file(
    editor_client, django_capture_on_commit_callbacks
):
    source = encoded(
        Image.new("RGB", (1600, 1200), (30, 90, 160)),
        "JPEG",
        exif=camera_exif(),
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    assert b"PH-998877" in source and b"Kim Example" in source
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:photos_photo_add"),
            admin_photo_post(
                file=upload(source, "IMG_0042.jpg"), credit="PHOTO: DESK", alt_text="A blue wall"
            ),
        )
    assert response.status_code == 302
    photo = Photo.objects.get()
    files = stored_bytes()
    assert photo.file.name in files and len(files) == 1 + photo.renditions.count() > 20
    for name, data in files.items():
        assert_no_metadata(name, data)


def test_exif_rotated_portrait_is_stored_upright():
    # Stored sideways: red on the left, blue on the right; Orientation 6 means "turn 90° clockwise".
    sideways = Image.new("RGB", (800, 600), (0, 0, 255))
    sideways.paste((255, 0, 0), (0, 0, 400, 600))
    photo = ingest_photo(
        io.BytesIO(encoded(sideways, "JPEG", exif=camera_exif(orientation=6))),
        make_renditions_now=True,
    )
    assert (photo.width, photo.height) == (600, 800)
    data, image = stored_image(photo)
    assert image.size == (600, 800) and ExifTags.Base.Orientation not in image.getexif()
    assert near(image.getpixel((300, 100)), (255, 0, 0)) and near(
        image.getpixel((300, 700)), (0, 0, 255)
    )
    square = photo.renditions.get(spec="1x1-320.jpeg")
    assert (square.width, square.height) == (320, 320)
    assert_no_metadata(photo.file.name, data)


def test_cmyk_jpeg_is_stored_as_rgb_with_its_colours():
    cmyk = Image.new("CMYK", (640, 480), (0, 255, 255, 0))  # printers' red
    photo = ingest_photo(io.BytesIO(encoded(cmyk, "JPEG", quality=95)))
    data, image = stored_image(photo)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert near(image.getpixel((320, 240)), (255, 0, 0))
    rendition = photo.renditions.get(spec="orig-320.webp")
    with rendition.file.open("rb") as f:
        assert near(Image.open(f).convert("RGB").getpixel((100, 100)), (255, 0, 0))


def test_sixteen_bit_pngs_are_accepted_and_rendered_in_eight_bits():
    grey = Image.new("I;16", (640, 400), 0x8000)
    photo = ingest_photo(io.BytesIO(encoded(grey, "PNG")))
    data, image = stored_image(photo)
    assert image.format == "PNG" and image.mode.startswith("I")  # the original keeps its depth
    with photo.renditions.get(spec="orig-320.jpeg").file.open("rb") as f:
        assert near(Image.open(f).convert("RGB").getpixel((10, 10)), (128, 128, 128), 4)

    # 48-bit colour, written by hand (Pillow only reads it): orange at full depth.
    rgb48 = raw_png(500, 300, bit_depth=16, colour_type=2, row=b"\xff\xff\x80\x00\x00\x00" * 500)
    photo = ingest_photo(io.BytesIO(rgb48))
    with photo.renditions.get(spec="orig-480.jpeg").file.open("rb") as f:
        assert near(Image.open(f).getpixel((10, 10)), (255, 128, 0))


def test_animated_gif_stays_animated_without_its_comment():
    frames = [
        Image.new("RGB", (320, 240), colour) for colour in [(250, 0, 0), (0, 250, 0), (0, 0, 250)]
    ]
    gif = encoded(
        frames[0],
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=120,
        loop=0,
        comment=b"Shot by Kim Example",
    )
    photo = ingest_photo(io.BytesIO(gif))
    data, image = stored_image(photo)
    assert image.format == "GIF" and image.n_frames == 3 and b"Kim Example" not in data
    assert "comment" not in image.info
    assert photo.file.name.endswith(".gif")
    # Renditions are stills of the first frame.
    with photo.renditions.get(spec="orig-320.jpeg").file.open("rb") as f:
        assert near(Image.open(f).getpixel((100, 100)), (250, 0, 0))


def test_png_text_xmp_and_exif_are_dropped_and_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Kim Example")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((20, 160, 60, 255), (100, 100, 300, 200))
    photo = ingest_photo(
        io.BytesIO(encoded(image, "PNG", pnginfo=info, exif=camera_exif())), alt_text="A green bar"
    )
    data, stored = stored_image(photo)
    assert stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0
    assert_no_metadata(photo.file.name, data)
    assert photo.creator == "Kim Example"  # read from the XMP into the form field, not the file


def test_webp_exif_and_xmp_are_dropped():
    webp = encoded(Image.new("RGB", (500, 400), (90, 90, 20)), "WEBP", exif=camera_exif(), xmp=XMP)
    photo = ingest_photo(io.BytesIO(webp))
    data, image = stored_image(photo)
    assert image.format == "WEBP"
    assert_no_metadata(photo.file.name, data)


@pytest.mark.parametrize(
    "options",
    [
        {"exif": camera_exif()},
        {"icc_profile": ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()},
        {"comment": b"a note"},
    ],
)
def test_the_metadata_check_itself_catches_an_unclean_file(options):
    with pytest.raises(AssertionError):
        assert_no_metadata("raw.jpg", encoded(Image.new("RGB", (64, 64)), "JPEG", **options))


def test_animated_webp_stays_animated_and_clean():
    frames = [Image.new("RGB", (320, 240), colour) for colour in [(250, 0, 0), (0, 0, 250)]]
    webp = encoded(
        frames[0],
        "WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=200,
        exif=camera_exif(),
        xmp=XMP,
    )
    photo = ingest_photo(io.BytesIO(webp))
    data, image = stored_image(photo)
    assert image.format == "WEBP" and image.n_frames == 2
    assert_no_metadata(photo.file.name, data)
