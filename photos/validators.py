"""
Upload checks: a file is accepted only if Pillow decodes all of it.

Extensions and content types are not trusted. Sizes are checked from the
header before any pixel is decoded, so a decompression bomb is refused before
it can allocate memory; only JPEG, PNG, WebP and GIF parsers ever see the file.
"""

import struct
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: What an upload field tells the browser to offer (the server decides anyway).
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
#: 60 megapixels: more than any news camera delivers, small enough that a
#: decoded image (three bytes a pixel) stays under 200 MB.
MAX_PIXELS = 60_000_000
#: Animations are decoded frame by frame: bound the frames and their total.
MAX_FRAMES = 300
MAX_ANIMATION_PIXELS = 100_000_000
MIN_SIDE = 16

#: Formats people try to upload, recognised by their first bytes, so the
#: refusal can name them. Pillow never parses these.
_SIGNATURES = [
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
    (b"8BPS", "PSD"),
    (b"%PDF", "PDF"),
    (b"%!PS", "PostScript"),
    (b"\x00\x00\x01\x00", "ICO"),
]
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF"}


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    file.seek(0)
    return size


def sniff_refused_format(head):
    """Return the name of a refused format that ``head`` (the first bytes) starts like, or None."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text[:1024]:
        return "SVG"
    if head[4:8] == b"ftyp":
        return _HEIF_BRANDS.get(head[8:12], "HEIF")
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    return None


def open_upload(file):
    """Return ``file`` opened by Pillow and fully decoded, or raise ValidationError.

    Every frame of an animation is decoded. The caller closes the image
    (``with open_upload(f) as image:``); the file is rewound.
    """
    size = file_size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)d MB; the limit is %(limit)d MB."),
            code="file_too_large",
            params={"size": size // 2**20, "limit": MAX_UPLOAD_BYTES // 2**20},
        )
    head = file.read(2048)
    file.seek(0)
    refused = sniff_refused_format(head)
    if refused == "SVG":
        raise ValidationError(
            _(
                "SVG drawings are not accepted: they can carry scripts. "
                "Export the image as PNG or JPEG."
            ),
            code="svg_not_allowed",
        )
    if refused:
        raise ValidationError(
            _("%(format)s files are not accepted. Upload a JPEG, PNG, WebP or GIF."),
            code="unsupported_format",
            params={"format": refused},
        )
    image = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only the four accepted parsers ever read the file.
            image = Image.open(file, formats=ACCEPTED_FORMATS)
            check_dimensions(image)
            decode_fully(image)
    except BaseException as exc:
        if image is not None:
            image.__exit__(
                None, None, None
            )  # as `with` does: release, but leave the caller's file open
        error = _as_validation_error(exc)
        if error is exc:
            raise
        raise error from None
    finally:
        file.seek(0)
    return image


def _as_validation_error(exc):
    if isinstance(exc, ValidationError):
        return exc
    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return ValidationError(
            _(
                "The image declares far more pixels than its file size allows: it looks like a "
                "decompression bomb and was not opened."
            ),
            code="decompression_bomb",
        )
    if isinstance(exc, UnidentifiedImageError):
        return ValidationError(
            _("This file is not an image Newsroom can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        )
    # Pillow's parsers report damaged files with any of these.
    if isinstance(
        exc,
        (
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
            IndexError,
            KeyError,
            TypeError,
            ZeroDivisionError,
            struct.error,
        ),
    ):
        return ValidationError(
            _("The image is damaged or incomplete; export it again and re-upload."),
            code="corrupt_image",
        )
    return exc


def check_dimensions(image):
    """Refuse sizes read from the header, before any pixel is decoded."""
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "The image is %(w)d×%(h)d pixels; the limit is %(limit)d megapixels. "
                "Export a smaller copy."
            ),
            code="too_many_pixels",
            params={"w": width, "h": height, "limit": MAX_PIXELS // 1_000_000},
        )
    if min(width, height) < MIN_SIDE:
        raise ValidationError(
            _("The image is too small (%(w)d×%(h)d pixels) to show on a page."),
            code="too_small",
            params={"w": width, "h": height},
        )
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES or frames * width * height > MAX_ANIMATION_PIXELS:
        raise ValidationError(
            _(
                "The animation has %(n)d frames of %(w)d×%(h)d pixels; that is more than Newsroom "
                "accepts. Shorten it or make it smaller."
            ),
            code="animation_too_large",
            params={"n": frames, "w": width, "h": height},
        )


def decode_fully(image):
    """Decode every byte (every frame): truncated or corrupt files fail here."""
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        image.load()
    image.seek(0)


def validate_image_file(file):
    """Raise ValidationError unless ``file`` is an accepted, fully decodable image.

    Return the decoded format name ("JPEG", "PNG", "WEBP" or "GIF").
    """
    with open_upload(file) as image:
        return image.format
