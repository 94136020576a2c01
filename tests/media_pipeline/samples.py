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


#: Where the uploader stood and what phone they held, as phones write them into recordings.
PHONE_LOCATION = "+34.02-006.84/"
PHONE_MODEL = "SM-A135F"
#: Byte strings that must never appear in anything made from such a recording.
PHONE_TRACES = (b"34.02", b"006.84", PHONE_MODEL.encode())


def make_phone_recording(path: Path, *, video: bool = True, seconds: float = 2) -> Path:
    """A recording carrying a phone's GPS position and model wherever its container keeps them.

    ``.mkv``: global tags, per-stream tags and a chapter title; ``.mov``/``.mp4``/``.m4a``: the
    global ``location``/``model`` tags and the QuickTime keys (``com.apple.quicktime.*``) that
    iPhones and many Android phones write.
    """
    args: list[str] = []
    if video:
        args += ["-f", "lavfi", "-i", f"testsrc2=s=320x240:r=25:d={seconds}"]
    args += ["-f", "lavfi", "-i", f"sine=f=330:sample_rate=44100:d={seconds}"]
    streams = [f"{index}:{'v' if video and index == 0 else 'a'}" for index in range(1 + video)]
    tags = ["-metadata", f"location={PHONE_LOCATION}", "-metadata", f"model={PHONE_MODEL}"]
    if path.suffix == ".mkv":
        chapters = path.with_suffix(".ffmeta")
        chapters.write_text(
            ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\n"
            f"title=At home {PHONE_LOCATION} {PHONE_MODEL}\n"
        )
        args += ["-i", str(chapters), "-map_chapters", str(len(streams))]
    for stream in streams:
        args += ["-map", stream]
    if video:
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if path.suffix == ".mkv":
        args += ["-c:a", "libopus", "-shortest", *tags]
        for kind in ("v", "a") if video else ("a",):
            args += [f"-metadata:s:{kind}:0", f"location={PHONE_LOCATION}"]
            args += [f"-metadata:s:{kind}:0", f"model={PHONE_MODEL}"]
    else:
        args += ["-c:a", "aac", "-b:a", "64k", "-shortest", *tags]
        args += ["-metadata", f"com.apple.quicktime.location.ISO6709={PHONE_LOCATION}"]
        args += ["-metadata", f"com.apple.quicktime.model={PHONE_MODEL}"]
        args += ["-movflags", "use_metadata_tags"]
    ffmpeg(*args, str(path))
    return path
