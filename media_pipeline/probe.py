"""Look inside an upload with ffprobe before anything else touches it, and refuse what is unsafe.

Hardening, in the order it bites:
- the file size, zero bytes included, is checked before ffprobe runs;
- ``-protocol_whitelist file`` keeps ffprobe off the network, and ``-format_whitelist`` keeps it
  to the demuxers we accept, so a playlist (HLS, concat, DASH) or a text demuxer (tty) is refused
  *before* it opens any file it names, whatever the upload's extension;
- the subprocess is killed when it overruns its timeout;
- the container is checked again from the probe's ``format_name``, then the limits (duration,
  dimensions, frame rate, stream counts) from ``MAKTABA_MEDIA``.

A refusal is a :class:`ProbeRefused` carrying a message for the teacher (translatable, no path,
no stack trace); the technical detail goes to the log.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .media_settings import media_setting
from .messages import lazy_format

logger = logging.getLogger("maktaba.media")

#: Demuxers ffmpeg must never use on an upload, even if a deployment widens the allowlist.
FORBIDDEN_DEMUXERS = frozenset(
    {
        "hls",
        "applehttp",
        "concat",
        "dash",
        "tty",
        "image2",
        "image2pipe",
        "lavfi",
        "ffmetadata",
        "sdp",
        "rtsp",
        "data",
        "bin",
        "subviewer",
        "srt",
        "webvtt",
    }
)


class ProbeRefused(Exception):
    """The upload cannot be used; ``message`` says why in the teacher's words."""

    def __init__(self, message: str, detail: str = "", transient: bool = False):
        super().__init__(str(message))
        self.message = message
        self.detail = detail
        self.transient = transient


@dataclass(frozen=True)
class ProbeResult:
    """What the pipeline needs to know about an accepted upload."""

    demuxer: str
    kind: str  # "audio" or "video"
    duration: float
    size: int
    width: int | None = None  # as displayed (rotation applied)
    height: int | None = None
    frame_rate: float | None = None
    video_codec: str = ""
    audio_codec: str = ""
    has_audio: bool = False
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_video(self) -> bool:
        return self.kind == "video"

    def summary(self) -> dict[str, Any]:
        """A small JSON-able record kept on the asset."""
        return {
            "demuxer": self.demuxer,
            "kind": self.kind,
            "duration": self.duration,
            "size": self.size,
            "width": self.width,
            "height": self.height,
            "frame_rate": self.frame_rate,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "has_audio": self.has_audio,
        }


def allowed_demuxers() -> list[str]:
    return [name for name in media_setting("ALLOWED_DEMUXERS") if name not in FORBIDDEN_DEMUXERS]


def input_options(demuxer: str | None = None) -> list[str]:
    """The ffmpeg/ffprobe options that must precede every ``-i`` of an upload."""
    options = [
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        ",".join(allowed_demuxers()),
    ]
    if demuxer:
        options += ["-f", demuxer]
    return options


