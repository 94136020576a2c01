"""Serving: byte ranges, ETags, caching, content types, the access hook, X-Accel-Redirect."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from media_pipeline.models import MediaAsset, Rendition
from media_pipeline.transcode import content_address

from .factories import make_asset

pytestmark = pytest.mark.django_db

BODY = bytes(range(256)) * 4  # 1024 bytes, every offset recognisable


def allow_when_asked(request, asset) -> bool:
    """A test access policy: yes when the query string says so."""
    return request.GET.get("let-me-in") == "yes"


@pytest.fixture
def open_policy(settings):
    settings.MAKTABA_MEDIA = {
        **settings.MAKTABA_MEDIA,
        "ACCESS_POLICY": "tests.media_pipeline.test_serving.allow_when_asked",
    }


@pytest.fixture
def rendition(small_video, media_root) -> Rendition:
    asset = make_asset(small_video, title="Les fractions")
    MediaAsset.objects.filter(pk=asset.pk).update(state=MediaAsset.State.READY)
    checksum = hashlib.sha256(BODY).hexdigest()
    name = content_address(checksum, "mp4")
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True)
    path.write_bytes(BODY)
    return Rendition.objects.create(
        asset=asset,
        profile="datasaver",
        type=Rendition.Type.VIDEO,
        file=name,
        checksum=checksum,
        size=len(BODY),
        mime_type="video/mp4",
    )


def fetch(url: str, **headers):
    return Client().get(url + "?let-me-in=yes", **headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_whole_file(rendition, open_policy):
    response = fetch(rendition.url)
    assert response.status_code == 200
    assert body(response) == BODY
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Length"] == "1024"
    assert response["Accept-Ranges"] == "bytes"
    assert response["ETag"] == f'"{rendition.checksum}"'
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_first_bytes(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 0-99/1024"
    assert response["Content-Length"] == "100"
    assert body(response) == BODY[:100]


def test_middle_range(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=300-599")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 300-599/1024"
    assert body(response) == BODY[300:600]


def test_suffix_range(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=-24")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1023/1024"
    assert body(response) == BODY[-24:]


def test_open_ended_range_and_end_past_the_size(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=1000-5000")
    assert response["Content-Range"] == "bytes 1000-1023/1024"
    assert body(response) == BODY[1000:]


def test_unsatisfiable_range(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=2048-")
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_multi_range_gets_the_whole_file(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=0-1,5-6")
    assert response.status_code == 200
    assert body(response) == BODY


def test_range_survives_gzip_capable_clients(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=10-19", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 206
    assert "Content-Encoding" not in response
    assert body(response) == BODY[10:20]


def test_if_none_match_and_if_range(rendition, open_policy):
    etag = f'"{rendition.checksum}"'
    assert fetch(rendition.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    stale = fetch(rendition.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"something-else"')
    assert stale.status_code == 200 and body(stale) == BODY
    fresh = fetch(rendition.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert fresh.status_code == 206


def test_head(rendition, open_policy):
    response = Client().head(rendition.url + "?let-me-in=yes", HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206
    assert response["Content-Length"] == "10"


def test_download_name_from_the_title(rendition, open_policy):
    response = Client().get(rendition.url, {"let-me-in": "yes", "download": "1"})
    assert response["Content-Disposition"] == 'attachment; filename="Les-fractions-datasaver.mp4"'


def test_policy_says_no_means_not_found(rendition, open_policy):
    assert Client().get(rendition.url).status_code == 404
    assert (
        Client().get(reverse("media_pipeline:original", args=[rendition.asset_id])).status_code
        == 404
    )


def test_without_a_policy_only_media_editors_get_files(rendition, settings, django_user_model):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "ACCESS_POLICY": ""}
    assert fetch(rendition.url).status_code == 404
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("ed", "e@x.org", "pw-12345678"))
    assert client.get(rendition.url).status_code == 200


def test_wrong_checksum_or_extension_is_not_found(rendition, open_policy):
    other = "0" * 64
    assert fetch(f"/media-files/{rendition.asset_id}/{other}.mp4").status_code == 404
    assert fetch(f"/media-files/{rendition.asset_id}/{rendition.checksum}.webm").status_code == 404


def test_original_is_served_with_ranges_and_private_caching(
    rendition, open_policy, small_video, django_user_model
):
    url = reverse("media_pipeline:original", args=[rendition.asset_id])
    # The access policy opens renditions; the original (GPS, phone model) stays closed.
    assert fetch(url).status_code == 404
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("ed", "e@x.org", "pw-12345678"))
    response = client.get(url, HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert body(response) == small_video.read_bytes()[4:12]
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Type"] == "video/mp4"


def test_x_accel_redirect_hands_the_bytes_to_nginx(rendition, open_policy, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "X_ACCEL_REDIRECT_PREFIX": "/protected/"}
    response = fetch(rendition.url, HTTP_RANGE="bytes=0-9")
    assert response["X-Accel-Redirect"] == f"/protected/{rendition.file.name}"
    assert response["ETag"] == f'"{rendition.checksum}"'
    assert response.content == b""


def test_x_accel_redirect_percent_encodes_a_non_ascii_name(
    small_video, media_root, settings, django_user_model
):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "X_ACCEL_REDIRECT_PREFIX": "/protected/"}
    named = small_video.parent / "درس الكسور.mp4"
    named.write_bytes(small_video.read_bytes())
    asset = make_asset(named)
    client = Client()  # an original goes only to those who manage the asset
    client.force_login(django_user_model.objects.create_superuser("ed", "e@x.org", "pw-12345678"))
    response = client.get(reverse("media_pipeline:original", args=[asset.pk]))
    assert response.status_code == 200
    header = response["X-Accel-Redirect"]
    assert header.isascii() and "=?utf-8?" not in header
    assert unquote(header) == "/protected/" + asset.original.name


def test_hls_files_of_a_processed_asset(
    small_video, media_root, open_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    hls = asset.renditions.get(profile="hls")
    master = fetch(hls.url)
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert b"datasaver.m3u8" in body(master)
    variant = fetch(hls.url.replace("master.m3u8", "datasaver.m3u8"))
    segment_name = next(
        line for line in body(variant).decode().splitlines() if line.endswith(".ts")
    )
    segment = fetch(hls.url.replace("master.m3u8", segment_name), HTTP_RANGE="bytes=0-187")
    assert segment.status_code == 206 and segment["Content-Type"] == "video/mp2t"
    assert body(segment)[0] == 0x47  # an MPEG-TS sync byte
    assert fetch(hls.url.replace("master.m3u8", "..%2Fsecret.ts")).status_code == 404


def test_data_saver_switch_sets_a_cookie_and_goes_back_safely():
    client = Client()
    response = client.get(reverse("media_pipeline:data_saver"), {"on": "0", "next": "/fr/x/"})
    assert response.status_code == 302 and response["Location"] == "/fr/x/"
    assert client.cookies["maktaba_data_saver"].value == "0"
    response = client.get(
        reverse("media_pipeline:data_saver"), {"on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
    assert client.cookies["maktaba_data_saver"].value == "1"
