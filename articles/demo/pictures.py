"""Draw the demo newsroom's photos with Pillow: skies, water, skylines, fields."""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter


def _gradient(size, top, bottom):
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def harbour(size=(1800, 1200), seed=1):
    """Container cranes against a dusk sky over water."""
    rnd = random.Random(seed)
    w, h = size
    image = _gradient(size, (250, 170, 110), (70, 80, 140))
    draw = ImageDraw.Draw(image)
    sea = int(h * 0.68)
    draw.rectangle([0, sea, w, h], fill=(30, 50, 80))
    for i in range(40):
        y = sea + rnd.randint(5, h - sea - 5)
        x = rnd.randint(0, w)
        draw.line([(x, y), (x + rnd.randint(40, 160), y)], fill=(200, 140, 110), width=2)
    for i in range(5):
        x = int(w * (0.12 + i * 0.18))
        top = int(h * rnd.uniform(0.28, 0.38))
        draw.rectangle([x, top, x + 18, sea], fill=(25, 25, 35))
        draw.rectangle([x - 120, top, x + 200, top + 16], fill=(25, 25, 35))
        draw.line([(x + 9, top), (x - 110, top + 16)], fill=(25, 25, 35), width=4)
    for i in range(14):
        x = rnd.randint(0, w - 120)
        y = sea - rnd.randint(30, 90)
        colour = rnd.choice([(170, 50, 40), (40, 90, 150), (200, 150, 40), (60, 120, 80)])
        draw.rectangle([x, y, x + 110, sea], fill=colour, outline=(20, 20, 20))
    return image


def skyline(size=(1800, 1200), seed=2):
    """A city of towers at blue hour with lit windows."""
    rnd = random.Random(seed)
    w, h = size
    image = _gradient(size, (20, 30, 70), (110, 90, 150))
    draw = ImageDraw.Draw(image)
    x = 0
    while x < w:
        bw = rnd.randint(70, 180)
        bh = rnd.randint(int(h * 0.25), int(h * 0.75))
        draw.rectangle([x, h - bh, x + bw, h], fill=(15, 18, 30))
        for wy in range(h - bh + 15, h - 10, 28):
            for wx in range(x + 10, x + bw - 10, 22):
                if rnd.random() < 0.45:
                    draw.rectangle([wx, wy, wx + 9, wy + 12], fill=(250, 215, 120))
        x += bw + rnd.randint(4, 20)
    return image


def field(size=(1800, 1200), seed=3):
    """Terraced green fields under a pale sky, with a dry river bed."""
    rnd = random.Random(seed)
    w, h = size
    image = _gradient(size, (200, 220, 240), (235, 235, 220))
    draw = ImageDraw.Draw(image)
    for band in range(9):
        y0 = int(h * 0.35) + band * int(h * 0.075)
        shade = (60 + band * 12 + rnd.randint(-10, 10), 120 + band * 8, 50 + band * 5)
        points = [(0, y0)] + [(x, y0 + int(18 * math.sin(x / 140 + band))) for x in range(0, w + 60, 60)] + [(w, h), (0, h)]
        draw.polygon(points, fill=shade)
    draw.line([(int(w * 0.2), h), (int(w * 0.55), int(h * 0.4))], fill=(190, 160, 120), width=40)
    return image.filter(ImageFilter.SMOOTH)


def circuit(size=(1800, 1200), seed=4):
    """A macro view of a circuit board in green and copper."""
    rnd = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size, (15, 70, 45))
    draw = ImageDraw.Draw(image)
    for _ in range(220):
        x, y = rnd.randint(0, w), rnd.randint(0, h)
        length = rnd.randint(40, 400)
        if rnd.random() < 0.5:
            draw.line([(x, y), (x + length, y)], fill=(190, 140, 60), width=rnd.choice([2, 3, 5]))
        else:
            draw.line([(x, y), (x, y + length)], fill=(190, 140, 60), width=rnd.choice([2, 3, 5]))
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(220, 200, 150))
    for _ in range(12):
        x, y = rnd.randint(0, w - 240), rnd.randint(0, h - 160)
        draw.rectangle([x, y, x + rnd.randint(120, 240), y + rnd.randint(80, 160)], fill=(25, 25, 28))
    return image


def stage(size=(1800, 1200), seed=5):
    """A theatre stage under spotlights with a dark audience."""
    rnd = random.Random(seed)
    w, h = size
    image = Image.new("RGB", size, (20, 10, 25))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, int(h * 0.55), w, int(h * 0.62)], fill=(120, 70, 40))
    for i in range(3):
        cx = int(w * (0.3 + i * 0.2))
        draw.polygon([(cx - 30, 0), (cx + 30, 0), (cx + 220, int(h * 0.6)), (cx - 220, int(h * 0.6))], fill=(90, 70, 60))
    for _ in range(160):
        x, y = rnd.randint(0, w), rnd.randint(int(h * 0.68), h)
        draw.ellipse([x, y, x + 40, y + 48], fill=(8, 5, 10))
    return image.filter(ImageFilter.GaussianBlur(1.2))


def portrait(size=(900, 900), seed=6, tone=(200, 160, 130), background=(90, 110, 140)):
    """A simple head-and-shoulders silhouette for author headshots."""
    w, h = size
    image = _gradient(size, background, tuple(max(0, c - 40) for c in background))
    draw = ImageDraw.Draw(image)
    draw.ellipse([int(w * 0.18), int(h * 0.62), int(w * 0.82), int(h * 1.25)], fill=(45, 45, 60))
    draw.ellipse([int(w * 0.32), int(h * 0.2), int(w * 0.68), int(h * 0.62)], fill=tone)
    return image


def to_jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    buffer.seek(0)
    buffer.name = "demo.jpg"
    return buffer


DRAWINGS = {
    "harbour": harbour, "skyline": skyline, "field": field,
    "circuit": circuit, "stage": stage, "portrait": portrait,
}
