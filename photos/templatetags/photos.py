"""
The one way templates show a photo: ``{% photo_img photo crop="16x9" sizes="..." %}``.

Emits a <picture> with a WebP <source> and a JPEG <img>, both with srcset and
sizes, width/height (no layout shift), alt text (empty for decorative photos),
and lazy loading unless ``lead=True`` (eager, high fetch priority).

Uses only renditions that already exist, never Pillow: a reader's request
never makes one. List pages prefetch renditions
(``Prefetch("lead_photo__renditions")``); otherwise the first call for a photo
fetches them in one query and caches them on the instance.
"""

from django import template
from django.db.models import prefetch_related_objects
from django.utils.html import format_html, format_html_join

register = template.Library()

DEFAULT_SIZES = "(min-width: 64rem) 48rem, 100vw"


def renditions_of(photo):
    """Return the photo's renditions (one query at most per photo instance)."""
    cache = getattr(photo, "_prefetched_objects_cache", {})
    if "renditions" not in cache:
        prefetch_related_objects([photo], "renditions")
    return photo._prefetched_objects_cache["renditions"]


def srcset_for(photo, crop, fmt):
    """Return the renditions of one crop and format, narrowest first.

    Renditions for the photo's current focal point are preferred; while those
    are being made, the previous focal point's stand in.
    """
    prefix, suffix = f"{crop}-", f".{fmt}"
    chosen = [
        r for r in renditions_of(photo) if r.spec.startswith(prefix) and r.spec.endswith(suffix)
    ]
    key = photo.focal_point_key
    current = [r for r in chosen if r.focal_point_key == key]
    if chosen and not current:
        stand_in = chosen[0].focal_point_key
        current = [r for r in chosen if r.focal_point_key == stand_in]
    return sorted(current, key=lambda r: r.width)


def best_rendition(photo, crop, width, fmt="jpeg"):
    """Return the narrowest rendition at least ``width`` wide (or the widest there is)."""
    options = srcset_for(photo, crop, fmt)
    for rendition in options:
        if rendition.width >= width:
            return rendition
    return options[-1] if options else None


def alt_for(photo, alt=None):
    if alt is not None:
        return alt
    return "" if photo.is_decorative else photo.alt_text


def _attrs(loading_lead, css_class):
    if loading_lead:
        # The lead photo is the page's largest paint: fetch it first, decode as usual.
        attrs = [("loading", "eager"), ("fetchpriority", "high")]
    else:
        attrs = [("loading", "lazy"), ("decoding", "async")]
    if css_class:
        attrs.append(("class", css_class))
    return format_html_join("", ' {}="{}"', attrs)


@register.simple_tag
def photo_img(
    photo, crop="orig", sizes=DEFAULT_SIZES, lead=False, alt=None, css_class="", default_width=800
):
    """Return the <picture> of ``photo`` cut to ``crop`` ("orig", "16x9", "1x1" or "191x100")."""
    if photo is None:
        return ""
    jpegs = srcset_for(photo, crop, "jpeg")
    attrs = _attrs(lead, css_class)
    if not jpegs:
        # No rendition yet (being made in the background): the clean original, never resized here.
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}"{}>',
            photo.file.url,
            photo.width,
            photo.height,
            alt_for(photo, alt),
            attrs,
        )
    fallback = next((r for r in jpegs if r.width >= default_width), jpegs[-1])
    largest = jpegs[-1]
    webps = srcset_for(photo, crop, "webp")
    source = ""
    if webps:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            format_html_join(", ", "{} {}w", ((r.url, r.width) for r in webps)),
            sizes,
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>'
        "</picture>",
        source,
        fallback.url,
        format_html_join(", ", "{} {}w", ((r.url, r.width) for r in jpegs)),
        sizes,
        largest.width,
        largest.height,
        alt_for(photo, alt),
        attrs,
    )


@register.simple_tag
def photo_url(photo, crop="191x100", width=1200):
    """Return the URL path of the JPEG rendition nearest ``width`` (for og:image and feeds)."""
    if photo is None:
        return ""
    rendition = best_rendition(photo, crop, width, "jpeg")
    return rendition.url if rendition else photo.file.url
