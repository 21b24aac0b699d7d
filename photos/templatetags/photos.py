"""
The one way templates show a photo: ``{% photo_img photo crop="16x9" sizes="..." %}``.

Emits a <picture> with a WebP <source> and a JPEG <img>, both with srcset and
sizes, width/height (no layout shift), alt text (empty for decorative photos),
and lazy loading unless ``lead=True`` (eager, high fetch priority).

Uses only renditions that already exist, never Pillow: a reader's request
never makes one. They are read from the photo's rendition index
(photos.rendition_index), a column of the Photo row: no query, whether or not
the page prefetched anything. An empty index means none is made yet.
"""

from functools import lru_cache

from django import template
from django.utils.safestring import mark_safe
from markupsafe import escape

from ..rendition_index import IndexedRendition, index_key, rendition_url_function

register = template.Library()

DEFAULT_SIZES = "(min-width: 64rem) 48rem, 100vw"


def _entries(photo, crop, fmt):
    """Return the [name, width, height] of one crop and format in the index, narrowest first.

    Renditions for the photo's current focal point are preferred; while those
    are being made, the previous focal point's stand in (see build_index).
    """
    return photo.rendition_index.get(index_key(crop, fmt), ())


def best_rendition(photo, crop, width, fmt="jpeg"):
    """Return the narrowest rendition at least ``width`` wide (or the widest there is).

    An IndexedRendition, or None when the photo has none of this crop and format yet.
    """
    entries = photo.rendition_index.get(index_key(crop, fmt), ())
    if not entries:
        return None
    name, found_width, height = next((e for e in entries if e[1] >= width), entries[-1])
    return IndexedRendition(name, found_width, height, rendition_url_function()(name))


def _srcset(entries, url):
    """Return "url 400w, url 800w, ..." of index entries, escaped once as a whole.

    Escaping the joined list equals escaping each URL (the separators need no
    escaping) and costs one call instead of one per rendition: a home page
    shows some 260.
    """
    return escape(", ".join([f"{url(name)} {width}w" for name, width, _height in entries]))


# The markup is written with f-strings and markupsafe's escape() (in C): Django's
# format_html() and its lazy-string checks were a third of the tag's time, and a
# home page shows twenty photos. Each value is escaped (or passed, if already
# safe) as format_html() would do it; the result is Django's SafeString, which
# the admin's lists keep as it is.


def alt_for(photo, alt=None):
    if alt is not None:
        return alt
    return "" if photo.is_decorative else photo.alt_text


@lru_cache(maxsize=64)
def _attrs(loading_lead, css_class):
    if loading_lead:
        # The lead photo is the page's largest paint: fetch it first, decode as usual.
        attrs = [("loading", "eager"), ("fetchpriority", "high")]
    else:
        attrs = [("loading", "lazy"), ("decoding", "async")]
    if css_class:
        attrs.append(("class", css_class))
    return "".join(f' {name}="{escape(value)}"' for name, value in attrs)


@register.simple_tag
def photo_img(
    photo, crop="orig", sizes=DEFAULT_SIZES, lead=False, alt=None, css_class="", default_width=800
):
    """Return the <picture> of ``photo`` cut to ``crop`` ("orig", "16x9", "1x1" or "191x100")."""
    if photo is None:
        return ""
    jpegs = _entries(photo, crop, "jpeg")
    attrs = _attrs(lead, css_class)
    if not jpegs:
        # No rendition yet (being made in the background): the clean original, never resized here.
        return mark_safe(
            f'<img src="{escape(photo.file.url)}" width="{escape(photo.width)}"'
            f' height="{escape(photo.height)}" alt="{escape(alt_for(photo, alt))}"{attrs}>'
        )
    url = rendition_url_function()
    fallback = next((e for e in jpegs if e[1] >= default_width), jpegs[-1])
    _name, width, height = jpegs[-1]  # the largest gives the proportions
    webps = _entries(photo, crop, "webp")
    source = ""
    sizes = escape(sizes)
    if webps:
        source = f'<source type="image/webp" srcset="{_srcset(webps, url)}" sizes="{sizes}">'
    return mark_safe(
        f'<picture>{source}<img src="{escape(url(fallback[0]))}" srcset="{_srcset(jpegs, url)}"'
        f' sizes="{sizes}" width="{width:d}" height="{height:d}"'
        f' alt="{escape(alt_for(photo, alt))}"{attrs}></picture>'
    )


@register.simple_tag
def photo_url(photo, crop="191x100", width=1200):
    """Return the URL path of the JPEG rendition nearest ``width`` (for og:image and feeds)."""
    if photo is None:
        return ""
    rendition = best_rendition(photo, crop, width, "jpeg")
    return rendition.url if rendition else photo.file.url
