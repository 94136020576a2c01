"""The untouched upload of a public lesson (GPS, phone model) goes only to those who manage it.

Pupils and visitors play the renditions, which carry no metadata; the original answers 404 to
them, as any file they may not see does, and stays available to its uploader and to moderators.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from catalog.site_setup import MODERATORS, TEACHERS
from media_pipeline.models import MediaAsset
from tests.factories.media import make_asset
from tests.factories.schools import give_pupil_account, make_pupil, make_user
from tests.media_pipeline.samples import PHONE_MODEL, make_phone_recording

from .media_pages import publish_media_resource

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def teacher(username: str):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=TEACHERS))
    return user


@pytest.fixture
def public_lesson(library, tmp_path, settings, django_capture_on_commit_callbacks):
    """A published video lesson recorded on a phone, uploaded by the teacher ``author``."""
    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_phone_recording(tmp_path / "phone.mov", seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(source, title="Optique", uploaded_by=teacher("author"))
    asset.refresh_from_db()
    assert asset.state == MediaAsset.State.READY, asset.error_message
    publish_media_resource(library, asset, title="Optique géométrique")
    return asset


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_visitors_and_pupils_play_renditions_but_never_get_the_original(public_lesson):
    pupil = make_pupil()
    visitors = {
        "anonymous": Client(),
        "pupil": signed_in(give_pupil_account(pupil)),
        "another teacher": signed_in(teacher("colleague")),
    }
    datasaver = public_lesson.renditions.get(profile="datasaver")
    for who, client in visitors.items():
        assert client.get(datasaver.url).status_code == 200, who
        assert client.get(public_lesson.original_url).status_code == 404, who
        assert client.head(public_lesson.original_url).status_code == 404, who
        ranged = client.get(public_lesson.original_url, HTTP_RANGE="bytes=0-99")
        assert ranged.status_code == 404, who


def test_the_uploader_and_a_moderator_get_the_untouched_original(public_lesson):
    moderator = make_user("moderator")
    moderator.groups.add(Group.objects.get(name=MODERATORS))
    for user in (public_lesson.uploaded_by, moderator):
        response = signed_in(user).get(public_lesson.original_url)
        assert response.status_code == 200, user.username
        assert response["Cache-Control"].startswith("private")
        assert PHONE_MODEL.encode() in body(response)


def test_the_public_player_never_links_the_original(public_lesson, client):
    from catalog.models import ResourcePage

    page = ResourcePage.objects.get(media_asset=public_lesson)
    public_lesson.renditions.all().delete()  # a ready asset whose renditions went missing
    html = client.get(page.url).content.decode()
    assert public_lesson.original_url not in html
