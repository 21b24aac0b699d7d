"""
Pure size and crop maths for renditions: no I/O, no Pillow, easy to test.

A spec names a crop, a width and a format: ``"16x9-1280.webp"``,
``"orig-640.jpeg"``. ``orig`` keeps the photo's own proportions.
"""

from dataclasses import dataclass

#: Widths the site offers browsers in srcset, small phones to large screens.
WIDTHS = (320, 480, 640, 800, 1024, 1280, 1600, 2048)
FORMATS = ("webp", "jpeg")
#: Named crops: ratio as (width, height). Lead photos are 16:9, headshots 1:1,
#: social cards 1.91:1 (what OpenGraph and X display without cropping).
CROPS = {
    "orig": None,
    "16x9": (16, 9),
    "1x1": (1, 1),
    "191x100": (191, 100),
}


@dataclass(frozen=True)
class Spec:
    crop: str
    width: int
    format: str

    def __str__(self):
        return f"{self.crop}-{self.width}.{self.format}"

    @property
    def ratio(self):
        return CROPS[self.crop]


class InvalidSpec(ValueError):
    pass


def parse_spec(text):
    """Return the Spec that ``text`` names, or raise InvalidSpec."""
    try:
        crop, rest = text.split("-", 1)
        width, fmt = rest.split(".", 1)
        spec = Spec(crop, int(width), fmt)
    except ValueError:
        raise InvalidSpec(f"{text!r} is not a rendition spec like '16x9-1280.webp'.") from None
    if spec.crop not in CROPS or spec.format not in FORMATS or not 16 <= spec.width <= 4096:
        raise InvalidSpec(f"{text!r} names an unknown crop, format or width.")
    return spec


def focal_point_key(x, y):
    """Return the short name of a focal point in rendition rows and file names: "c" or "25-40"."""
    return "c" if x is None or y is None else f"{round(x * 100)}-{round(y * 100)}"


def crop_box(size, ratio, focal_point=None):
    """Return (left, top, right, bottom) of the largest ``ratio`` crop of ``size``.

    The crop is centred on ``focal_point`` (x, y in 0..1) as far as the frame allows.
    """
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    rw, rh = ratio
    crop_w = min(width, width if width * rh <= height * rw else round(height * rw / rh))
    crop_h = min(height, round(crop_w * rh / rw))
    fx, fy = focal_point if focal_point is not None else (0.5, 0.5)
    left = _clamp(round(fx * width - crop_w / 2), 0, width - crop_w)
    top = _clamp(round(fy * height - crop_h / 2), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def _clamp(value, low, high):
    return max(low, min(value, high))


def target_size(box_size, width):
    """Return the (w, h) of ``box_size`` scaled to ``width``, never upscaled."""
    bw, bh = box_size
    if width >= bw:
        return (bw, bh)
    return (width, max(1, round(bh * width / bw)))


def widths_for(source_width, crop_width=None):
    """Return the srcset widths worth making for a source; never upscale.

    A source narrower than the smallest width gets one rendition at its own width.
    """
    limit = crop_width if crop_width is not None else source_width
    widths = [w for w in WIDTHS if w <= limit]
    return widths or [limit]


def specs_for(size, crop, formats=FORMATS, widths=None, focal_point=None):
    """Return the Specs to make for one crop of a photo of ``size``."""
    box = crop_box(size, CROPS[crop], focal_point)
    box_width = box[2] - box[0]
    chosen = (
        widths_for(size[0], box_width)
        if widths is None
        else [w for w in widths if w <= box_width] or [box_width]
    )
    return [Spec(crop, w, fmt) for w in chosen for fmt in formats]
