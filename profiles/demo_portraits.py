"""Abstract portrait-like images for demo profiles, drawn with Pillow (nothing downloaded).

A soft background, a head and shoulders silhouette, nothing that looks like a real person.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

BACKGROUNDS = [
    ((223, 231, 232), (170, 190, 194)),
    ((236, 226, 214), (196, 172, 150)),
    ((226, 228, 240), (168, 174, 206)),
    ((231, 238, 225), (170, 192, 160)),
    ((240, 230, 232), (204, 170, 178)),
]
TONES = [(92, 64, 51), (141, 85, 36), (198, 134, 66), (224, 172, 105), (241, 194, 125)]
CLOTHES = [(47, 93, 98), (70, 70, 90), (120, 60, 60), (60, 90, 60), (90, 90, 90)]


def portrait_jpeg(seed, size=(800, 1000)):
    rng = random.Random(seed)
    width, height = size
    top, bottom = rng.choice(BACKGROUNDS)
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    tone = rng.choice(TONES)
    cx = width // 2 + rng.randint(-30, 30)
    head_w, head_h = rng.randint(230, 280), rng.randint(290, 340)
    head_top = rng.randint(170, 230)
    # Shoulders, neck, head: three soft shapes.
    draw.ellipse(
        [cx - 360, head_top + head_h + 60, cx + 360, head_top + head_h + 700],
        fill=rng.choice(CLOTHES),
    )
    draw.rectangle([cx - 55, head_top + head_h - 40, cx + 55, head_top + head_h + 110], fill=tone)
    draw.ellipse([cx - head_w // 2, head_top, cx + head_w // 2, head_top + head_h], fill=tone)
    hair = tuple(max(0, c - rng.randint(40, 80)) for c in tone)
    if rng.random() < 0.8:
        draw.chord(
            [cx - head_w // 2 - 8, head_top - 20, cx + head_w // 2 + 8, head_top + head_h // 2],
            180,
            360,
            fill=hair,
        )
    image = image.filter(ImageFilter.GaussianBlur(radius=3))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    buffer.seek(0)
    buffer.name = f"demo-{seed}.jpg"
    return buffer
