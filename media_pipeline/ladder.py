"""The rendition ladder: which rungs an upload gets, at what size, and the ffmpeg command for each.

The ladder itself lives in settings (``MAKTABA_MEDIA["LADDER"]``); this module applies it to one
probed upload without ever upscaling, and turns a rung into an ffmpeg command line. Every command
strips metadata (GPS, device, titles, chapters) and writes MP4s with ``faststart`` so a phone can
start playing before the whole file has arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .media_settings import media_setting
from .probe import ProbeResult, input_options

POSTER = "poster"
HLS = "hls"

#: Options that drop every piece of metadata an upload may carry.
STRIP_METADATA = [
    "-map_metadata",
    "-1",
    "-map_chapters",
    "-1",
    "-fflags",
    "+bitexact",
    "-flags:v",
    "+bitexact",
    "-flags:a",
    "+bitexact",
    "-sn",
    "-dn",
]


@dataclass(frozen=True)
class Rung:
    """One rung of the ladder as it applies to one upload."""

    name: str
    type: str  # "video", "audio", "poster" or "hls"
    required: bool
    spec: dict[str, Any] = field(default_factory=dict, compare=False)
    width: int | None = None
    height: int | None = None
    fps: float | None = None

    @property
    def extension(self) -> str:
        if self.type == "video":
            return "mp4"
        if self.type == "audio":
            return "webm" if self.spec.get("codec") == "opus" else "m4a"
        if self.type == POSTER:
            return "jpg"
        return "m3u8"

    @property
    def mime_type(self) -> str:
        return {
            "mp4": "video/mp4",
            "webm": "audio/webm",
            "m4a": "audio/mp4",
            "jpg": "image/jpeg",
            "m3u8": "application/vnd.apple.mpegurl",
        }[self.extension]

    @property
    def codecs(self) -> str:
        if self.type == "video":
            # H.264 Main profile level 3.1 and AAC-LC; browsers use this to skip what they lack.
            return "avc1.4D401F, mp4a.40.2"
        if self.type == "audio":
            return "opus" if self.spec.get("codec") == "opus" else "mp4a.40.2"
        return ""


def _even(value: float) -> int:
    """Round down to even (H.264 4:2:0 needs it; rounding down never upscales)."""
    return max(2, int(value + 1e-6) // 2 * 2)


def scaled_size(width: int, height: int, short_side: int) -> tuple[int, int]:
    """Fit the picture's shorter side to ``short_side`` without upscaling; even dimensions."""
    short = min(width, height)
    if short <= short_side:
        return _even(width), _even(height)
    factor = short_side / short
    return _even(width * factor), _even(height * factor)


def plan_ladder(probe: ProbeResult) -> list[Rung]:
    """The rungs this upload gets, in the order they should be made (data saver first)."""
    rungs: list[Rung] = []
    for spec in media_setting("LADDER"):
        needs = spec.get("needs_setting")
        if needs and not media_setting(needs):
            continue
        if spec["type"] == "video":
            if not probe.has_video:
                continue
            short_source = min(probe.width, probe.height)
            # Only the required (data-saver) rung may be made from a source smaller than the
            # rung: it is then made at the source's own size, never upscaled.
            if short_source < spec["short_side"] and not spec.get("required"):
                continue
            width, height = scaled_size(probe.width, probe.height, spec["short_side"])
            fps = probe.frame_rate or spec["max_fps"]
            fps = min(fps, spec["max_fps"])
            rungs.append(
                Rung(
                    spec["name"],
                    "video",
                    bool(spec.get("required")),
                    spec,
                    width=width,
                    height=height,
                    fps=round(fps, 3),
                )
            )
        elif spec["type"] == "audio":
            if not probe.has_audio:
                continue
            rungs.append(Rung(spec["name"], "audio", bool(spec.get("required")), spec))
    video_rungs = [rung for rung in rungs if rung.type == "video"]
    if video_rungs:
        rungs.append(Rung(POSTER, POSTER, False))
        rungs.append(Rung(HLS, HLS, False))
    # De-duplicate sizes: a small source may make two video rungs the same size; keep the first.
    seen: set[tuple[int | None, int | None, float | None]] = set()
    unique: list[Rung] = []
    for rung in rungs:
        if rung.type == "video":
            key = (rung.width, rung.height, rung.fps)
            if key in seen and not rung.required:
                continue
            seen.add(key)
        unique.append(rung)
    return unique


