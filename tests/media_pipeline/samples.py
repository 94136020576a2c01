"""Tiny media made with real ffmpeg (lavfi sources) for the media pipeline's tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-y", *args], check=True)


def make_video(
    path: Path,
    *,
    width: int = 320,
    height: int = 240,
    seconds: float = 2,
    fps: int = 25,
    audio: bool = True,
    extra: tuple[str, ...] = (),
) -> Path:
    """An H.264/AAC MP4 from ``testsrc2`` and a sine tone, with phone-like metadata."""
    args = ["-f", "lavfi", "-i", f"testsrc2=s={width}x{height}:r={fps}:d={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:sample_rate=44100:d={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-b:a", "64k", "-shortest"]
    args += [
        "-metadata",
        "location=+34.0209-006.8416/",
        "-metadata",
        "make=TestPhone",
        "-metadata",
        "title=secret title",
        *extra,
        str(path),
    ]
    ffmpeg(*args)
    return path


def make_audio(path: Path, *, seconds: float = 2) -> Path:
    """An AAC .m4a speech-band tone."""
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"sine=f=220:sample_rate=44100:d={seconds}",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-metadata",
        "artist=Teacher Phone",
        str(path),
    )
    return path
