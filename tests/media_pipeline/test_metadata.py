"""Nothing a pupil can fetch carries the uploader's GPS position or phone model.

Real phone-like recordings (tags in the container, in each stream, in a chapter title, QuickTime
keys) go through the real pipeline; every rendition, every HLS playlist and segment, the poster
and the thumbnail are then read back with ffprobe and byte by byte.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from media_pipeline.models import MediaAsset, Rendition
from tests.factories.media import make_asset

from .samples import PHONE_MODEL, PHONE_TRACES, make_phone_recording

pytestmark = pytest.mark.django_db


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-of",
            "json",
            "-show_format",
            "-show_streams",
            "-show_chapters",
            str(path),
        ],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)


def traces(path: Path) -> list[str]:
    """Where ``path`` still says where the uploader was or what phone they used."""
    found = [f"bytes {trace!r}" for trace in PHONE_TRACES if trace in path.read_bytes()]
    if path.suffix == ".m3u8":
        return found
    info = ffprobe(path)
    tagged = [("format", info.get("format", {}))] + [
        (f"stream {s['index']}", s) for s in info.get("streams", [])
    ]
    for where, part in tagged:
        for key, value in (part.get("tags") or {}).items():
            if key.lower().split("-")[0] in ("location", "model", "make") or "quicktime" in key:
                found.append(f"{where} tag {key}={value}")
    if info.get("chapters"):
        found.append(f"{len(info['chapters'])} chapters")
    return found


def files_pupils_fetch(asset: MediaAsset) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    paths: list[Path] = []
    for rendition in asset.renditions.all():
        path = root / rendition.file.name
        if rendition.type == Rendition.Type.HLS:
            paths += sorted(path.parent.iterdir())
        else:
            paths.append(path)
    for image in (asset.poster, asset.thumbnail):
        if image is not None:
            paths.append(Path(image.file.path))
    return paths


def process(path: Path, capture, **fields) -> MediaAsset:
    with capture(execute=True):
        asset = make_asset(path, **fields)
    asset.refresh_from_db()
    assert asset.state == MediaAsset.State.READY, asset.error_message
    return asset


@pytest.mark.parametrize(
    ("name", "video"),
    [("phone.mkv", True), ("phone.mov", True), ("voice.m4a", False), ("voice.mkv", False)],
)
def test_no_rendition_keeps_the_phones_position_or_model(
    name, video, tmp_path, media_root, django_capture_on_commit_callbacks
):
    source = make_phone_recording(tmp_path / name, video=video)
    assert traces(source), "the sample must carry the metadata it tests"
    asset = process(source, django_capture_on_commit_callbacks, kind="video" if video else "audio")
    files = files_pupils_fetch(asset)
    kinds = {path.suffix for path in files}
    assert kinds >= ({".mp4", ".webm", ".m4a", ".m3u8", ".ts", ".jpg"} if video else {".webm"})
    leaks = {path.name: found for path in files if (found := traces(path))}
    assert leaks == {}
    # The original itself is kept untouched for the people who manage it.
    assert PHONE_MODEL.encode() in Path(asset.original.path).read_bytes()