def video_command(rung: Rung, source: str, demuxer: str, output: str) -> list[str]:
    """H.264 + AAC in MP4 with faststart, metadata stripped."""
    spec = rung.spec
    fps = rung.fps or spec["max_fps"]
    filters = [
        f"fps={fps}",
        f"scale={rung.width}:{rung.height}:flags=bicubic",
        "setsar=1",
        "format=yuv420p",
    ]
    gop = max(1, int(round(fps * spec.get("keyframe_seconds", 4))))
    maxrate = int(spec["maxrate_kbps"])
    command = [
        *input_options(demuxer),
        "-i",
        source,
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        *STRIP_METADATA,
        "-vf",
        ",".join(filters),
        "-c:v",
        "libx264",
        "-preset",
        spec.get("preset", "medium"),
        "-profile:v",
        "main",
        "-level:v",
        "3.1",
        "-crf",
        str(spec["crf"]),
        "-maxrate",
        f"{maxrate}k",
        "-bufsize",
        f"{maxrate * 2}k",
        "-g",
        str(gop),
        "-keyint_min",
        str(max(1, min(gop, int(round(fps))))),
    ]
    if spec.get("tune"):
        command += ["-tune", spec["tune"]]
    command += [
        "-c:a",
        "aac",
        "-b:a",
        f"{spec['audio_kbps']}k",
        "-ac",
        "1",
        "-ar",
        str(spec.get("audio_rate", 44100)),
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        output,
    ]
    return command


def audio_command(rung: Rung, source: str, demuxer: str, output: str) -> list[str]:
    """Speech-tuned mono audio: Opus in WebM, or AAC in MP4 (.m4a) with faststart."""
    spec = rung.spec
    command = [
        *input_options(demuxer),
        "-i",
        source,
        "-map",
        "0:a:0",
        "-vn",
        *STRIP_METADATA,
        "-ac",
        "1",
    ]
    if spec.get("codec") == "opus":
        command += [
            "-c:a",
            "libopus",
            "-b:a",
            f"{spec['audio_kbps']}k",
            "-vbr",
            "constrained",  # unconstrained VBR overshoots on tonal sound (+35% measured)
            "-application",
            "voip",
            "-frame_duration",
            "60",
            "-f",
            "webm",
            output,
        ]
    else:
        command += [
            "-c:a",
            "aac",
            "-b:a",
            f"{spec['audio_kbps']}k",
            "-ar",
            str(spec.get("audio_rate", 22050)),
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            output,
        ]
    return command


def poster_command(
    source: str, demuxer: str, output: str, duration: float, width: int, height: int
) -> list[str]:
    """One frame a little into the recording (past black intros), as a JPEG."""
    width, height = scaled_size(width, height, media_setting("POSTER_SHORT_SIDE"))
    seek = min(5.0, duration * 0.1)
    return [
        "-ss",
        f"{seek:.3f}",
        *input_options(demuxer),
        "-i",
        source,
        "-map",
        "0:v:0",
        *STRIP_METADATA,
        "-frames:v",
        "1",
        "-vf",
        f"scale={width}:{height},setsar=1",
        "-q:v",
        "4",
        "-f",
        "mjpeg",
        output,
    ]


def hls_command(source: str, playlist: str, segment_pattern: str, seconds: int) -> list[str]:
    """Cut an already-made MP4 rung into HLS segments by copying: no second encode."""
    return [
        "-protocol_whitelist",
        "file",
        "-i",
        source,
        "-map",
        "0",
        "-c",
        "copy",
        *STRIP_METADATA,
        "-f",
        "hls",
        "-hls_time",
        str(seconds),
        "-hls_playlist_type",
        "vod",
        "-hls_segment_type",
        "mpegts",
        "-hls_segment_filename",
        segment_pattern,
        playlist,
    ]
