"""Short demo recordings made with ffmpeg's test sources, when ffmpeg is installed.

Audio: a few seconds of a sine tone in AAC (``.m4a``), which every phone plays. Video: five
seconds of ``testsrc2`` at 320×240 in H.264 baseline with a quiet tone. Encoded single-threaded
with bit-exact flags and no metadata, so the same call gives the same bytes.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

AUDIO_SECONDS = 3
VIDEO_SECONDS = 5
VIDEO_SIZE = (320, 240)
FFMPEG_TIMEOUT = 60
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags", "+bitexact", "-threads", "1"]


@dataclass(frozen=True)
class Recording:
    path: Path
    duration: float
    width: int | None = None
    height: int | None = None


def ffmpeg_path() -> str | None:
    return shutil.which("ffmpeg")


def _run(arguments: list[str]) -> None:
    ffmpeg = ffmpeg_path()
    if ffmpeg is None:
        raise FileNotFoundError("ffmpeg is not installed")
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *arguments],
        check=True,
        capture_output=True,
        timeout=FFMPEG_TIMEOUT,
    )


def write_audio(path: Path, *, frequency: int = 440) -> Recording:
    _run(
        [
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={AUDIO_SECONDS}",
            "-c:a", "aac", "-b:a", "48k", "-ac", "1", *BITEXACT, str(path),
        ]
    )  # fmt: skip
    return Recording(path, float(AUDIO_SECONDS))


def write_video(path: Path, *, frequency: int = 330) -> Recording:
    width, height = VIDEO_SIZE
    _run(
        [
            "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate=15:duration={VIDEO_SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={VIDEO_SECONDS}",
            "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-crf", "32",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "32k", "-ac", "1",
            "-movflags", "+faststart", "-shortest", *BITEXACT, str(path),
        ]
    )  # fmt: skip
    return Recording(path, float(VIDEO_SECONDS), width, height)
