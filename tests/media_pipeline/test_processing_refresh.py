"""The processing panel follows the workers by itself: while the asset is processed the edit
screen's panel names a URL its script fetches again; once everything settled it says ready
and stops asking."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from media_pipeline.models import MediaAsset, TranscodeJob
from tests.factories.media import make_placeholder_asset

pytestmark = pytest.mark.django_db


def _asset(state: str, job_state: str) -> MediaAsset:
    asset = make_placeholder_asset("video")
    MediaAsset.objects.filter(pk=asset.pk).update(state=state)
    TranscodeJob.objects.create(asset=asset, profile="datasaver", required=True, state=job_state)
    TranscodeJob.objects.create(asset=asset, profile="hls", required=False, state=job_state)
    return MediaAsset.objects.get(pk=asset.pk)


def test_a_processing_asset_panel_refreshes_itself(admin_client):
    asset = _asset(MediaAsset.State.PROCESSING, TranscodeJob.State.RUNNING)
    fragment_url = reverse("media_pipeline_processing", args=[asset.pk])
    edit = admin_client.get(
        reverse("wagtailsnippets_media_pipeline_mediaasset:edit", args=[asset.pk])
    ).content.decode()
    assert f'data-refresh-url="{fragment_url}"' in edit
    assert "media_pipeline/processing_refresh.js" in edit
    fragment = admin_client.get(fragment_url)
    assert fragment.status_code == 200 and "no-store" in fragment["Cache-Control"]
    assert f'data-refresh-url="{fragment_url}"' in fragment.content.decode()
    assert "<script" not in fragment.content.decode()


def test_a_ready_asset_says_ready_and_stops_asking(admin_client):
    asset = _asset(MediaAsset.State.READY, TranscodeJob.State.DONE)
    with translation.override("ar"):
        ready = str(MediaAsset.State.READY.label)
    html = admin_client.get(reverse("media_pipeline_processing", args=[asset.pk])).content.decode()
    assert f"<strong>{ready}</strong>" in html
    assert "data-refresh-url" not in html
    edit = admin_client.get(
        reverse("wagtailsnippets_media_pipeline_mediaasset:edit", args=[asset.pk])
    ).content.decode()
    assert "processing_refresh.js" not in edit and "data-refresh-url" not in edit
