"""Small flat thumbnails for demo resources: a colour per subject, a band per kind.

No text is drawn (Pillow would need a shaping engine for Arabic); the page shows the title.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (160, 90)
KIND_BANDS = {"document": (250, 250, 245), "audio": (255, 214, 102), "video": (239, 71, 111)}


def subject_colour(subject_slug: str) -> tuple[int, int, int]:
    """A stable, fairly dark colour per subject, so white text could sit on it."""
    digest = hashlib.sha1(subject_slug.encode()).digest()  # noqa: S324 - not security
    return tuple(40 + byte % 120 for byte in digest[:3])


def write_thumbnail(path: Path, *, subject_slug: str, kind: str) -> Path:
    width, height = SIZE
    image = Image.new("RGB", SIZE, subject_colour(subject_slug))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 14, width, height), fill=KIND_BANDS[kind])
    draw.ellipse((width - 46, 12, width - 14, 44), outline=(255, 255, 255), width=3)
    image.save(path, "PNG", optimize=True)
    return path
