"""A teacher changes only their own recordings, and a recording that a published page plays is
never replaced in place (a new recording goes through the page's moderation)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from catalog.site_setup import MODERATORS, TEACHERS
from media_pipeline.models import MediaAsset
from tests.factories.media import make_asset
from tests.factories.schools import make_user

from .media_pages import publish_media_resource

pytestmark = pytest.mark.django_db
URLS = "wagtailsnippets_media_pipeline_mediaasset"


@pytest.fixture
def recording(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = tmp_path / "lesson.mp4"
    upload.write_bytes(b"\0" * 64)
    return upload


def member_of(group_name: str, username: str) -> Client:
    user = make_user(username)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def replace_file(client: Client, asset: MediaAsset):
    upload = SimpleUploadedFile("other.mp4", b"\1" * 64, "video/mp4")
    return client.post(reverse(f"{URLS}:edit", args=[asset.pk]), {"title": "x", "original": upload})


def test_a_teacher_cannot_edit_or_delete_another_teachers_recording(library, recording):
    author = member_of(TEACHERS, "author")
    intruder = member_of(TEACHERS, "intruder")
    asset = make_asset(recording, uploaded_by=author.user)
    original = asset.original.name
    assert intruder.get(reverse(f"{URLS}:edit", args=[asset.pk])).status_code in (302, 403)
    assert replace_file(intruder, asset).status_code in (302, 403)
    assert intruder.post(reverse(f"{URLS}:delete", args=[asset.pk])).status_code in (302, 403)
    asset.refresh_from_db()
    assert asset.original.name == original and asset.title == "Lesson"


def test_a_teacher_edits_their_own_draft_recording(library, recording):
    author = member_of(TEACHERS, "author")
    asset = make_asset(recording, uploaded_by=author.user)
    response = author.post(reverse(f"{URLS}:edit", args=[asset.pk]), {"title": "Fractions, take 2"})
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.title == "Fractions, take 2"


def test_a_teacher_may_not_retry_another_teachers_conversion(library, recording):
    author = member_of(TEACHERS, "author")
    intruder = member_of(TEACHERS, "intruder")
    asset = make_asset(recording, uploaded_by=author.user)
    response = intruder.post(reverse("media_pipeline_retry", args=[asset.pk]))
    assert response.status_code in (302, 403)  # Wagtail's refusal: back to the dashboard
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    asset.refresh_from_db()
    assert not asset.jobs.exists()


def test_the_recording_of_a_published_lesson_is_never_replaced_in_place(library, recording):
    author = member_of(TEACHERS, "author")
    asset = make_asset(recording, uploaded_by=author.user)
    publish_media_resource(library, asset)
    original = asset.original.name
    for client in (author, member_of(MODERATORS, "moderator")):
        response = replace_file(client, asset)
        assert response.status_code == 200
        assert response.context["form"].has_error("original", "in_live_use")
    asset.refresh_from_db()
    assert asset.original.name == original


def test_a_moderator_may_edit_any_recording_not_yet_published(library, recording):
    author = member_of(TEACHERS, "author")
    moderator = member_of(MODERATORS, "moderator")
    asset = make_asset(recording, uploaded_by=author.user)
    response = moderator.post(reverse(f"{URLS}:edit", args=[asset.pk]), {"title": "Checked"})
    assert response.status_code == 302
