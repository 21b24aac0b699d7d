"""Helpers for the photo tests: real files made with Pillow, storage listings, admin form data."""

import functools
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

FIXTURES = (Path(__file__).resolve().parents[2] / "../shared/fixtures/photos").resolve()
#: What the shared fixtures carry that must never reach a stored file.
SECRETS = [
    b"SN-4471-0092",
    b"Kim Example",
    b"PH-998877",
    b"ENA20260303X7",
    b"ExampleCam",
    b"PhoneMaker",
]


def fixture_bytes(name):
    """Return the bytes of a shared photo fixture, or skip the test when the folder is absent."""
    if not FIXTURES.is_dir():
        pytest.skip(
            f"the shared photo fixtures are not at {FIXTURES} (shared/ sits beside the checkout)"
        )
    return (FIXTURES / name).read_bytes()


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def raw_png(width, height, *, bit_depth=8, colour_type=2, row=None, compress_rows=None):
    """Return a PNG written by hand: any declared size, any bit depth, rows as given."""
    header = png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    )
    if compress_rows is None:
        compress_rows = (b"\x00" + row for _ in range(height))
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(r) for r in compress_rows) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


@functools.cache
def png_bomb(width, height):
    """Return a tiny PNG declaring ``width``×``height`` black pixels (they compress to nothing)."""
    zero_row = b"\x00" * (1 + (width + 7) // 8)
    return raw_png(
        width, height, bit_depth=1, colour_type=0, compress_rows=(zero_row for _ in range(height))
    )


def walk(storage, path=""):
    folders, files = storage.listdir(path)
    found = [f"{path}/{name}".lstrip("/") for name in files]
    for folder in folders:
        found += walk(storage, f"{path}/{folder}".lstrip("/"))
    return found


def stored_files(storage=None):
    """Return every file name in the storage (empty storages may not exist yet)."""
    storage = storage or default_storage
    try:
        return sorted(walk(storage))
    except FileNotFoundError:
        return []


def stored_bytes(storage=None):
    storage = storage or default_storage
    result = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as f:
            result[name] = f.read()
    return result


def jpeg_segments(data):
    """Return the marker names of a JPEG's segments before the image data (APP0, APP1, COM...)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, pos = [], 2
    while pos < len(data):
        marker = data[pos + 1]
        if marker == 0xDA:  # start of scan: metadata comes before it
            break
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        names = {0xFE: "COM", 0xDB: "DQT", 0xC4: "DHT", 0xDD: "DRI"}
        names.update({0xE0 + n: f"APP{n}" for n in range(16)})
        names.update({0xC0 + n: f"SOF{n}" for n in (0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15)})
        markers.append(names.get(marker, hex(marker)))
        pos += 2 + length
    return markers


def riff_chunks(data):
    """Return the chunk names of a WebP file (VP8, VP8L, VP8X, EXIF, XMP, ICCP...)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, pos = [], 12
    while pos + 8 <= len(data):
        kind, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        chunks.append(kind.decode("latin-1").strip())
        pos += 8 + size + (size & 1)
    return chunks


def assert_no_metadata(name, data):
    """Fail unless one stored file carries no metadata block of any kind."""
    for secret in SECRETS:
        assert secret not in data, f"{name} carries {secret!r}"
    for marker in [
        b"Exif\x00\x00",
        b"http://ns.adobe.com/xap/1.0/",
        b"<x:xmpmeta",
        b"Photoshop 3.0",
        b"ICC_PROFILE",
    ]:
        assert marker not in data, f"{name} carries a {marker!r} block"
    if data[:2] == b"\xff\xd8":
        assert set(jpeg_segments(data)) <= {"APP0", "DQT", "DHT", "DRI", "SOF0", "SOF1", "SOF2"}, (
            name
        )
    elif data[:4] == b"RIFF":
        assert set(riff_chunks(data)) <= {"VP8", "VP8L", "VP8X", "ANIM", "ANMF", "ALPH"}, name
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), f"{name} has EXIF"
    assert (
        "icc_profile" not in image.info and "xmp" not in image.info and "comment" not in image.info
    ), name


def admin_photo_post(**overrides):
    """Return POST data for the photo add/change form."""
    data = {
        "title": "",
        "caption": "",
        "credit": "",
        "alt_text": "",
        "usage_terms": "staff",
        "usage_expires_at_0": "",
        "usage_expires_at_1": "",
        "usage_notes": "",
        "creator": "",
        "source_agency": "",
        "agency_reference": "",
        "copyright_notice": "",
        "taken_at_0": "",
        "taken_at_1": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def in_memory_storage(settings):
    """Run the test with uploads in Django's InMemoryStorage (no file system)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    return default_storage
