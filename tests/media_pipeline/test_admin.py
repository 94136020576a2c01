"""The media screens in the Wagtail admin: upload, listing, edit with jobs, retry."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from media_pipeline import jobs
from media_pipeline.models import MediaAsset, TranscodeJob
from media_pipeline.templatetags.media_player import profile_label
from tests.factories.media import make_asset

pytestmark = pytest.mark.django_db

URLS = "wagtailsnippets_media_pipeline_mediaasset"


@pytest.fixture
def editor(client, django_user_model):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw-long-enough")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    client.force_login(user)
    client.user = user
    return client


def test_upload_is_processed_and_listed(
    editor, small_video, media_root, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("lesson.mp4", small_video.read_bytes(), "video/mp4")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(
            reverse(f"{URLS}:add"), {"title": "Fractions, lesson 1", "original": upload}
        )
    assert response.status_code == 302, response.content[:2000]
    asset = MediaAsset.objects.get(title="Fractions, lesson 1")
    assert asset.uploaded_by == editor.user
    assert asset.kind == "video" and asset.original_size == small_video.stat().st_size
    assert asset.state == MediaAsset.State.READY

    listing = editor.get(reverse(f"{URLS}:list"))
    assert listing.status_code == 200
    assert "Fractions, lesson 1" in listing.content.decode()
    assert "Ready" in listing.content.decode()


def test_upload_over_the_size_limit_is_refused_in_plain_words(editor, settings, media_root):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "MAX_UPLOAD_BYTES": 1_000_000}
    upload = SimpleUploadedFile("big.mp4", b"\0" * 2_500_000, "video/mp4")
    response = editor.post(reverse(f"{URLS}:add"), {"title": "Too big", "original": upload})
    assert response.status_code == 200
    assert "This file is 2 MB; the limit is 1 MB." in response.content.decode()
    assert not MediaAsset.objects.exists()


def test_listing_shows_progress_of_a_processing_asset(editor, small_video, media_root):
    asset = make_asset(small_video, title="Half done")
    jobs.probe_asset(asset.pk)
    asset.jobs.update(progress=50)
    html = editor.get(reverse(f"{URLS}:list")).content.decode()
    assert "Processing" in html
    assert '<progress max="100" value="50"' in html


def test_edit_screen_shows_each_job_and_retries_a_failed_one(
    editor, small_video, media_root, django_capture_on_commit_callbacks
):
    asset = make_asset(small_video, title="Retry me")
    jobs.probe_asset(asset.pk)
    for job_id in asset.jobs.values_list("pk", flat=True):
        jobs.run_job(job_id)
    TranscodeJob.objects.filter(asset=asset, profile="audio_aac").update(
        state=TranscodeJob.State.FAILED, error_message="The conversion failed.", progress=0
    )
    jobs.update_asset_state(asset)
    html = editor.get(reverse(f"{URLS}:edit", args=[asset.pk])).content.decode()
    language = re.search(r'<html lang="([^"]+)"', html).group(1)
    with translation.override(language):  # each rung by the name editors read, in their language
        for profile in ("datasaver", "audio_opus", "audio_aac", "poster", "hls"):
            assert f"<td>{profile_label(profile)}" in html
    assert "The conversion failed." in html
    assert "Try again" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("media_pipeline_retry", args=[asset.pk]))
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.jobs.get(profile="audio_aac").state == TranscodeJob.State.DONE
    assert asset.state == MediaAsset.State.READY


def test_retry_needs_permission(client, django_user_model, small_video, media_root):
    asset = make_asset(small_video)
    user = django_user_model.objects.create_user("pupil", "p@example.org", "pw-long-enough")
    client.force_login(user)
    response = client.post(reverse("media_pipeline_retry", args=[asset.pk]))
    assert response.status_code in (302, 403)
    asset.refresh_from_db()
    assert asset.state == MediaAsset.State.UPLOADED and not asset.jobs.exists()
