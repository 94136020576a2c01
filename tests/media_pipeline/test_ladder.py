"""The ladder, made for real with ffmpeg from tiny generated media, checked with ffprobe."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from media_pipeline.ladder import plan_ladder, scaled_size
from media_pipeline.models import MediaAsset, TranscodeJob
from media_pipeline.probe import ProbeResult
from tests.factories.media import make_asset

pytestmark = pytest.mark.django_db


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)


def stream(info: dict, kind: str) -> dict | None:
    return next((s for s in info["streams"] if s["codec_type"] == kind), None)


def top_level_boxes(path: Path) -> list[str]:
    boxes, data = [], path.read_bytes()
    offset = 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        boxes.append(data[offset + 4 : offset + 8].decode("latin-1"))
        if size < 8:
            break
        offset += size
    return boxes


def file_of(rendition) -> Path:
    return Path(settings.MEDIA_ROOT) / rendition.file.name


def process(path: Path, capture, **fields) -> MediaAsset:
    """Upload through the hook: on commit, the probe and every job run (immediate backend)."""
    with capture(execute=True):
        asset = make_asset(path, **fields)
    asset.refresh_from_db()
    return asset


def test_video_ladder(wide_video, media_root, django_capture_on_commit_callbacks):
    asset = process(wide_video, django_capture_on_commit_callbacks)
    assert asset.state == MediaAsset.State.READY, asset.error_message
    assert (asset.width, asset.height, asset.kind) == (854, 480, "video")
    jobs = {job.profile: job for job in asset.jobs.all()}
    # 720p is off by default and the source has no 720p anyway.
    assert set(jobs) == {"datasaver", "360p", "480p", "audio_opus", "audio_aac", "poster", "hls"}
    assert all(
        job.state == TranscodeJob.State.DONE and job.progress == 100 for job in jobs.values()
    )
    assert all(job.started_at and job.finished_at and job.attempts == 1 for job in jobs.values())
    renditions = {r.profile: r for r in asset.renditions.all()}

    expected = {"datasaver": (640, 360, 8), "360p": (640, 360, 25), "480p": (854, 480, 25)}
    for profile, (width, height, fps) in expected.items():
        rendition = renditions[profile]
        path = file_of(rendition)
        info = ffprobe(path)
        video, audio = stream(info, "video"), stream(info, "audio")
        assert video["codec_name"] == "h264" and video["profile"] == "Main"
        assert (
            (video["width"], video["height"])
            == (width, height)
            == (
                rendition.width,
                rendition.height,
            )
        )
        assert eval(video["avg_frame_rate"]) == pytest.approx(fps, rel=0.05)
        assert audio["codec_name"] == "aac" and audio["channels"] == 1
        assert float(info["format"]["duration"]) == pytest.approx(2, abs=0.2)
        # Metadata (GPS, device, title) stripped; faststart puts the index before the data.
        assert not {"location", "make", "title"} & set(info["format"].get("tags", {}))
        boxes = top_level_boxes(path)
        assert boxes.index("moov") < boxes.index("mdat")
        # Content-addressed: the name is the SHA-256 of the bytes.
        assert path.stem == rendition.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
        assert rendition.size == path.stat().st_size
    assert renditions["datasaver"].size < renditions["480p"].size

    opus = ffprobe(file_of(renditions["audio_opus"]))
    assert stream(opus, "video") is None
    assert stream(opus, "audio")["codec_name"] == "opus"
    assert stream(opus, "audio")["channels"] == 1
    assert opus["format"]["format_name"].startswith("matroska")
    aac = ffprobe(file_of(renditions["audio_aac"]))
    assert stream(aac, "video") is None and stream(aac, "audio")["codec_name"] == "aac"
    assert "location" not in aac["format"].get("tags", {})

    # Poster and thumbnail are Wagtail images.
    assert asset.poster.width == 854 and asset.poster.height == 480
    assert asset.thumbnail.width == 320

    # HLS: a master over the three video rungs, segments copied (same codec, no new encode).
    master = file_of(renditions["hls"])
    text = master.read_text()
    assert text.count("#EXT-X-STREAM-INF") == 3
    for profile in expected:
        assert (master.parent / f"{profile}.m3u8").exists()
    segment = next(master.parent.glob("datasaver_*.ts"))
    assert stream(ffprobe(segment), "video")["codec_name"] == "h264"
    # No temporary file left anywhere.
    assert not list(Path(settings.MEDIA_ROOT).rglob(".partial-*"))


def test_small_source_is_never_upscaled(
    small_video, media_root, django_capture_on_commit_callbacks
):
    asset = process(small_video, django_capture_on_commit_callbacks)
    assert asset.state == MediaAsset.State.READY
    profiles = set(asset.jobs.values_list("profile", flat=True))
    assert profiles == {"datasaver", "audio_opus", "audio_aac", "poster", "hls"}
    datasaver = asset.renditions.get(profile="datasaver")
    assert (datasaver.width, datasaver.height) == (320, 240)


def test_audio_upload_gets_the_audio_rungs(
    short_audio, media_root, django_capture_on_commit_callbacks
):
    asset = process(short_audio, django_capture_on_commit_callbacks, kind="audio")
    assert asset.state == MediaAsset.State.READY
    assert asset.kind == "audio"
    assert set(asset.jobs.values_list("profile", flat=True)) == {"audio_opus", "audio_aac"}
    opus = asset.renditions.get(profile="audio_opus")
    info = ffprobe(file_of(opus))
    assert stream(info, "audio")["codec_name"] == "opus"
    # About 24 kbps: 2 s of speech-band tone fits in a few kilobytes.
    assert opus.size < 12_000
    assert "artist" not in info["format"].get("tags", {})


def probe_of(width: int, height: int, fps: float = 30, audio: bool = True) -> ProbeResult:
    return ProbeResult(
        demuxer="mov,mp4,m4a,3gp,3g2,mj2",
        kind="video",
        duration=60,
        size=1000,
        width=width,
        height=height,
        frame_rate=fps,
        has_audio=audio,
    )


def test_720p_only_where_allowed_and_the_source_has_it(settings):
    assert "720p" not in {r.name for r in plan_ladder(probe_of(1920, 1080))}
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "ALLOW_720P": True}
    rungs = {r.name: r for r in plan_ladder(probe_of(1920, 1080))}
    assert (rungs["720p"].width, rungs["720p"].height) == (1280, 720)
    assert "720p" not in {r.name for r in plan_ladder(probe_of(960, 540))}


def test_portrait_video_keeps_its_pixel_budget():
    rungs = {r.name: r for r in plan_ladder(probe_of(1080, 1920))}
    assert (rungs["datasaver"].width, rungs["datasaver"].height) == (360, 640)
    assert (rungs["480p"].width, rungs["480p"].height) == (480, 852)


def test_silent_video_gets_no_audio_rungs():
    names = {r.name for r in plan_ladder(probe_of(640, 360, audio=False))}
    assert names == {"datasaver", "360p", "poster", "hls"}


def test_frame_rate_never_raised_and_identical_rungs_made_once():
    rungs = {r.name: r for r in plan_ladder(probe_of(640, 360, fps=8))}
    assert rungs["datasaver"].fps == 8
    # At 8 fps the 360p rung would be the data saver's twin: it is not made twice.
    assert "360p" not in rungs


def test_scaled_size_rounds_to_even():
    assert scaled_size(1918, 1078, 360) == (640, 360)
    assert scaled_size(101, 75, 360) == (100, 74)
    assert scaled_size(1280, 720, 360) == (640, 360)
