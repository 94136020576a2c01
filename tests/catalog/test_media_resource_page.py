"""A published audio/video resource plays from its renditions; a draft's files stay closed."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.media import make_asset
from tests.media_pipeline.samples import make_video

from .media_pages import publish_media_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_asset(tmp_path, settings, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_video(tmp_path / "lesson.mp4", width=320, height=240, seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(source, title="Lesson")
    asset.refresh_from_db()
    assert asset.is_ready
    return asset


def test_published_resource_plays_its_data_saver_rendition(library, ready_asset):
    page = publish_media_resource(library, ready_asset, title="Optique géométrique")
    client = Client()
    html = client.get(page.url).content.decode()
    datasaver = ready_asset.renditions.get(profile="datasaver")
    assert '<video controls preload="none"' in html
    assert f'<source src="{datasaver.url}"' in html
    response = client.get(datasaver.url, HTTP_RANGE="bytes=0-1023")
    assert response.status_code == 206
    assert response["Content-Range"].startswith("bytes 0-1023/")


def test_files_of_a_draft_resource_are_not_reachable(library, ready_asset):
    publish_media_resource(library, ready_asset, live=False)
    client = Client()
    datasaver = ready_asset.renditions.get(profile="datasaver")
    assert client.get(datasaver.url).status_code == 404
    assert client.get(ready_asset.original_url).status_code == 404


def test_api_lists_the_renditions_of_a_playable_recording(client, library, ready_asset):
    publish_media_resource(library, ready_asset, title="Lesson on video")
    response = client.get(
        "/api/v2/pages/", {"type": "catalog.ResourcePage", "fields": "media_files,file_url"}
    )
    item = response.json()["items"][0]
    files = item["media_files"]
    assert files and files == sorted(files, key=lambda f: f["bytes"])
    assert {"video", "audio"} <= {f["type"] for f in files}
    first = client.get(files[0]["url"], HTTP_RANGE="bytes=0-9")
    assert first.status_code == 206
