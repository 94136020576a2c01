"""Media on object storage every node shares: the real pipeline (real ffmpeg) against a real
S3-compatible server; files are fetched to a private temporary copy, renditions written back
through the storage API, and served after the permission check by a short-lived signed URL."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

from library.settings.media_storage import default_storage_from_environment
from media_pipeline import jobs, transcode
from media_pipeline.local_files import local_copy
from media_pipeline.models import MediaAsset, Rendition, TranscodeJob
from tests.catalog.media_pages import publish_media_resource
from tests.factories.media import make_asset
from tests.object_storage import bucket_keys, s3_client, storage_environment

pytestmark = pytest.mark.django_db


@pytest.fixture
def work_dir(tmp_path, settings):
    """Where the worker's temporary copies go, so the test can see them removed."""
    path = tmp_path / "work"
    path.mkdir()
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "WORK_DIR": str(path)}
    return path


@pytest.fixture
def s3_media(settings, s3_endpoint, s3_bucket, media_root, work_dir):
    """Default storage on the S3 server, configured as production reads it from the environment."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_from_environment(storage_environment(s3_endpoint, s3_bucket)),
    }
    return {"endpoint": s3_endpoint, "bucket": s3_bucket}


def files_under(path: Path) -> list[Path]:
    return [p for p in Path(path).rglob("*") if p.is_file()]


def fetch_signed(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def run_everything(asset: MediaAsset) -> None:
    job_ids = jobs.probe_asset(asset.pk).jobs
    assert job_ids, MediaAsset.objects.get(pk=asset.pk).error_message
    for job_id in job_ids:
        assert jobs.run_job(job_id).state == TranscodeJob.State.DONE, TranscodeJob.objects.get(
            pk=job_id
        ).error_detail
    for job in asset.jobs.filter(state=TranscodeJob.State.QUEUED):  # HLS, after the video rungs
        assert jobs.run_job(job.pk).state == TranscodeJob.State.DONE, job.error_detail


@pytest.fixture
def processed(s3_media, small_video):
    asset = make_asset(small_video, title="Les fractions")
    run_everything(asset)
    asset.refresh_from_db()
    return asset


def test_the_pipeline_reads_and_writes_only_through_the_bucket(
    processed, s3_media, media_root, work_dir
):
    assert processed.state == MediaAsset.State.READY
    keys = bucket_keys(s3_media["endpoint"], s3_media["bucket"])
    assert processed.original.name in keys
    renditions = list(processed.renditions.all())
    assert {r.profile for r in renditions} >= {"datasaver", "audio_opus", "audio_aac", "hls"}
    client = s3_client(s3_media["endpoint"])
    for rendition in renditions:
        assert rendition.file.name in keys
        if rendition.type != Rendition.Type.HLS:
            assert rendition.file.name == transcode.content_address(
                rendition.checksum, rendition.extension
            )
            body = client.get_object(Bucket=s3_media["bucket"], Key=rendition.file.name)
            data = body["Body"].read()
            assert hashlib.sha256(data).hexdigest() == rendition.checksum
            assert len(data) == rendition.size
    hls = processed.renditions.get(profile="hls")
    folder = hls.file.name.rsplit("/", 1)[0] + "/"
    assert {key.rsplit("/", 1)[1] for key in keys if key.startswith(folder)} >= {
        "master.m3u8",
        "datasaver.m3u8",
        "datasaver_0000.ts",
    }
    # Posters are Wagtail images, on the same default storage.
    assert processed.poster.file.name in keys and processed.thumbnail.file.name in keys
    # Nothing was written to MEDIA_ROOT, and every temporary copy is gone.
    assert files_under(media_root) == []
    assert list(work_dir.iterdir()) == []


def test_a_local_copy_is_private_and_removed_afterwards(s3_media, work_dir):
    name = default_storage.save("media/originals/copy-me.bin", ContentFile(b"original bytes"))
    field = MediaAsset(title="x", kind="video", original=name).original
    with local_copy(field) as path:
        assert path.read_bytes() == b"original bytes"
        assert path.is_relative_to(work_dir)
        assert (path.parent.stat().st_mode & 0o077) == 0  # only the worker's user may read it
    assert not path.exists() and list(work_dir.iterdir()) == []


def test_a_local_copy_is_removed_when_the_work_fails(s3_media, work_dir):
    name = default_storage.save("media/originals/fails.bin", ContentFile(b"bytes"))
    field = MediaAsset(title="x", kind="video", original=name).original
    with pytest.raises(RuntimeError):
        with local_copy(field):
            raise RuntimeError("ffmpeg crashed")
    assert list(work_dir.iterdir()) == []


def test_on_the_filesystem_the_local_copy_is_the_file_itself(media_root, work_dir):
    name = default_storage.save("media/originals/here.bin", ContentFile(b"bytes"))
    field = MediaAsset(title="x", kind="video", original=name).original
    with local_copy(field) as path:
        assert path == Path(field.path)
    assert Path(field.path).exists() and list(work_dir.iterdir()) == []


def test_a_public_rendition_redirects_to_a_signed_url_that_answers_ranges(
    processed, s3_media, library
):
    publish_media_resource(library, processed)
    rendition = processed.renditions.get(profile="datasaver")
    response = Client().get(rendition.url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(s3_media["endpoint"] + "/")
    assert "no-store" in response["Cache-Control"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["300"] and "X-Amz-Signature" in query
    assert query["response-content-type"] == ["video/mp4"]

    status, headers, body = fetch_signed(location, Range="bytes=0-99")
    assert status == 206
    assert headers["Content-Range"] == f"bytes 0-99/{rendition.size}"
    whole = (
        s3_client(s3_media["endpoint"])
        .get_object(Bucket=s3_media["bucket"], Key=rendition.file.name)["Body"]
        .read()
    )
    assert body == whole[:100]

    # The same object without the signature is refused by the server.
    unsigned = location.split("?", 1)[0]
    assert fetch_signed(unsigned)[0] == 403


def test_the_signed_url_lifetime_is_a_setting(processed, s3_media, library, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "SIGNED_URL_SECONDS": 60}
    publish_media_resource(library, processed)
    rendition = processed.renditions.get(profile="audio_opus")
    location = Client().get(rendition.url + "?download=1")["Location"]
    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"][0].startswith("attachment;")
    status, headers, _body = fetch_signed(location)
    assert status == 200 and headers["Content-Disposition"].startswith("attachment;")


def test_hls_playlists_come_through_django_and_segments_by_signed_url(processed, s3_media, library):
    publish_media_resource(library, processed)
    hls = processed.renditions.get(profile="hls")
    client = Client()
    master = client.get(hls.url)
    assert master.status_code == 200
    playlist = b"".join(master.streaming_content).decode()
    assert "datasaver.m3u8" in playlist  # relative: resolved against /media-files/…
    variant_url = hls.url.rsplit("/", 1)[0] + "/datasaver.m3u8"
    variant = client.get(variant_url, HTTP_RANGE="bytes=0-6")
    assert variant.status_code == 206 and b"".join(variant.streaming_content) == b"#EXTM3U"
    segment = client.get(hls.url.rsplit("/", 1)[0] + "/datasaver_0000.ts")
    assert segment.status_code == 302
    status, _headers, body = fetch_signed(segment["Location"], Range="bytes=0-187")
    assert status == 206 and body[0:1] == b"G"  # an MPEG-TS sync byte


def test_a_private_asset_answers_404_without_redirect(processed, s3_media):
    for rendition in processed.renditions.all():
        response = Client().get(rendition.url)
        assert response.status_code == 404
        assert "Location" not in response
    assert Client().get(processed.original_url).status_code == 404


def test_the_original_goes_by_signed_url_to_a_moderator_only(processed, s3_media, library):
    from django.contrib.auth.models import User

    publish_media_resource(library, processed)
    assert Client().get(processed.original_url).status_code == 404  # pupils play renditions
    moderator = Client()
    moderator.force_login(User.objects.create_superuser("moderator", "m@example.ma", "pw"))
    response = moderator.get(processed.original_url)
    assert response.status_code == 302
    status, _headers, body = fetch_signed(response["Location"], Range="bytes=4-7")
    assert status == 206 and body == b"ftyp"


def test_a_replaced_rendition_file_is_deleted_from_the_bucket(processed, s3_media):
    rendition = processed.renditions.get(profile="audio_aac")
    hls = processed.renditions.get(profile="hls")
    folder = hls.file.name.rsplit("/", 1)[0] + "/"
    with django_on_commit():
        rendition.delete()
        hls.delete()
    keys = bucket_keys(s3_media["endpoint"], s3_media["bucket"])
    assert rendition.file.name not in keys
    assert not [key for key in keys if key.startswith(folder)]


def django_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_a_document_is_served_by_signed_url_after_the_check(s3_media, library):
    from tests.catalog.test_resource_routing import publish_resource
    from tests.factories.catalog import make_document

    page = publish_resource(library, "Cours", "cours")
    response = Client().get(page.document.url)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["300"]
    status, headers, body = fetch_signed(response["Location"], Range="bytes=0-3")
    assert status == 206 and body == b"%PDF"
    assert headers["Content-Type"] == "application/pdf"

    orphan = make_document("orphan.pdf")
    refused = Client().get(orphan.url)
    assert refused.status_code == 404 and "Location" not in refused


def test_the_sweep_removes_temporary_copies_a_killed_worker_left(work_dir):
    import os
    import time

    from media_pipeline.tasks import sweep_media_jobs

    dead = work_dir / "maktaba-media-dead"
    live = work_dir / "maktaba-media-live"
    other = work_dir / "somebody-elses"
    for directory in (dead, live, other):
        directory.mkdir()
        (directory / "original.mp4").write_bytes(b"x")
    old = time.time() - 3600
    for path in (dead / "original.mp4", dead, live, other / "original.mp4", other):
        os.utime(path, (old, old))  # live's copy is still being written
    result = sweep_media_jobs.call()
    assert result["copies_removed"] == 1
    assert not dead.exists() and live.exists() and other.exists()


def test_build_ebook_stores_in_the_bucket_and_prints_the_stored_names(
    s3_media, site_tree, capsys, media_root
):
    from django.core.management import call_command

    from tests.factories.ebook import chapter, make_ebook

    page = make_ebook(
        site_tree[0], slug="guide", chapters=[chapter("مقدمة", ("text", "<p>نص</p>"))]
    )
    call_command("build_ebook", "guide")
    build = page.current_build()
    assert capsys.readouterr().out.split() == [build.epub_file.name, build.pdf_file.name]
    keys = bucket_keys(s3_media["endpoint"], s3_media["bucket"])
    assert build.epub_file.name in keys and build.pdf_file.name in keys
    assert files_under(media_root) == []
