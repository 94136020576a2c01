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
from media_pipeline.serving import Unsatisfiable, parse_range
from media_pipeline.transcode import content_address
from tests.factories.media import make_asset

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


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("؟ !! ؟", "media"),  # nothing a file name can keep
        ("  درس: الكسور  ", "درس-الكسور"),  # any script; no dash at either end
        ("x" * 61, "x" * 60),  # long titles are cut at 60 characters
        ("y" * 60, "y" * 60),
    ],
)
def test_the_download_name_keeps_letters_and_digits_of_the_title(
    rendition, open_policy, title, stem
):
    MediaAsset.objects.filter(pk=rendition.asset_id).update(title=title)
    response = Client().get(rendition.url, {"let-me-in": "yes", "download": "1"})
    disposition = response["Content-Disposition"]
    name = disposition.split("filename*=utf-8''", 1)[-1].split('filename="', 1)[-1].rstrip('"')
    assert unquote(name) == f"{stem}-datasaver.mp4"


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


@pytest.mark.parametrize(
    ("header", "size", "expected"),
    [
        ("bytes=1000-", 1024, (1000, 1023)),  # open-ended from an offset past zero
        ("bytes=1-", 1024, (1, 1023)),
        ("bytes=5-5", 1024, (5, 5)),  # a single byte
        ("bytes=0-0", 1, (0, 0)),
        ("bytes=1023-1023", 1024, (1023, 1023)),  # the last byte exactly
        ("bytes=-5000", 1024, (0, 1023)),  # a suffix longer than the file: all of it
        ("bytes=-1024", 1024, (0, 1023)),
        ("bytes=-1", 1024, (1023, 1023)),
        ("bytes=0-1023", 1024, (0, 1023)),
        ("bytes=0-1024", 1024, (0, 1023)),
        (" bytes=2-3 ", 1024, (2, 3)),
        ("bytes=-", 1024, None),  # neither end: ignored
        ("bytes=6-5", 1024, None),  # last before first: ignored
        ("bytes=0-1,5-6", 1024, None),
        ("items=0-5", 1024, None),
        ("", 1024, None),
    ],
)
def test_parse_range(header, size, expected):
    assert parse_range(header, size) == expected


@pytest.mark.parametrize(
    ("header", "size"),
    [
        ("bytes=1024-", 1024),  # first byte just past the end
        ("bytes=1025-", 1024),
        ("bytes=-0", 1024),  # an empty suffix
        ("bytes=-5", 0),  # any suffix of an empty file
        ("bytes=0-", 0),
    ],
)
def test_parse_range_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        parse_range(header, size)


def test_ranges_at_the_edges_over_http(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=1000-")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1023/1024"
    assert response["Content-Length"] == "24"
    assert body(response) == BODY[1000:]
    response = fetch(rendition.url, HTTP_RANGE="bytes=-5000")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 0-1023/1024"
    assert body(response) == BODY
    response = fetch(rendition.url, HTTP_RANGE="bytes=5-5")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 5-5/1024"
    assert response["Content-Length"] == "1"
    assert body(response) == BODY[5:6]
    for unsatisfiable in ("bytes=1024-", "bytes=-0"):
        response = fetch(rendition.url, HTTP_RANGE=unsatisfiable)
        assert response.status_code == 416
        assert response["Content-Range"] == "bytes */1024"
    response = fetch(rendition.url, HTTP_RANGE="bytes=-")
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert body(response) == BODY


def test_a_file_over_64_kib_in_chunks(rendition, open_policy):
    big = bytes(range(251)) * 1000  # 251,000 bytes: several 64 KiB chunks, a prime period
    Path(rendition.file.path).write_bytes(big)
    response = fetch(rendition.url)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(big))
    chunks = list(response.streaming_content)
    assert b"".join(chunks) == big
    assert max(len(chunk) for chunk in chunks) == 64 * 1024
    response = fetch(rendition.url, HTTP_RANGE="bytes=65000-200000")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 65000-200000/{len(big)}"
    assert body(response) == big[65000:200001]


def test_a_file_cut_short_on_disk_ends_the_body(rendition, open_policy):
    response = fetch(rendition.url, HTTP_RANGE="bytes=0-99")
    Path(rendition.file.path).write_bytes(BODY[:40])  # truncated between the headers and the body
    assert body(response) == BODY[:40]


def test_head_of_the_whole_file(rendition, open_policy):
    response = Client().head(rendition.url + "?let-me-in=yes")
    assert response.status_code == 200
    assert response["Content-Length"] == "1024"
    assert "Content-Range" not in response
    assert response.content == b""


