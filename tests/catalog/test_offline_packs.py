"""Subject packs: one .zip with an offline index.html, its size shown first, refused over the
limit, built by the task, rebuilt when the content changes, served with byte ranges."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import default_storage

from catalog.models import Level, Subject
from catalog.offline.packs import build, pack_for
from tests.catalog.media_pages import publish_media_resource
from tests.factories.catalog import TINY_PDF, make_resource
from tests.factories.media import make_asset
from tests.media_pipeline.samples import make_video

pytestmark = pytest.mark.django_db
PACK_PAGE = "/offline/packs/1bac/physique-chimie/"


@pytest.fixture
def lessons(tmp_path, settings, site_tree, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path / "media"
    _home, library = site_tree
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(make_video(tmp_path / "lesson.mp4", seconds=2), title="Optique")
    asset.refresh_from_db()
    assert asset.is_ready, asset.error_message
    video = publish_media_resource(library, asset, title="Optique géométrique")
    document = make_resource(library, title="Les lentilles")
    return library, video, document, asset


@pytest.fixture
def prepare(client, django_capture_on_commit_callbacks):
    """Press "Prepare the pack"; the build task runs on commit (ImmediateBackend in tests)."""

    def press(path: str = PACK_PAGE, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return press


def _zip(client, url: str) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_pack_page_shows_the_size_then_builds_and_serves_a_zip(client, lessons, prepare):
    _library, _video, document, asset = lessons
    page = client.get(PACK_PAGE)
    pack = page.context["pack"]
    datasaver = asset.renditions.get(profile="datasaver")
    assert pack.size >= datasaver.size + document.document.get_file_size()
    assert f'data-pack-size="{pack.size}"' in page.content.decode()
    assert not page.context["built"]

    answer = prepare()
    assert answer.status_code == 302
    page = client.get(PACK_PAGE)
    assert page.context["built"]
    url = page.context["download_url"]
    archive = _zip(client, url)
    names = archive.namelist()
    assert names[0] == "index.html"
    index = archive.read("index.html").decode()
    assert '<html lang="ar" dir="rtl">' in index and "<script" not in index
    [video_file] = [n for n in names if n.endswith(".mp4")]
    [pdf_file] = [n for n in names if n.endswith(".pdf")]
    assert f'<video controls preload="metadata" src="{video_file}">' in index
    assert f'href="{pdf_file}"' in index
    assert archive.read(pdf_file) == TINY_PDF
    with datasaver.file.open("rb") as handle:
        assert archive.read(video_file) == handle.read()


def test_an_interrupted_download_resumes_with_a_range(client, lessons, prepare):
    prepare()
    url = client.get(PACK_PAGE).context["download_url"]
    whole = b"".join(client.get(url).streaming_content)
    cut = int(len(whole) * 0.6)
    first = client.get(url, headers={"Range": f"bytes=0-{cut - 1}"})
    etag = first["ETag"]
    rest = client.get(url, headers={"Range": f"bytes={cut}-", "If-Range": etag})
    assert rest.status_code == 206
    assert rest["Content-Range"] == f"bytes {cut}-{len(whole) - 1}/{len(whole)}"
    assert b"".join(first.streaming_content) + b"".join(rest.streaming_content) == whole
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304


def test_a_changed_lesson_rebuilds_the_pack_under_a_new_name(client, lessons, prepare):
    library, _video, document, _asset = lessons
    prepare()
    old_url = client.get(PACK_PAGE).context["download_url"]
    make_resource(library, title="Les miroirs")
    page = client.get(PACK_PAGE)
    assert not page.context["built"]  # the content hash changed
    assert client.get(old_url).status_code == 404
    prepare()
    new_url = client.get(PACK_PAGE).context["download_url"]
    assert new_url != old_url
    assert any("miroirs" in name for name in _zip(client, new_url).namelist())
    level, subject = Level.objects.get(slug="1bac"), Subject.objects.get(slug="physique-chimie")
    names = default_storage.listdir("offline-packs")[1]
    assert names == [pack_for(level, subject).name + ".zip"]  # the older build is deleted
    document.unpublish()
    assert pack_for(level, subject).name + ".zip" not in names


def test_a_pack_over_the_limit_is_refused_with_its_size_and_a_smaller_choice(
    client, lessons, settings, prepare
):
    _library, _video, _document, asset = lessons
    datasaver = asset.renditions.get(profile="datasaver")
    settings.MAKTABA_OFFLINE = {"PACK_MAX_BYTES": datasaver.size}  # the video does not fit
    page = client.get(PACK_PAGE)
    html = page.content.decode()
    assert page.context["pack"].too_large
    assert "لا تُصنع" in html or "not made" in html
    assert 'href="?listen=1"' in html and page.context["smaller"] is not None
    assert "<form" not in html.split("<main", 1)[1].split("</main>", 1)[0].replace(
        '<form class="find"', ""
    )
    prepare()
    assert (
        not default_storage.exists("offline-packs")
        or not default_storage.listdir("offline-packs")[1]
    )
    with pytest.raises(ValueError):
        build(page.context["pack"])
    listen = client.get(PACK_PAGE + "?listen=1")
    assert not listen.context["pack"].too_large
    assert not listen.context["pack"].has_video


def test_a_pack_name_that_is_not_current_is_404(client, lessons):
    assert (
        client.get("/offline/packs/1bac--physique-chimie--watch--" + "0" * 20 + ".zip").status_code
        == 404
    )
    assert client.get("/offline/packs/..%2Fsecret.zip").status_code == 404
