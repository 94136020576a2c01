"""Make one rung of an asset: encode to a temporary file, verify it, then move it into place.

Nothing half-made is ever visible: ffmpeg writes ``.partial-…`` next to the final location (same
filesystem, so the move is atomic), ffprobe checks the result (codec, size, duration), and only
then is it renamed to its content address, ``media/renditions/ab/<sha256>.<ext>`` (the Kolibri
way: identical outputs share one file, and a name never changes meaning, so it may be cached for
a year). On any failure the temporary files are removed and the original is left untouched.

On object storage (S3) the same steps run in a private temporary directory on the worker
(``local_files.py``) and the verified file is written to its content address through the storage
API; nothing is written under ``MEDIA_ROOT``.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.images import ImageFile
from django.utils.translation import gettext_lazy as _

from .ffmpeg_runner import FFmpegError, run_ffmpeg
from .ladder import HLS, POSTER, Rung, audio_command, hls_command, poster_command, video_command
from .local_files import has_local_paths, local_copy, private_directory
from .media_settings import media_setting
from .models import MediaAsset, Rendition
from .probe import ProbeRefused, run_ffprobe

logger = logging.getLogger("maktaba.media")

RENDITIONS_DIR = "media/renditions"


class TranscodeFailed(Exception):
    """A rung could not be made. ``message`` is for the uploader; ``detail`` for the log."""

    def __init__(self, message, detail: str = "", transient: bool = False):
        super().__init__(str(message))
        self.message = message
        self.detail = detail
        self.transient = transient


DISK_FULL = _(
    "The server's disk is full. An administrator must free some space; the conversion will be "
    "tried again."
)
OUT_OF_MEMORY = _(
    "The server ran out of memory during the conversion; it will be tried again. If this "
    "happens again, upload a shorter recording or one of a smaller picture size."
)
FAILURE_MESSAGES = {
    "disk_full": DISK_FULL,
    "out_of_memory": OUT_OF_MEMORY,
    "invalid_data": _("The recording is damaged and cannot be converted. Please upload it again."),
    "stalled": _("The conversion stopped making progress and was stopped."),
    "timeout": _("The conversion took too long and was stopped."),
    "error": _("The conversion failed."),
}


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def rendition_storage():
    return Rendition._meta.get_field("file").storage


def renditions_on_disk() -> bool:
    """True on a filesystem storage: outputs are renamed into place under ``MEDIA_ROOT``."""
    return has_local_paths(rendition_storage())


@contextmanager
def work_directory(*under: str) -> Iterator[Path]:
    """Where ffmpeg writes: beside the final place on disk, else a private temporary directory."""
    if renditions_on_disk():
        directory = media_root() / RENDITIONS_DIR / Path(*under)
        directory.mkdir(parents=True, exist_ok=True)
        yield directory
    else:
        with private_directory() as directory:
            yield directory


def _partial_path(directory: Path, extension: str) -> Path:
    """A temporary name in the final directory (same filesystem: the rename is atomic)."""
    return directory / f".partial-{uuid.uuid4().hex}.{extension}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def wall_clock_limit(duration: float | None) -> float:
    return max(
        media_setting("WALL_CLOCK_MIN_SECONDS"),
        media_setting("WALL_CLOCK_FACTOR") * (duration or 0),
    )


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


def remove_abandoned_partials(older_than_seconds: float) -> int:
    """Delete half-made outputs a killed worker left behind; returns how many.

    A live run's partial is written to continuously (ffmpeg is killed after ``STALL_SECONDS``
    without progress), so a partial untouched for longer than that belongs to no one.
    """
    limit = time.time() - older_than_seconds
    directory = media_root() / RENDITIONS_DIR
    removed = 0
    for pattern in (".partial-*", "hls/.partial-*"):
        for path in directory.glob(pattern):
            try:
                if path.stat().st_mtime < limit and _newest_mtime(path) < limit:
                    _remove(path)
                    removed += 1
            except FileNotFoundError:
                continue
    return removed


def _newest_mtime(path: Path) -> float:
    if not path.is_dir():
        return path.stat().st_mtime
    return max([path.stat().st_mtime, *(child.stat().st_mtime for child in path.iterdir())])


def _failure_from_oserror(exc: OSError) -> TranscodeFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return TranscodeFailed(DISK_FULL, detail=str(exc), transient=True)
    return TranscodeFailed(FAILURE_MESSAGES["error"], detail=str(exc), transient=True)


def make_rung(
    asset: MediaAsset, rung: Rung, on_progress: Callable[[int], None] | None = None
) -> Rendition | None:
    """Make ``rung`` for ``asset`` and record it; raise :class:`TranscodeFailed` on failure."""
    if rung.type == POSTER:
        make_poster(asset, on_progress)
        return None
    if rung.type == HLS:
        return make_hls(asset, on_progress)
    demuxer = asset.probe_summary.get("demuxer", "")
    try:
        with local_copy(asset.original) as source, work_directory() as directory:
            partial = _partial_path(directory, rung.extension)
            try:
                build = video_command if rung.type == "video" else audio_command
                run_ffmpeg(
                    build(rung, str(source), demuxer, str(partial)),
                    duration=asset.duration,
                    on_progress=on_progress,
                    wall_seconds=wall_clock_limit(asset.duration),
                )
                details = verify_output(partial, rung, asset.duration)
                return _store(asset, rung, partial, details)
            finally:
                _remove(partial)
    except FFmpegError as exc:
        logger.warning("ffmpeg failed for asset %s rung %s: %s", asset.pk, rung.name, exc)
        raise TranscodeFailed(
            FAILURE_MESSAGES[exc.reason], detail=exc.detail, transient=exc.transient
        )
    except OSError as exc:
        logger.warning("file error for asset %s rung %s: %s", asset.pk, rung.name, exc)
        raise _failure_from_oserror(exc)


def verify_output(path: Path, rung: Rung, expected_duration: float | None) -> dict:
    """Check with ffprobe that the file is what the rung promised; return its facts."""
    try:
        data = run_ffprobe(str(path))
    except ProbeRefused as exc:
        raise TranscodeFailed(FAILURE_MESSAGES["error"], detail=f"verify: {exc.detail}")
    streams = data.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    facts: dict = {}
    try:
        facts["duration"] = float((data.get("format") or {}).get("duration"))
        facts["bitrate"] = int((data.get("format") or {}).get("bit_rate") or 0) or None
    except (TypeError, ValueError):
        raise TranscodeFailed(FAILURE_MESSAGES["error"], detail="verify: no duration")
    if rung.type == "video":
        if not video or video.get("codec_name") != "h264":
            raise TranscodeFailed(FAILURE_MESSAGES["error"], detail="verify: no H.264 stream")
        facts["width"], facts["height"] = int(video["width"]), int(video["height"])
        if (facts["width"], facts["height"]) != (rung.width, rung.height):
            raise TranscodeFailed(FAILURE_MESSAGES["error"], detail="verify: wrong dimensions")
    elif rung.type == "audio":
        wanted = "opus" if rung.spec.get("codec") == "opus" else "aac"
        if video or not audio or audio.get("codec_name") != wanted:
            raise TranscodeFailed(FAILURE_MESSAGES["error"], detail="verify: wrong audio stream")
    if expected_duration:
        # A source whose header promises more than its data holds makes a short output.
        tolerance = max(1.0, expected_duration * 0.05)
        if facts["duration"] < expected_duration - tolerance:
            raise TranscodeFailed(
                _("The recording stops early: the file is incomplete. Please upload it again."),
                detail=f"verify: {facts['duration']:.2f}s of {expected_duration:.2f}s",
            )
    return facts


def content_address(checksum: str, extension: str) -> str:
    return f"{RENDITIONS_DIR}/{checksum[:2]}/{checksum}.{extension}"


def _store(asset: MediaAsset, rung: Rung, partial: Path, facts: dict) -> Rendition:
    checksum = sha256_of(partial)
    name = content_address(checksum, rung.extension)
    size = partial.stat().st_size
    publish(partial, name)
    return _record(
        asset,
        rung.name,
        type=rung.type,
        file=name,
        checksum=checksum,
        size=size,
        mime_type=rung.mime_type,
        codecs=rung.codecs,
        width=facts.get("width"),
        height=facts.get("height"),
        duration=facts.get("duration"),
        bitrate=facts.get("bitrate"),
    )


def publish(partial: Path, name: str) -> None:
    """Put a verified file at its content address (identical content already there is kept)."""
    if renditions_on_disk():
        final = media_root() / name
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            partial.unlink()
        else:
            os.replace(partial, final)  # same filesystem: atomic
        return
    storage = rendition_storage()
    if storage.exists(name):
        return
    with open(partial, "rb") as handle:
        stored = storage.save(name, File(handle, name=partial.name))
    if stored != name:  # another worker wrote the same content meanwhile
        storage.delete(stored)


def _publish_directory(work: Path, folder: str) -> None:
    """Upload an HLS directory; its master playlist last, so a master means a whole set."""
    storage = rendition_storage()
    if storage.exists(f"{folder}/master.m3u8"):
        return
    for path in sorted(work.iterdir(), key=lambda p: p.name == "master.m3u8"):
        publish(path, f"{folder}/{path.name}")


def _record(asset: MediaAsset, profile: str, **values) -> Rendition:
    previous = Rendition.objects.filter(asset=asset, profile=profile).first()
    rendition, _created = Rendition.objects.update_or_create(
        asset=asset, profile=profile, defaults=values
    )
    if previous and previous.file.name != rendition.file.name:
        delete_rendition_file_if_unused(previous.file.name, previous.type)
    return rendition


def delete_rendition_file_if_unused(name: str, type_: str) -> None:
    """Content-addressed files may be shared; delete only when no rendition names them."""
    if not name or Rendition.objects.filter(file=name).exists():
        return
    if renditions_on_disk():
        path = media_root() / name
        _remove(path.parent if type_ == Rendition.Type.HLS else path)
        return
    storage = rendition_storage()
    if type_ == Rendition.Type.HLS:
        folder = name.rsplit("/", 1)[0]
        for file_name in storage.listdir(folder)[1]:
            storage.delete(f"{folder}/{file_name}")
    else:
        storage.delete(name)


def make_poster(asset: MediaAsset, on_progress: Callable[[int], None] | None = None) -> None:
    """A poster frame and a thumbnail, as Wagtail images (no EXIF: made by ffmpeg and Pillow)."""
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    image_model = get_image_model()
    try:
        with local_copy(asset.original) as source, work_directory() as directory:
            partial = _partial_path(directory, "jpg")
            try:
                run_ffmpeg(
                    poster_command(
                        str(source),
                        asset.probe_summary.get("demuxer", ""),
                        str(partial),
                        asset.duration or 0,
                        asset.width or 2,
                        asset.height or 2,
                    ),
                    on_progress=on_progress,
                    wall_seconds=wall_clock_limit(None),
                )
                poster_bytes = partial.read_bytes()
            finally:
                _remove(partial)
        with PillowImage.open(io.BytesIO(poster_bytes)) as picture:
            width = media_setting("THUMBNAIL_WIDTH")
            height = max(2, round(picture.height * width / picture.width))
            thumbnail = picture.convert("RGB").resize((width, height))
            buffer = io.BytesIO()
            thumbnail.save(buffer, "JPEG", quality=80, optimize=True)
        old = [asset.poster, asset.thumbnail]
        asset.poster = image_model.objects.create(
            title=f"{asset.title} (poster)",
            file=ImageFile(io.BytesIO(poster_bytes), name=f"poster-{asset.pk}.jpg"),
        )
        asset.thumbnail = image_model.objects.create(
            title=f"{asset.title} (thumbnail)",
            file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"thumbnail-{asset.pk}.jpg"),
        )
        asset.save(update_fields=["poster", "thumbnail", "updated_at"])
        for image in old:
            if image is not None:
                image.delete()
    except FFmpegError as exc:
        raise TranscodeFailed(
            FAILURE_MESSAGES[exc.reason], detail=exc.detail, transient=exc.transient
        )
    except OSError as exc:
        raise _failure_from_oserror(exc)


def make_hls(asset: MediaAsset, on_progress: Callable[[int], None] | None = None) -> Rendition:
    """An HLS master playlist over the finished video rungs, segments cut by stream copy."""
    rungs = list(asset.renditions.filter(type=Rendition.Type.VIDEO).order_by("height", "size"))
    if not rungs:
        raise TranscodeFailed(_("There is no converted video to make a playlist from."))
    seconds = media_setting("HLS_SEGMENT_SECONDS")
    try:
        with ExitStack() as stack:
            work = stack.enter_context(work_directory("hls")) / f".partial-{uuid.uuid4().hex}"
            work.mkdir()
            stack.callback(_remove, work)
            lines = ["#EXTM3U", "#EXT-X-VERSION:3"]
            for rendition in rungs:
                profile = rendition.profile
                with local_copy(rendition.file) as source:
                    run_ffmpeg(
                        hls_command(
                            str(source),
                            str(work / f"{profile}.m3u8"),
                            str(work / f"{profile}_%04d.ts"),
                            seconds,
                        ),
                        duration=rendition.duration,
                        on_progress=on_progress,  # keeps the heartbeat going on long recordings
                        wall_seconds=wall_clock_limit(rendition.duration),
                    )
                bandwidth = int((rendition.bitrate or 0) * 1.1) or 200_000
                lines.append(
                    f"#EXT-X-STREAM-INF:BANDWIDTH={bandwidth},RESOLUTION={rendition.width}x"
                    f'{rendition.height},CODECS="avc1.4d401f,mp4a.40.2"'
                )
                lines.append(f"{profile}.m3u8")
            (work / "master.m3u8").write_text("\n".join(lines) + "\n")
            digest = hashlib.sha256()
            total = 0
            for path in sorted(work.iterdir()):
                digest.update(path.name.encode())
                digest.update(sha256_of(path).encode())
                total += path.stat().st_size
            checksum = digest.hexdigest()
            folder = f"{RENDITIONS_DIR}/hls/{checksum}"
            if not renditions_on_disk():
                _publish_directory(work, folder)
            elif not (media_root() / folder).exists():
                os.replace(work, media_root() / folder)
            return _record(
                asset,
                HLS,
                type=Rendition.Type.HLS,
                file=f"{folder}/master.m3u8",
                checksum=checksum,
                size=total,
                mime_type="application/vnd.apple.mpegurl",
                codecs="",
                width=rungs[-1].width,
                height=rungs[-1].height,
                duration=rungs[-1].duration,
                bitrate=None,
            )
    except FFmpegError as exc:
        raise TranscodeFailed(
            FAILURE_MESSAGES[exc.reason], detail=exc.detail, transient=exc.transient
        )
    except OSError as exc:
        raise _failure_from_oserror(exc)