def _rate(value: str | None) -> float | None:
    if not value or value in ("0/0", "N/A"):
        return None
    try:
        rate = Fraction(value)
    except (ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None


def _rotation(stream: dict[str, Any]) -> int:
    for side_data in stream.get("side_data_list", []) or []:
        if "rotation" in side_data:
            try:
                return int(float(side_data["rotation"]))
            except (TypeError, ValueError):
                return 0
    try:
        return int(stream.get("tags", {}).get("rotate", 0))
    except (TypeError, ValueError):
        return 0


#: ISO base media (MP4/MOV/3GP) files start with one of these boxes.
ISOBMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip", b"pnot")
IMAGE_DEMUXER_MARK = re.compile(r"\[(\w+)_pipe @")


def _starts_like_isobmff(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[4:8] in ISOBMFF_BOXES


def _refusal_for_ffprobe_error(stderr: str, path: str) -> ProbeRefused:
    text = stderr.lower()
    if IMAGE_DEMUXER_MARK.search(stderr):
        return ProbeRefused(
            _("This file is a picture, not an audio or video recording."), detail=stderr.strip()
        )
    incomplete = "end of file" in text or "truncat" in text
    # The mov demuxer is picked by the extension when nothing else matches, so "moov atom not
    # found" means an incomplete MP4 only when the file really starts like one.
    if "moov atom not found" in text and _starts_like_isobmff(path):
        incomplete = True
    if incomplete:
        return ProbeRefused(
            _("The file is incomplete. Please upload it again."), detail=stderr.strip()
        )
    return ProbeRefused(
        _("This file is not an audio or video recording that we can read."),
        detail=stderr.strip(),
    )


def run_ffprobe(path: str, timeout: float | None = None) -> dict[str, Any]:
    """Run the hardened ffprobe and return its JSON, or raise :class:`ProbeRefused`."""
    timeout = timeout if timeout is not None else media_setting("PROBE_TIMEOUT_SECONDS")
    command = [
        media_setting("FFPROBE"),
        "-hide_banner",
        "-v",
        "error",
        *input_options(),
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        path,
    ]
    try:
        # subprocess.run kills the child when the timeout expires.
        completed = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ProbeRefused(
            _("Checking this file took too long. It may be damaged; please upload it again."),
            detail=f"ffprobe timed out after {timeout}s",
        )
    except OSError as exc:
        logger.error("ffprobe could not start: %s", exc)
        raise ProbeRefused(
            _("The media tools are not available on the server. Please tell an administrator."),
            detail=str(exc),
            transient=True,
        )
    stderr = completed.stderr.decode("utf-8", "replace")
    if completed.returncode != 0:
        raise _refusal_for_ffprobe_error(stderr, path)
    try:
        return json.loads(completed.stdout.decode("utf-8", "replace") or "{}")
    except ValueError:
        raise ProbeRefused(
            _("This file is not an audio or video recording that we can read."),
            detail="ffprobe printed invalid JSON",
        )


MISSING_FILE = _("The file is missing. Please upload it again.")


def probe_file(path: str | os.PathLike[str]) -> ProbeResult:
    """Probe an upload and check it against the allowlist and limits."""
    path = os.fspath(path)
    try:
        size = os.path.getsize(path)
    except OSError:
        raise ProbeRefused(MISSING_FILE)
    if size == 0:
        raise ProbeRefused(_("The file is empty. Please upload it again."))
    max_bytes = media_setting("MAX_UPLOAD_BYTES")
    if size > max_bytes:
        raise ProbeRefused(
            lazy_format(
                _("The file is too big: %(size)s MB, the limit is %(limit)s MB."),
                size=round(size / 1_000_000),
                limit=round(max_bytes / 1_000_000),
            )
        )

    data = run_ffprobe(path)
    fmt = data.get("format") or {}
    format_names = [name for name in str(fmt.get("format_name", "")).split(",") if name]
    allowed = set(allowed_demuxers())
    if (
        not format_names
        or not set(format_names) & allowed
        or set(format_names) & FORBIDDEN_DEMUXERS
    ):
        raise ProbeRefused(
            _("This file is not an audio or video recording that we can read."),
            detail=f"demuxer {fmt.get('format_name')!r} not allowed",
        )
    demuxer = str(fmt["format_name"])

    streams = data.get("streams") or []
    if len(streams) > media_setting("MAX_STREAMS"):
        raise ProbeRefused(_("This file has too many tracks. Please export a simpler file."))
    video_streams = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")
    ]
    audio_streams = [s for s in streams if s.get("codec_type") == "audio"]
    if len(video_streams) > media_setting("MAX_VIDEO_STREAMS") or len(audio_streams) > (
        media_setting("MAX_AUDIO_STREAMS")
    ):
        raise ProbeRefused(_("This file has too many tracks. Please export a simpler file."))
    if not video_streams and not audio_streams:
        raise ProbeRefused(_("This file has no sound and no picture."))

    duration = _duration(fmt, streams)
    if duration is None or duration <= 0:
        raise ProbeRefused(
            _("The file is incomplete. Please upload it again."),
            detail="no duration",
        )
    max_duration = media_setting("MAX_DURATION_SECONDS")
    if duration > max_duration:
        raise ProbeRefused(
            lazy_format(
                _("The recording is longer than %(limit)s. Please split it into shorter parts."),
                limit=_lazy_limit(max_duration),
            )
        )

    result: dict[str, Any] = {
        "demuxer": demuxer,
        "duration": duration,
        "size": size,
        "has_audio": bool(audio_streams),
        "audio_codec": audio_streams[0].get("codec_name", "") if audio_streams else "",
        "raw": data,
    }
    if video_streams:
        video = video_streams[0]
        width, height = int(video.get("width") or 0), int(video.get("height") or 0)
        if not width or not height:
            raise ProbeRefused(
                _("The picture of this video cannot be read. Please upload it again."),
                detail="video stream without dimensions",
            )
        if _rotation(video) % 180:
            width, height = height, width
        max_w, max_h = media_setting("MAX_WIDTH"), media_setting("MAX_HEIGHT")
        # Portrait videos are compared with the limits turned the same way.
        if max(width, height) > max(max_w, max_h) or min(width, height) > min(max_w, max_h):
            raise ProbeRefused(
                lazy_format(
                    _("The picture is too large (%(w)s×%(h)s); the limit is %(mw)s×%(mh)s."),
                    w=width,
                    h=height,
                    mw=max_w,
                    mh=max_h,
                )
            )
        fps = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))
        if fps and fps > media_setting("MAX_FRAME_RATE"):
            raise ProbeRefused(
                lazy_format(
                    _("The video has too many frames a second (%(fps)s); the limit is %(max)s."),
                    fps=round(fps),
                    max=media_setting("MAX_FRAME_RATE"),
                )
            )
        result.update(
            kind="video",
            width=width,
            height=height,
            frame_rate=fps,
            video_codec=video.get("codec_name", ""),
        )
    else:
        result["kind"] = "audio"
    return ProbeResult(**result)


def _duration(fmt: dict[str, Any], streams: list[dict[str, Any]]) -> float | None:
    for value in [fmt.get("duration")] + [s.get("duration") for s in streams]:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            continue
        if seconds > 0:
            return seconds
    return None


def _format_limit(seconds: float) -> str:
    """A duration limit in words: "3 hours", "90 minutes"."""
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, round(seconds / 60))
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


_lazy_limit = lazy(_format_limit, str)