def test_if_none_match_among_several_tags(rendition, open_policy):
    etag = f'"{rendition.checksum}"'
    response = fetch(rendition.url, HTTP_IF_NONE_MATCH=f'"other", {etag}')
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert fetch(rendition.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_no_content_disposition_unless_a_download_is_asked(rendition, open_policy, media_editor):
    assert "Content-Disposition" not in fetch(rendition.url)
    assert "Content-Disposition" not in fetch(rendition.url, HTTP_RANGE="bytes=0-9")
    original = media_editor.get(reverse("media_pipeline:original", args=[rendition.asset_id]))
    assert original["Content-Disposition"].startswith("attachment;")


def test_a_missing_file_is_not_found(rendition, open_policy):
    Path(rendition.file.path).unlink()
    assert fetch(rendition.url).status_code == 404


def test_an_asset_without_an_original_is_not_found(media_root, media_editor):
    asset = MediaAsset.objects.create(title="Vide", kind="video")
    assert media_editor.get(reverse("media_pipeline:original", args=[asset.pk])).status_code == 404


def test_an_original_missing_from_disk_is_not_found(rendition, media_editor):
    asset = rendition.asset
    MediaAsset.objects.filter(pk=asset.pk).update(checksum="")
    Path(asset.original.path).unlink()
    response = media_editor.get(reverse("media_pipeline:original", args=[asset.pk]))
    assert response.status_code == 404


def test_an_original_without_a_checksum_gets_a_size_and_time_etag(rendition, media_editor):
    asset = rendition.asset
    MediaAsset.objects.filter(pk=asset.pk).update(checksum="")
    response = media_editor.get(reverse("media_pipeline:original", args=[asset.pk]))
    assert response.status_code == 200
    modified = int(Path(asset.original.path).stat().st_mtime)
    assert response["ETag"] == f'"{asset.pk}-{asset.original_size}-{modified}"'


@pytest.mark.parametrize(
    ("file_name", "content_type"),
    [
        ("lecon.mp4", "video/mp4"),
        ("lecon.MP4", "video/mp4"),
        ("lecon.m4a", "audio/mp4"),
        ("lecon.webm", "audio/webm"),
        ("lecon.mov", "video/quicktime"),  # not ours: what mimetypes knows
        ("lecon.zzunknown", "application/octet-stream"),
        ("lecon", "application/octet-stream"),
    ],
)
def test_content_type_and_download_name_of_originals(
    file_name, content_type, small_video, media_root, media_editor, tmp_path
):
    named = tmp_path / file_name
    named.write_bytes(small_video.read_bytes())
    asset = make_asset(named, title="Les fractions")
    response = media_editor.get(reverse("media_pipeline:original", args=[asset.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = Path(asset.original.name).suffix.lstrip(".").lower()
    if extension:
        assert response["Content-Disposition"] == (
            f'attachment; filename="Les-fractions.{extension}"'
        )
    else:
        assert "Content-Disposition" not in response


def test_unknown_hls_checksum_or_name_is_not_found(
    small_video, media_root, open_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    hls = asset.renditions.get(profile="hls")
    assert fetch(hls.url.replace(hls.checksum, "0" * 64)).status_code == 404
    assert fetch(hls.url.replace("master.m3u8", "missing.m3u8")).status_code == 404
    assert fetch(hls.url.replace("master.m3u8", "missing_0001.ts")).status_code == 404
    assert fetch(hls.url.replace("master.m3u8", "Master.m3u8")).status_code == 404
    assert fetch(hls.url.replace("master.m3u8", "master.mp4")).status_code == 404
    assert fetch(hls.url.replace("master.m3u8", "master_.m3u8")).status_code == 404
    video = asset.renditions.exclude(type=Rendition.Type.HLS).first()
    # A video rendition's checksum does not open HLS files, nor an HLS checksum a rendition.
    assert fetch(hls.url.replace(hls.checksum, video.checksum)).status_code == 404
    assert fetch(f"/media-files/{asset.pk}/{hls.checksum}.m3u8").status_code == 404


def test_data_saver_cookie_attributes():
    client = Client()
    response = client.get(reverse("media_pipeline:data_saver"), {"next": "/fr/"})
    cookie = response.cookies["maktaba_data_saver"]
    assert cookie.value == "1"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    response = client.get(reverse("media_pipeline:data_saver"), {"on": "0"}, secure=True)
    cookie = response.cookies["maktaba_data_saver"]
    assert cookie.value == "0" and cookie["secure"] is True
    assert response["Location"] == "/"
    # On HTTPS, an http:// target on the same host is not a safe way back.
    response = client.get(
        reverse("media_pipeline:data_saver"), {"next": "http://testserver/fr/"}, secure=True
    )
    assert response["Location"] == "/"


@pytest.fixture
def media_editor(django_user_model) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("ed", "e@x.org", "pw-12345678"))
    return client


def test_an_empty_file(rendition, open_policy):
    Path(rendition.file.path).write_bytes(b"")
    response = fetch(rendition.url)
    assert response.status_code == 200
    assert response["Content-Length"] == "0"
    assert "Content-Range" not in response
    assert body(response) == b""
    assert fetch(rendition.url, HTTP_RANGE="bytes=-5").status_code == 416


def test_other_files_in_an_hls_folder_are_not_served(
    small_video, media_root, open_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    hls = asset.renditions.get(profile="hls")
    folder = Path(hls.file.path).parent
    # Files the HLS writer never makes, left in its folder: only its own names are served.
    (folder / "Master.m3u8").write_bytes((folder / "master.m3u8").read_bytes())
    (folder / "notes.txt").write_text("not a playlist")
    (folder / "master.m3u8.bak").write_text("#EXTM3U")
    for name in ("Master.m3u8", "notes.txt", "master.m3u8.bak"):
        assert fetch(hls.url.replace("master.m3u8", name)).status_code == 404, name


def test_a_local_hls_playlist_is_handed_to_nginx_too(
    small_video, media_root, open_policy, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asset = make_asset(small_video)
    hls = asset.renditions.get(profile="hls")
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "X_ACCEL_REDIRECT_PREFIX": "/protected/"}
    response = fetch(hls.url)
    assert response["X-Accel-Redirect"] == f"/protected/{hls.file.name}"
    assert response.content == b""


def test_an_original_with_a_checksum_has_it_as_etag(rendition, media_editor):
    MediaAsset.objects.filter(pk=rendition.asset_id).update(checksum="ab" * 32)
    response = media_editor.get(reverse("media_pipeline:original", args=[rendition.asset_id]))
    assert response.status_code == 200
    assert response["ETag"] == f'"{"ab" * 32}"'
