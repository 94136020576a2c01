"""Fixtures for the media pipeline: media generated once per session, an isolated MEDIA_ROOT."""

from __future__ import annotations

import pytest

from tests.object_storage import s3_bucket, s3_endpoint  # noqa: F401 (fixtures)

from .samples import make_audio, make_video


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media-samples")


@pytest.fixture(scope="session")
def small_video(sample_dir):
    """2 s, 320×240, 25 fps, with sound."""
    return make_video(sample_dir / "small.mp4")


@pytest.fixture(scope="session")
def wide_video(sample_dir):
    """2 s, 854×480 — tall enough for the 360p and 480p rungs, not 720p."""
    return make_video(sample_dir / "wide.mp4", width=854, height=480, seconds=2)


@pytest.fixture(scope="session")
def short_audio(sample_dir):
    return make_audio(sample_dir / "talk.m4a")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media-root"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are compared in English, whatever translations exist."""
    from django.utils import translation

    with translation.override("en"):
        yield
