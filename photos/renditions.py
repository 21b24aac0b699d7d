"""
Pillow I/O for renditions: decode the clean original once, cut every crop,
write each width in WebP and JPEG through the storage API.

Depends on photos.operations for the maths, on photos.models for rows and on
photos.rendition_index to list them on the photo once they change. Runs after
a photo's save commits (photos.tasks), never in a reader's request.
"""

import io
import math
import os
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image

from .ingest import to_rgb
from .operations import CROPS, Spec, crop_box, parse_spec, specs_for, target_size
from .rendition_index import refresh_rendition_index

#: What every photo gets: srcset widths for its own proportions and for the
#: 16:9 lead crop, headshot squares, and one social card.
RENDITION_SET = {
    "orig": {"widths": None, "formats": ("webp", "jpeg")},
    "16x9": {"widths": None, "formats": ("webp", "jpeg")},
    "1x1": {"widths": (160, 320, 640), "formats": ("webp", "jpeg")},
    "191x100": {"widths": (1200,), "formats": ("jpeg",)},
}
JPEG_QUALITY = 82
WEBP_QUALITY = 80
RENDER_THREADS = min(4, os.cpu_count() or 1)


def encode(image, fmt):
    """Return ``image`` encoded as ``fmt`` ("webp" or "jpeg"), with no metadata."""
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def load_original(photo, specs=()):
    """Open the stored original in RGB, decoded no larger than ``specs`` need.

    A JPEG is decoded at 1/2, 1/4 or 1/8 scale when every spec fits: libjpeg
    then skips most of the work and memory of a full-size decode.
    """
    storage = photo.file.storage
    with storage.open(photo.file.name, "rb") as f:
        image = Image.open(f)
        if image.format == "JPEG" and specs:
            scale = needed_scale(image.size, specs, photo.focal_point)
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        image.load()
    return to_rgb(image)


def needed_scale(size, specs, focal_point=None):
    """Return the smallest fraction of ``size`` from which every spec can be cut at full width."""
    scale = 0.0
    for spec in specs:
        left, _, right, _ = crop_box(size, CROPS[spec.crop], focal_point)
        scale = max(scale, min(1.0, spec.width / (right - left)))
    return scale or 1.0


def cut(image, crop, focal_point=None):
    """Return the ``crop`` of ``image`` centred on ``focal_point``."""
    box = crop_box(image.size, CROPS[crop], focal_point)
    return image if box == (0, 0, *image.size) else image.crop(box)


def resize(image, width):
    size = target_size(image.size, width)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def render(image, spec, focal_point=None):
    """Return the encoded bytes and size of ``spec`` cut from ``image``."""
    resized = resize(cut(image, spec.crop, focal_point), spec.width)
    return encode(resized, spec.format), resized.size


def wanted_specs(photo):
    """Return the Specs of RENDITION_SET for this photo's size and focal point."""
    specs = []
    size = (photo.width, photo.height)
    for crop, options in RENDITION_SET.items():
        specs += specs_for(size, crop, options["formats"], options["widths"], photo.focal_point)
    return specs


def rendition_name(photo, spec):
    # The original's hash in the name: a replaced photo never reuses a cached URL.
    return f"{photo.file_hash[:10] or 'x'}-{photo.focal_point_key}-{spec}"


def make_renditions(photo):
    """Write every rendition in RENDITION_SET that the photo does not have yet.

    Each crop is cut once and every width shrunk from its largest; each width
    is encoded in each format from the same pixels. Renditions for an earlier
    focal point are deleted only once the new set exists, so pages always have
    one. The photo's rendition index is rebuilt at the end. Return the number
    of renditions made.
    """
    key = photo.focal_point_key
    existing = set(photo.renditions.filter(focal_point_key=key).values_list("spec", flat=True))
    missing = [spec for spec in wanted_specs(photo) if str(spec) not in existing]
    made = 0
    if missing:
        image = load_original(photo, missing)
        # Pillow releases the GIL while it resizes and encodes: the sizes are made in
        # parallel threads; rows and files are written here, in the caller's thread.
        with ThreadPoolExecutor(max_workers=RENDER_THREADS) as pool:
            jobs = []
            for crop, specs in groupby(
                sorted(missing, key=lambda s: (s.crop, -s.width)), key=lambda s: s.crop
            ):
                groups = [
                    (width, list(same)) for width, same in groupby(specs, key=lambda s: s.width)
                ]
                # Every width of a crop starts from its largest: far fewer pixels to filter.
                base = resize(cut(image, crop, photo.focal_point), groups[0][0])
                jobs += [pool.submit(_render_group, base, width, same) for width, same in groups]
            for job in jobs:
                for spec, data, size in job.result():
                    made += _store(photo, spec, data, size)
    listed = photo.rendition_index
    # One transaction: the files of stale renditions go once it commits (photos.signals),
    # when the index no longer names them. The index is rebuilt even when nothing
    # changed: a save() from a photo loaded before the last rebuild writes back the
    # index it had, and every save comes here.
    with transaction.atomic():
        stale = list(photo.renditions.exclude(focal_point_key=key))
        for rendition in stale:
            rendition.delete()
        index = refresh_rendition_index(photo)
    if made or stale or index != listed:
        # Cached pages may name the old files: let whoever caches them know.
        from .signals import renditions_changed

        renditions_changed.send(sender=type(photo), instance=photo)
    return made


def _render_group(base, width, specs):
    resized = resize(base, width)
    return [(spec, encode(resized, spec.format), resized.size) for spec in specs]


def _store(photo, spec, data, size):
    """Save one rendition's file and row; return 1, or 0 if another process made it first."""
    from .models import Rendition

    rendition = Rendition(
        photo=photo,
        spec=str(spec),
        focal_point_key=photo.focal_point_key,
        width=size[0],
        height=size[1],
    )
    rendition.file.save(rendition_name(photo, spec), ContentFile(data), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except IntegrityError:  # made concurrently, or the photo was deleted meanwhile
        rendition.file.delete(save=False)
        return 0
    except BaseException:
        rendition.file.delete(save=False)
        raise
    return 1


def get_or_create_rendition(photo, spec):
    """Return the rendition for ``spec`` (a string or Spec), making it if needed.

    For scripts and background jobs: templates never call this.
    """
    spec = spec if isinstance(spec, Spec) else parse_spec(spec)
    key = photo.focal_point_key
    found = photo.renditions.filter(spec=str(spec), focal_point_key=key).first()
    if found:
        return found
    data, size = render(load_original(photo, [spec]), spec, photo.focal_point)
    _store(photo, spec, data, size)
    refresh_rendition_index(photo)
    return photo.renditions.get(spec=str(spec), focal_point_key=key)
