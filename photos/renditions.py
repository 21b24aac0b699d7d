"""
Pillow I/O for photos: decode, normalise and write renditions.

Depends on photos.operations for the maths and on photos.models for storage
rows; nothing here runs during a reader's request.
"""

import io

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from .operations import CROPS, Spec, crop_box, parse_spec, specs_for, target_size

#: What every photo gets when it is saved: srcset widths for the photo's own
#: proportions and for the 16:9 lead crop; headshot squares; one social card.
RENDITION_SET = {
    "orig": {"widths": None, "formats": ("webp", "jpeg")},
    "16x9": {"widths": None, "formats": ("webp", "jpeg")},
    "1x1": {"widths": (160, 320, 640), "formats": ("webp", "jpeg")},
    "191x100": {"widths": (1200,), "formats": ("jpeg",)},
}
JPEG_QUALITY = 82
WEBP_QUALITY = 80


def to_rgb(image):
    """Return ``image`` in a mode JPEG and WebP can store, alpha flattened on white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.point(lambda v: v / 256).convert("L")
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def load_original(photo):
    """Open the stored original, upright and in RGB."""
    with photo.file.open("rb") as f:
        image = Image.open(f)
        image.load()
    image = ImageOps.exif_transpose(image)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    return to_rgb(image)


def render(image, spec, focal_point=None):
    """Return the encoded bytes and size of ``spec`` cut from ``image``."""
    box = crop_box(image.size, CROPS[spec.crop], focal_point)
    cropped = image.crop(box) if box != (0, 0, *image.size) else image
    size = target_size(cropped.size, spec.width)
    if size != cropped.size:
        cropped = cropped.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return encode(cropped, spec.format), size


def wanted_specs(photo):
    specs = []
    size = (photo.width, photo.height)
    for crop, options in RENDITION_SET.items():
        specs += specs_for(size, crop, options["formats"], options["widths"], photo.focal_point)
    return specs


def make_renditions(photo):
    """Write every rendition in RENDITION_SET that the photo does not have yet.

    Old renditions for another focal point are deleted. Returns the number made.
    """
    from .models import Rendition

    key = photo.focal_point_key
    stale = photo.renditions.exclude(focal_point_key=key)
    for rendition in stale:
        rendition.file.delete(save=False)
    stale.delete()
    existing = set(photo.renditions.values_list("spec", flat=True))
    missing = [spec for spec in wanted_specs(photo) if str(spec) not in existing]
    if not missing:
        return 0
    image = load_original(photo)
    made = 0
    # Largest first, so each smaller size can start from a cached crop.
    for spec in sorted(missing, key=lambda s: -s.width):
        data, (width, height) = render(image, spec, photo.focal_point)
        rendition = Rendition(photo=photo, spec=str(spec), focal_point_key=key, width=width, height=height)
        rendition.file.save(f"{key}-{spec}", ContentFile(data), save=False)
        try:
            with transaction.atomic():
                rendition.save()
            made += 1
        except IntegrityError:  # made concurrently by another process
            rendition.file.delete(save=False)
    return made


def get_or_create_rendition(photo, spec):
    """Return the rendition for ``spec`` (a string or Spec), making it if needed."""
    from .models import Rendition

    spec = spec if isinstance(spec, Spec) else parse_spec(spec)
    key = photo.focal_point_key
    found = photo.renditions.filter(spec=str(spec), focal_point_key=key).first()
    if found:
        return found
    data, (width, height) = render(load_original(photo), spec, photo.focal_point)
    rendition = Rendition(photo=photo, spec=str(spec), focal_point_key=key, width=width, height=height)
    rendition.file.save(f"{key}-{spec}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:
        rendition.file.delete(save=False)
        return photo.renditions.get(spec=str(spec), focal_point_key=key)
    return rendition
