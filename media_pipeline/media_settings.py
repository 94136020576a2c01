"""The media pipeline's tunables: ``settings.MAKTABA_MEDIA`` read over these defaults.

Every key has a default here, so a deployment only writes what it changes and a missing key never
crashes. docs/media.md explains the ladder and the choices behind the numbers.
"""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

#: The rendition ladder. ``short_side`` is the target of the picture's shorter side (so portrait
#: phone videos get the same pixel budget as landscape ones); rungs are never upscaled.
DEFAULT_LADDER: list[dict[str, Any]] = [
    {
        # Lectures and slides: 8 frames a second, a long key-frame interval (x264 still puts a
        # key frame at each slide change), a high CRF that text survives, and 16 kbps mono
        # speech. On the benchmark's lecture: 0.46x Kolibri's bytes at SSIM 0.995.
        "name": "datasaver",
        "label": "Data saver",
        "type": "video",
        "short_side": 360,
        "max_fps": 8,
        "crf": 34,
        "maxrate_kbps": 160,
        "preset": "medium",
        "tune": "stillimage",
        "keyframe_seconds": 30,
        "audio_kbps": 16,
        "audio_rate": 16000,
        "required": True,
    },
    {
        "name": "360p",
        "label": "360p",
        "type": "video",
        "short_side": 360,
        "max_fps": 30,
        "crf": 28,
        "maxrate_kbps": 500,
        "preset": "medium",
        "keyframe_seconds": 4,
        "audio_kbps": 48,
        "audio_rate": 44100,
        "required": False,
    },
    {
        "name": "480p",
        "label": "480p",
        "type": "video",
        "short_side": 480,
        "max_fps": 30,
        "crf": 27,
        "maxrate_kbps": 900,
        "preset": "medium",
        "keyframe_seconds": 4,
        "audio_kbps": 64,
        "audio_rate": 44100,
        "required": False,
    },
    {
        "name": "720p",
        "label": "720p",
        "type": "video",
        "short_side": 720,
        "max_fps": 30,
        "crf": 26,
        "maxrate_kbps": 1800,
        "preset": "medium",
        "keyframe_seconds": 4,
        "audio_kbps": 96,
        "audio_rate": 44100,
        "required": False,
        "needs_setting": "ALLOW_720P",
    },
    {
        # Speech-tuned Opus: every modern browser except older iOS Safari.
        "name": "audio_opus",
        "label": "Audio (Opus)",
        "type": "audio",
        "codec": "opus",
        "audio_kbps": 24,
        "required": True,
    },
    {
        # The fallback for players without Opus (older iOS Safari).
        "name": "audio_aac",
        "label": "Audio (AAC)",
        "type": "audio",
        "codec": "aac",
        "audio_kbps": 24,
        "audio_rate": 22050,
        "required": True,
    },
]

DEFAULTS: dict[str, Any] = {
    # Where the binaries are.
    "FFPROBE": "ffprobe",
    "FFMPEG": "ffmpeg",
    # Upload limits (refused with a plain-words message).
    "MAX_UPLOAD_BYTES": 2 * 1024 * 1024 * 1024,
    "MAX_DURATION_SECONDS": 3 * 60 * 60,
    "MAX_WIDTH": 3840,
    "MAX_HEIGHT": 2160,
    "MAX_FRAME_RATE": 120,
    "MAX_STREAMS": 8,
    "MAX_VIDEO_STREAMS": 2,
    "MAX_AUDIO_STREAMS": 4,
    # Demuxers accepted (ffmpeg's names). Playlists and text demuxers are never on this list.
    "ALLOWED_DEMUXERS": [
        "mov",
        "mp4",
        "m4a",
        "3gp",
        "3g2",
        "matroska",
        "webm",
        "mp3",
        "ogg",
        "wav",
        "flac",
        "aac",
        "amr",
        "amrnb",
        "amrwb",
    ],
    "PROBE_TIMEOUT_SECONDS": 30,
    # Ladder.
    "LADDER": DEFAULT_LADDER,
    "ALLOW_720P": False,
    "POSTER_SHORT_SIDE": 480,
    "THUMBNAIL_WIDTH": 320,
    "HLS_SEGMENT_SECONDS": 6,
    # Jobs.
    "MAX_ATTEMPTS": 3,
    "RETRY_BACKOFF_SECONDS": [30, 120, 600],
    "STALL_SECONDS": 120,
    "WALL_CLOCK_FACTOR": 6.0,  # a job may take this many times the media's duration ...
    "WALL_CLOCK_MIN_SECONDS": 600,  # ... but never less than this
    "HEARTBEAT_SECONDS": 5,
    "STALE_AFTER_SECONDS": 180,
    # A queued job nobody ran for this long is handed to the queue again (its task was lost).
    "REQUEUE_LOST_AFTER_SECONDS": 600,
    "THREADS": 0,  # ffmpeg -threads; 0 lets ffmpeg choose
    # Each ffmpeg's address space in MB (0: no cap); past it the job fails "out of memory".
    "FFMPEG_MEMORY_MB": 0,
    # Serving.
    "ACCESS_POLICY": "",  # dotted path to ``callable(request, asset) -> bool``
    "LIVE_USE_POLICY": "",  # dotted path to ``callable(asset) -> bool``: shown by a live page
    "X_ACCEL_REDIRECT_PREFIX": "",  # e.g. "/protected-media/" behind nginx; empty serves from Django
    # Object storage (S3): after the permission check, a signed URL valid this long.
    "SIGNED_URL_SECONDS": 300,
    # Where the worker keeps its private temporary copies when files are not on a local disk
    # ("" = the system's temporary directory). Needs room for the largest original and its work.
    "WORK_DIR": "",
    "RENDITION_CACHE_SECONDS": 365 * 24 * 60 * 60,
    "ORIGINAL_CACHE_SECONDS": 3600,
    # Player.
    "DATA_SAVER_COOKIE": "maktaba_data_saver",
    "DATA_SAVER_DEFAULT": True,
}


#: One tunable, from ``settings.MAKTABA_MEDIA`` or its default: ``media_setting("FFMPEG")``.
media_setting = AppSettings("MAKTABA_MEDIA", DEFAULTS)
