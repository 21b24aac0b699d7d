"""
Upload checks: a file is accepted only if Pillow decodes all of it.

Extensions and content types are not trusted; SVG and anything Pillow cannot
read fully are refused with a form error, before anything is stored.
"""

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
#: 60 megapixels: larger than any news camera, small enough to refuse
#: decompression bombs before they exhaust memory.
MAX_PIXELS = 60_000_000
MIN_SIDE = 16


def validate_image_file(file):
    """Raise ValidationError unless ``file`` is an accepted, fully decodable image.

    Return the decoded format name ("JPEG", "PNG", ...).
    """
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)d MB; the limit is %(limit)d MB."),
            code="file_too_large",
            params={"size": size // 2**20, "limit": MAX_UPLOAD_BYTES // 2**20},
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                fmt = image.format
                width, height = image.size
                if fmt not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _("%(format)s files are not accepted. Upload a JPEG, PNG, WebP or GIF."),
                        code="unsupported_format",
                        params={"format": fmt or _("This kind of")},
                    )
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image is %(w)d×%(h)d pixels; the limit is %(limit)d megapixels."),
                        code="too_many_pixels",
                        params={"w": width, "h": height, "limit": MAX_PIXELS // 1_000_000},
                    )
                if min(width, height) < MIN_SIDE:
                    raise ValidationError(
                        _("The image is too small (%(w)d×%(h)d pixels)."),
                        code="too_small", params={"w": width, "h": height},
                    )
                image.load()  # decodes every byte: truncated files fail here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image declares more pixels than it could hold; it looks like a decompression bomb."),
            code="decompression_bomb",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image Newsroom can read. Upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The image is damaged or incomplete; export it again and re-upload."),
            code="corrupt_image",
        ) from None
    finally:
        file.seek(0)
    return fmt
