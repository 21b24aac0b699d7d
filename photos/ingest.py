"""
Turn an accepted upload into a clean original: upright, metadata-free.

The original is re-encoded so that no EXIF, IPTC, XMP or GPS data reaches the
media folder; what the editor needs of it is returned to prefill the form.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from .renditions import to_rgb


def clean_original(file, fmt):
    """Return (ContentFile, extension, sha256, (width, height)) of ``file`` re-encoded without metadata."""
    file.seek(0)
    with Image.open(file) as source:
        source.load()
        animated = getattr(source, "n_frames", 1) > 1
        image = ImageOps.exif_transpose(source)
        buffer = io.BytesIO()
        if fmt == "GIF" and animated:
            # Keep the animation; GIF carries no EXIF/GPS, comments are dropped.
            frames = [frame.copy() for frame in _frames(source)]
            frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:],
                           loop=source.info.get("loop", 0), duration=source.info.get("duration", 100))
            ext = "gif"
        elif fmt == "PNG":
            if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                image = to_rgb(image)
            image.save(buffer, "PNG", optimize=True)
            ext = "png"
        elif fmt == "WEBP":
            image.save(buffer, "WEBP", quality=90, lossless=False)
            ext = "webp"
        else:
            to_rgb(image).save(buffer, "JPEG", quality=92, optimize=True)
            ext = "jpg"
    data = buffer.getvalue()
    return ContentFile(data), ext, hashlib.sha256(data).hexdigest(), image.size


def _frames(image):
    for index in range(image.n_frames):
        image.seek(index)
        yield image.convert("RGBA")


def ingest_photo(file, *, uploaded_by=None, make_renditions_now=True, **fields):
    """Validate ``file``, store a clean original and return the saved Photo.

    Raises django.core.exceptions.ValidationError for anything but an accepted image.
    """
    from .models import Photo
    from .renditions import make_renditions
    from .validators import validate_image_file

    fmt = validate_image_file(file)
    content, ext, digest, (width, height) = clean_original(file, fmt)
    photo = Photo(uploaded_by=uploaded_by, file_hash=digest, width=width, height=height, **fields)
    photo.file.save(f"upload.{ext}", content, save=False)
    photo.save()
    if make_renditions_now:
        make_renditions(photo)
    return photo
