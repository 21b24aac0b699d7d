"""
The one way templates show a photo: ``{% photo_img photo crop="16x9" sizes="..." %}``.

Emits a <picture> with WebP and JPEG srcsets, width/height (no layout shift),
alt text, and lazy loading unless ``lead=True`` (eager, high fetch priority).
Uses only renditions that already exist: a reader's request never makes one.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

DEFAULT_SIZES = "(min-width: 64rem) 48rem, 100vw"


def renditions_of(photo):
    """Return the photo's renditions for its current focal point (prefetched if possible)."""
    cache = getattr(photo, "_prefetched_objects_cache", {})
    renditions = cache["renditions"] if "renditions" in cache else photo.renditions.all()
    key = photo.focal_point_key
    return [r for r in renditions if r.focal_point_key == key]


def srcset_for(photo, crop, fmt):
    """Return the renditions of one crop and format, narrowest first."""
    suffix = f".{fmt}"
    chosen = [r for r in renditions_of(photo) if r.spec.startswith(f"{crop}-") and r.spec.endswith(suffix)]
    return sorted(chosen, key=lambda r: r.width)


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


@register.simple_tag
def photo_img(photo, crop="orig", sizes=DEFAULT_SIZES, lead=False, alt=None, css_class="", default_width=800):
    if photo is None:
        return ""
    jpegs = srcset_for(photo, crop, "jpeg")
    webps = srcset_for(photo, crop, "webp")
    loading = mark_safe(
        'loading="eager" fetchpriority="high" decoding="async"' if lead else 'loading="lazy" decoding="async"'
    )
    if not jpegs:
        # Renditions are still being made: show the (metadata-free) original.
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="{}" {}>',
            photo.file.url, photo.width, photo.height, alt_for(photo, alt), css_class, loading,
        )
    fallback = next((r for r in jpegs if r.width >= default_width), jpegs[-1])
    largest = jpegs[-1]
    srcset = format_html_join(", ", "{} {}w", ((r.url, r.width) for r in jpegs))
    source = ""
    if webps:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            format_html_join(", ", "{} {}w", ((r.url, r.width) for r in webps)), sizes,
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" {}></picture>',
        source, fallback.url, srcset, sizes, largest.width, largest.height,
        alt_for(photo, alt), css_class, loading,
    )


@register.simple_tag
def photo_url(photo, crop="191x100", width=1200):
    """Return an absolute-path URL of one rendition (for og:image and feeds)."""
    if photo is None:
        return ""
    rendition = best_rendition(photo, crop, width, "jpeg")
    return rendition.url if rendition else photo.file.url
