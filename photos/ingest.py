"""
Turn an upload into a clean original: upright, in sRGB, with no metadata.

``prepare_upload`` does all the Pillow work (checks, metadata, re-encoding)
before anything is stored, so a refused file leaves no trace. The original is
re-encoded from its pixels alone: no EXIF, IPTC, XMP, GPS, comment or colour
profile reaches the storage (colours are converted to sRGB first, which
browsers assume for untagged images). What the editor needs of the metadata
is returned to prefill the form.

Files written through ``store_original`` inside ``deleting_files_on_error()``
are removed again if the block fails, so a failed save leaves no orphan.
"""

import hashlib
import io
import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, Image, ImageCms, ImageOps

from .metadata import EmbeddedMetadata, read_metadata
from .validators import open_upload

logger = logging.getLogger(__name__)

ORIGINAL_QUALITY = 92  # re-encoded originals (JPEG, WebP): visually lossless
ORIENTATION = ExifTags.Base.Orientation
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_written = ContextVar("photos_written_files", default=None)


@dataclass
class PreparedUpload:
    """An accepted upload, re-encoded clean and ready to store."""

    content: bytes
    extension: str
    width: int
    height: int
    metadata: EmbeddedMetadata
    original_name: str = ""

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()


def prepare_upload(file):
    """Check ``file``, read its metadata and re-encode it clean.

    Raise django.core.exceptions.ValidationError for anything but an accepted image.
    """
    with open_upload(file) as image:
        metadata = read_metadata(image)
        content, extension, size = clean_original(image)
    name = getattr(file, "name", "") or ""
    return PreparedUpload(content, extension, *size, metadata, name.rsplit("/", 1)[-1])


def clean_original(image):
    """Return (bytes, extension, (width, height)) of ``image`` re-encoded without metadata."""
    fmt = image.format
    buffer = io.BytesIO()
    if getattr(image, "n_frames", 1) > 1 and fmt in ("GIF", "WEBP"):
        frames = list(_clean_frames(image))
        options = {
            "save_all": True,
            "append_images": frames[1:],
            "loop": image.info.get("loop", 0),
            "duration": [frame.info.get("duration", 100) for frame in frames],
        }
        # Pillow copies a frame's info (comments, XMP) into the file: start from nothing.
        for frame in frames:
            frame.info = {}
        frames[0].save(buffer, fmt, **options)
        return buffer.getvalue(), fmt.lower(), frames[0].size
    # exif_transpose copies even an upright image: skip it then (24 MP is 72 MB a copy).
    upright = ImageOps.exif_transpose(image) if image.getexif().get(ORIENTATION, 1) != 1 else image
    clean = to_srgb(upright)
    # Keep transparency (it is pixels, not metadata); Pillow would write the rest.
    clean.info = {k: v for k, v in upright.info.items() if k == "transparency"}
    if fmt == "PNG":
        clean.save(buffer, "PNG")
        extension = "png"
    elif fmt == "GIF":
        clean.save(buffer, "GIF")
        extension = "gif"
    elif fmt == "WEBP":
        clean.save(buffer, "WEBP", quality=ORIGINAL_QUALITY, method=4)
        extension = "webp"
    else:
        if clean.mode not in ("RGB", "L"):
            clean = to_rgb(clean)
        clean.save(buffer, "JPEG", quality=ORIGINAL_QUALITY)
        extension = "jpg"
    return buffer.getvalue(), extension, clean.size


def _clean_frames(image):
    for index in range(image.n_frames):
        image.seek(index)
        frame = image.convert("RGBA")
        frame.info = {"duration": image.info.get("duration", 100)}
        yield frame
    image.seek(0)


def to_srgb(image):
    """Return ``image`` with its colour profile applied (converted to sRGB) and dropped.

    Images without a profile, or with one lcms cannot read, are returned as they are.
    """
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        logger.info("Ignoring an unusable colour profile: %s", exc)
        return image
    return converted if converted is not None else image


def to_rgb(image):
    """Return ``image`` in a mode JPEG and WebP can store, alpha flattened on white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greys: scale to 8 bits (a plain convert clips everything to white).
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


@contextmanager
def deleting_files_on_error():
    """Delete the files stored by ``store_original`` inside this block if it raises.

    Nested blocks share the outermost one's list, so a file survives only if
    the whole unit of work (for the admin: the whole request) succeeds.
    """
    if _written.get() is not None:
        yield
        return
    token = _written.set([])
    try:
        yield
    except BaseException:
        for storage, name in _written.get():
            try:
                storage.delete(name)
            except Exception:  # the original error matters more
                logger.exception("Could not delete %s after a failed save", name)
        raise
    finally:
        _written.reset(token)


def store_original(photo, prepared):
    """Write ``prepared`` to storage as ``photo``'s original (not saving the row).

    A replaced original is remembered so the save can drop it and its renditions.
    """
    previous = ""
    if photo.pk:  # the name in the database: the form has already put the upload in photo.file
        previous = (
            type(photo)._base_manager.filter(pk=photo.pk).values_list("file", flat=True).first()
            or ""
        )
    photo.file_hash = prepared.sha256
    photo.width, photo.height = prepared.width, prepared.height
    photo.file.save(f"upload.{prepared.extension}", ContentFile(prepared.content), save=False)
    written = _written.get()
    if written is not None:
        written.append((photo.file.storage, photo.file.name))
    if previous and previous != photo.file.name:
        photo._replaced_original = previous


def ingest_photo(file, *, uploaded_by=None, make_renditions_now=True, **fields):
    """Validate ``file``, store a clean original and return the saved Photo.

    Fields not given are filled from the file's metadata. Raises
    django.core.exceptions.ValidationError for anything but an accepted image.
    """
    from .models import Photo
    from .renditions import make_renditions

    prepared = prepare_upload(file)
    values = {**prefill_values(prepared, fields), **fields}
    photo = Photo(uploaded_by=uploaded_by, **values)
    with deleting_files_on_error(), transaction.atomic():
        store_original(photo, prepared)
        photo.save()
    if make_renditions_now:
        make_renditions(photo)
    return photo


def prefill_values(prepared, given, *, decorative=False):
    """Return the metadata values for the fields ``given`` leaves empty, cut to fit."""
    from .models import Photo

    values = {}
    for name, value in prepared.metadata.values().items():
        if given.get(name) or (name == "alt_text" and decorative):
            continue
        max_length = Photo._meta.get_field(name).max_length
        values[name] = value[:max_length] if max_length and isinstance(value, str) else value
    if (
        not given.get("agency_reference")
        and "agency_reference" not in values
        and prepared.original_name
    ):
        values["agency_reference"] = prepared.original_name[:200]
    return values
