"""The hardened probe: good uploads are described, hostile ones refused in plain words.

Playlists point at a FIFO with no writer: if ffprobe ever opened the file a playlist names, it
would block on it and the refusal would be the timeout's message instead of "not a recording".
"""

from __future__ import annotations

import os

import pytest

from media_pipeline.probe import ProbeRefused, probe_file

from .samples import ffmpeg, make_video

NOT_MEDIA = "This file is not an audio or video recording that we can read."
INCOMPLETE = "The file is incomplete. Please upload it again."


@pytest.fixture
def canary_fifo(tmp_path):
    """A named pipe nobody writes to: opening it for reading would block for ever."""
    path = tmp_path / "outside" / "canary.mp4"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


@pytest.fixture
def short_probe_timeout(settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "PROBE_TIMEOUT_SECONDS": 5}


def refusal(path) -> str:
    with pytest.raises(ProbeRefused) as caught:
        probe_file(path)
    message = str(caught.value.message)
    assert "/" not in message, "a refusal must not show a path"
    return message


def test_video_is_described(small_video):
    result = probe_file(small_video)
    assert result.kind == "video"
    assert (result.width, result.height) == (320, 240)
    assert result.frame_rate == pytest.approx(25)
    assert result.duration == pytest.approx(2, abs=0.1)
    assert result.has_audio and result.audio_codec == "aac"
    assert result.video_codec == "h264"
    assert result.demuxer.startswith("mov")


def test_audio_is_described(short_audio):
    result = probe_file(short_audio)
    assert result.kind == "audio"
    assert result.width is None
    assert result.has_audio


def test_ffconcat_playlist_named_mp4_is_refused_without_opening_its_target(
    tmp_path, canary_fifo, short_probe_timeout
):
    upload = tmp_path / "lesson.mp4"
    upload.write_text(f"ffconcat version 1.0\nfile '{canary_fifo}'\n")
    assert refusal(upload) == NOT_MEDIA


def test_hls_playlist_named_mp4_is_refused_without_opening_its_target(
    tmp_path, canary_fifo, short_probe_timeout
):
    upload = tmp_path / "lesson.mp4"
    upload.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"
        f"file://{canary_fifo}\n#EXTINF:2,\n{canary_fifo}\n#EXT-X-ENDLIST\n"
    )
    assert refusal(upload) == NOT_MEDIA


def test_text_renamed_mp4_is_refused(tmp_path):
    upload = tmp_path / "notes.mp4"
    upload.write_text("Lesson notes: chapter 3, exercises 1 to 4.\n" * 20)
    assert refusal(upload) == NOT_MEDIA


def test_zero_byte_file_is_refused(tmp_path):
    upload = tmp_path / "empty.mp4"
    upload.write_bytes(b"")
    assert refusal(upload) == "The file is empty. Please upload it again."


def test_truncated_mp4_is_refused_as_incomplete(tmp_path, small_video):
    upload = tmp_path / "cut.mp4"
    upload.write_bytes(small_video.read_bytes()[: small_video.stat().st_size // 2])
    assert refusal(upload) == INCOMPLETE


def test_image_larger_than_pixel_cap_is_refused(tmp_path):
    picture = tmp_path / "poster.png"
    ffmpeg("-f", "lavfi", "-i", "color=c=red:s=5000x3000", "-frames:v", "1", str(picture))
    upload = tmp_path / "poster.mp4"
    picture.rename(upload)
    assert refusal(upload) == "This file is a picture, not an audio or video recording."


def test_video_larger_than_pixel_cap_is_refused(tmp_path, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_WIDTH": 640, "MAX_HEIGHT": 360}
    upload = make_video(tmp_path / "big.mp4", width=720, height=400, seconds=0.2, audio=False)
    assert refusal(upload) == "The picture is too large (720×400); the limit is 640×360."


def test_portrait_video_within_turned_limits_is_accepted(tmp_path, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_WIDTH": 640, "MAX_HEIGHT": 360}
    upload = make_video(tmp_path / "tall.mp4", width=352, height=624, seconds=0.2, audio=False)
    assert probe_file(upload).height == 624


def test_too_long_recording_is_refused(small_video, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_DURATION_SECONDS": 1}
    assert refusal(small_video) == (
        "The recording is longer than 1 minute. Please split it into shorter parts."
    )


def test_too_many_frames_a_second_is_refused(tmp_path, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_FRAME_RATE": 30}
    upload = make_video(tmp_path / "fast.mp4", fps=60, seconds=0.3, audio=False)
    assert refusal(upload).startswith("The video has too many frames a second (60)")


def test_oversized_file_is_refused_before_probing(small_video, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_UPLOAD_BYTES": 1000}
    assert refusal(small_video).startswith("The file is too big")
