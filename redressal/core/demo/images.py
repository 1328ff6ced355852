"""Small generated photos: a coloured scene with the product's name, plus its thumbnail."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont, ImageOps

SIZE = (640, 480)
THUMB = (240, 180)
PALETTE = [
    ("#1d3557", "#a8dadc"), ("#3a0ca3", "#f72585"), ("#2b2d42", "#edf2f4"),
    ("#264653", "#e9c46a"), ("#6a040f", "#ffba08"), ("#344e41", "#a3b18a"),
    ("#003049", "#fcbf49"), ("#5f0f40", "#fb8b24"), ("#0b090a", "#b1a7a6"),
]  # fmt: skip


@dataclass(frozen=True)
class PooledImage:
    image: str
    thumbnail: str
    width: int
    height: int


def _scene(label: str, variant: int, rng: random.Random) -> Image.Image:
    dark, light = PALETTE[rng.randrange(len(PALETTE))]
    image = ImageOps.colorize(Image.linear_gradient("L").resize(SIZE), dark, light)
    if variant % 2:
        image = image.transpose(Image.Transpose.ROTATE_180)
    draw = ImageDraw.Draw(image)
    # Something like a device, a parcel or a document, so the photos are not all alike.
    left, top = rng.randint(140, 220), rng.randint(70, 120)
    box = (left, top, left + rng.randint(180, 260), top + rng.randint(200, 260))
    shape = variant % 3
    if shape == 0:
        draw.rounded_rectangle(box, radius=28, fill="#111111", outline="#dddddd", width=6)
        inner = (box[0] + 14, box[1] + 24, box[2] - 14, box[3] - 30)
        draw.rectangle(inner, fill=light)
        draw.line((inner[0], inner[1], inner[2], inner[3]), fill="#333333", width=3)
    elif shape == 1:
        draw.rectangle(box, fill="#c8a165", outline="#6b4f2a", width=5)
        draw.line((box[0], (box[1] + box[3]) // 2, box[2], (box[1] + box[3]) // 2), fill="#8b6b3d")
    else:
        draw.rectangle(box, fill="#fafafa", outline="#999999", width=3)
        for y in range(box[1] + 30, box[3] - 20, 22):
            draw.line((box[0] + 20, y, box[2] - rng.randint(20, 80), y), fill="#bbbbbb", width=4)
    font = ImageFont.load_default(size=30)
    draw.rectangle((0, SIZE[1] - 64, SIZE[0], SIZE[1]), fill="#000000")
    draw.text((20, SIZE[1] - 50), label[:38], fill="#ffffff", font=font)
    return image


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=78)
    return buffer.getvalue()


def make_image(name: str, label: str, variant: int, rng: random.Random) -> PooledImage:
    """Draw and store one photo and its thumbnail under `name` (kept if already there)."""
    image_name = f"{name}.jpg"
    thumb_name = f"{name}-thumb.jpg"
    if not default_storage.exists(image_name):
        scene = _scene(label, variant, rng)
        default_storage.save(image_name, ContentFile(_jpeg(scene)))
        scene.thumbnail(THUMB)
        default_storage.save(thumb_name, ContentFile(_jpeg(scene)))
    return PooledImage(image_name, thumb_name, SIZE[0], SIZE[1])
