"""Media assets made from real files (see samples.py), for the media pipeline's tests."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile

from media_pipeline.models import MediaAsset


def make_asset(path: Path, *, title: str = "Lesson", kind: str = "video", **fields) -> MediaAsset:
    """Create an asset whose original is a copy of ``path`` (the upload hook fires on commit)."""
    with open(path, "rb") as handle:
        return MediaAsset.objects.create(
            title=title, kind=kind, original=File(handle, name=path.name), **fields
        )


def make_placeholder_asset(kind: str) -> MediaAsset:
    """An asset whose original is four bytes: for tests that only need one to point at."""
    asset = MediaAsset(title=f"{kind} asset", kind=kind, original_size=4)
    asset.original.save(f"clip.{'mp3' if kind == 'audio' else 'mp4'}", ContentFile(b"data"))
    return asset
