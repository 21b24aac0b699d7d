"""
The rendition index: the renditions pages use, kept on the Photo row.

``Photo.rendition_index`` maps each crop and format (``"16x9.jpeg"``) to
``[[storage name, width, height], ...]``, narrowest first, so a page draws a
photo from the row it already has and never loads Rendition rows
(photos.templatetags.photos reads it). It is derived from the rows:
``build_index()`` is the rule, pure (migration 0003 fills the column with it
too); ``refresh_rendition_index()`` stores it, and photos.renditions and
photos.signals call it wherever a photo's set of renditions changes.
"""

import re
from typing import NamedTuple

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

from .models import Photo, Rendition


class IndexedRendition(NamedTuple):
    """One rendition as the index lists it, with its URL: what pages and feeds need of it."""

    name: str
    width: int
    height: int
    url: str


def index_key(crop, fmt):
    """Return the key of a crop and format in the index: "16x9.jpeg"."""
    return f"{crop}.{fmt}"


def build_index(rows, focal_point_key):
    """Return the rendition index of a photo whose focal point key is ``focal_point_key``.

    ``rows`` are its renditions as (spec, focal_point_key, name, width, height).
    The renditions of the current focal point are listed; where a crop and
    format has none yet (they are being made), those of the first other focal
    point in ``rows`` stand in, so pages keep a picture meanwhile.
    """
    groups = {}
    for spec, key, name, width, height in rows:
        crop, _, rest = spec.partition("-")  # "16x9-1280.webp"
        fmt = rest.rpartition(".")[2]
        groups.setdefault(index_key(crop, fmt), {}).setdefault(key, []).append(
            [name, width, height]
        )
    index = {}
    for crop_format, by_key in groups.items():
        chosen = by_key.get(focal_point_key) or next(iter(by_key.values()))
        index[crop_format] = sorted(chosen, key=lambda entry: entry[1])
    return index


def refresh_rendition_index(photo):
    """Rebuild ``photo``'s rendition index from its Rendition rows, store it and return it.

    Stored with update(), not save(): saving a photo schedules its renditions.
    """
    rows = photo.renditions.order_by("pk").values_list(
        "spec", "focal_point_key", "file", "width", "height"
    )
    index = build_index(rows, photo.focal_point_key)
    Photo._base_manager.filter(pk=photo.pk).update(rendition_index=index)
    photo.rendition_index = index
    return index


def rendition_storage():
    """Return the storage that rendition files are in."""
    return Rendition._meta.get_field("file").storage


def rendition_url_function():
    """Return a function giving the URL of a rendition's storage name.

    That is the storage's url(), except on the file system: there url() spends
    most of its time in urljoin(), half the time of a {% photo_img %}, and for
    a stored name (Django normalises away "." and ".." segments) the base URL
    and the quoted name put together are the same URL.
    """
    url = rendition_storage().url  # bound to the storage itself, past the lazy default
    if getattr(url, "__func__", None) is FileSystemStorage.url:
        base_url = url.__self__.base_url
        if base_url is not None:  # else url() says why there is no URL

            def fast_url(name):
                # The names this app gives renditions need no quoting: skip quote() for them.
                if _NEEDS_NO_QUOTING(name):
                    return base_url + name.lstrip("/")
                return base_url + filepath_to_uri(name).lstrip("/")

            return fast_url
    return url


#: A name of only these characters is its own URL path (what filepath_to_uri() would give).
_NEEDS_NO_QUOTING = re.compile(r"[A-Za-z0-9_.\-/]*\Z").match
