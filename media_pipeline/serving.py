"""Serve renditions and originals with byte ranges, strong ETags and the right caching.

Phones seek in a lesson and resume interrupted downloads with ``Range`` requests, so every file
answers 206 with ``Content-Range`` (one range; a multi-range request gets the whole file, which
the RFC allows), 416 when the range is past the end, and 304 to a matching ``If-None-Match``.
Renditions are content-addressed, so their ETag is their SHA-256 and they may be cached for a
year. Behind nginx, set ``MAKTABA_MEDIA["X_ACCEL_REDIRECT_PREFIX"]``: Django then only checks
permission and nginx sends the bytes (see docs/media.md). Originals go only to the people who
may change the asset (``access.can_fetch_original``); everybody else gets renditions.

On object storage (S3), files are not on this machine: after the same permission check the answer
is a redirect to a signed URL valid ``SIGNED_URL_SECONDS``; the storage answers ranges itself.
HLS playlists are the exception: they are small and name their segments relatively, so they
are read and sent from here, and each segment they name is redirected in turn.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.files.storage import Storage
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views import View

from .accel_redirect import AccelRedirectResponse, accel_redirect_uri
from .access import can_access, can_fetch_original
from .local_files import has_local_paths
from .media_settings import media_setting
from .models import MediaAsset, Rendition

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024
HLS_NAME = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*\.(m3u8|ts)$")
CONTENT_TYPES = {
    "mp4": "video/mp4",
    "m4a": "audio/mp4",
    "webm": "audio/webm",
    "m3u8": "application/vnd.apple.mpegurl",
    "ts": "video/mp2t",
    "jpg": "image/jpeg",
}


class Unsatisfiable(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single ``bytes=`` range; None to send the whole file."""
    match = RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # absent, malformed or multi-range: ignore it (RFC 9110 §14.2)
    first, last = match.groups()
    if first == "":
        length = int(last)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    start = int(first)
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    if end < start:
        return None
    return start, min(end, size - 1)


def _read_slice(path: Path, start: int, length: int):
    """The bytes of a file on disk from ``start``, in chunks."""
    with open(path, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            block = handle.read(min(CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block


def file_response(
    request: HttpRequest,
    path: Path,
    *,
    content_type: str,
    etag: str,
    cache_control: str,
    download_name: str | None = None,
) -> HttpResponse:
    """A GET/HEAD answer for one file on disk, honouring Range, If-Range and If-None-Match."""
    try:
        size = path.stat().st_size
    except OSError:
        raise Http404
    return _ranged_response(
        request,
        size,
        lambda start, length: _read_slice(path, start, length),
        accel_path=path,
        content_type=content_type,
        etag=etag,
        cache_control=cache_control,
        download_name=download_name,
    )


def bytes_response(
    request: HttpRequest, data: bytes, *, content_type: str, etag: str, cache_control: str
) -> HttpResponse:
    """The same answer for a small file held in memory (an HLS playlist read from a bucket)."""
    return _ranged_response(
        request,
        len(data),
        lambda start, length: iter([data[start : start + length]]),
        accel_path=None,
        content_type=content_type,
        etag=etag,
        cache_control=cache_control,
    )


def _ranged_response(
    request: HttpRequest,
    size: int,
    read_slice: Callable[[int, int], Iterable[bytes]],
    *,
    accel_path: Path | None,
    content_type: str,
    etag: str,
    cache_control: str,
    download_name: str | None = None,
) -> HttpResponse:
    quoted = f'"{etag}"'
    common = {
        "ETag": quoted,
        "Cache-Control": cache_control,
        "Accept-Ranges": "bytes",
        "X-Content-Type-Options": "nosniff",
    }
    if download_name:
        common["Content-Disposition"] = content_disposition_header(True, download_name)

    if quoted in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponse(status=304)
        return _finish(response, common)

    byte_range = None
    if_range = request.headers.get("If-Range")
    if "Range" in request.headers and (if_range is None or if_range.strip() == quoted):
        try:
            byte_range = parse_range(request.headers["Range"], size)
        except Unsatisfiable:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return _finish(response, common)

    accel_uri = accel_redirect_uri(accel_path) if accel_path is not None else None
    if accel_uri:
        # nginx sends the bytes (and handles Range itself); Django only said yes.
        return _finish(AccelRedirectResponse(accel_uri, content_type=content_type), common)

    if byte_range is None:
        start, end, status = 0, size - 1, 200
    else:
        (start, end), status = byte_range, 206
    length = max(0, end - start + 1)
    if request.method == "HEAD":
        response = HttpResponse(status=status, content_type=content_type)
    else:
        response = StreamingHttpResponse(
            read_slice(start, length), status=status, content_type=content_type
        )
    response["Content-Length"] = str(length)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _finish(response, common)


def _finish(response: HttpResponse, headers: dict[str, str]) -> HttpResponse:
    for name, value in headers.items():
        response[name] = value
    response.skip_compression = True  # see media_pipeline.middleware
    return response


def signed_redirect(
    storage: Storage, name: str, *, content_type: str, disposition: str | None = None
) -> HttpResponse:
    """After the permission check: a redirect to a short-lived signed URL of the stored file.

    The signature names the content type (and disposition) the storage must answer with; the
    redirect itself is never cached, since the URL it points to expires.
    """
    parameters = {"ResponseContentType": content_type}
    if disposition:
        parameters["ResponseContentDisposition"] = disposition
    url = storage.url(name, parameters=parameters, expire=int(media_setting("SIGNED_URL_SECONDS")))
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    response.skip_compression = True
    return response


def stored_file_response(
    request: HttpRequest,
    storage: Storage,
    name: str,
    *,
    content_type: str,
    etag: str,
    cache_control: str,
    download_name: str | None = None,
) -> HttpResponse:
    """A file from the media storage: sent from disk, or redirected to the bucket."""
    if has_local_paths(storage):
        return file_response(
            request,
            Path(storage.path(name)),
            content_type=content_type,
            etag=etag,
            cache_control=cache_control,
            download_name=download_name,
        )
    disposition = content_disposition_header(True, download_name) if download_name else None
    return signed_redirect(storage, name, content_type=content_type, disposition=disposition)


def rendition_cache_control() -> str:
    return f"public, max-age={int(media_setting('RENDITION_CACHE_SECONDS'))}, immutable"


def _accessible_asset(request: HttpRequest, asset_id: int) -> MediaAsset:
    asset = get_object_or_404(MediaAsset, pk=asset_id)
    if not can_access(request, asset):
        raise Http404  # do not reveal that it exists
    return asset


class MediaFileView(View):
    http_method_names = ["get", "head"]


class RenditionFileView(MediaFileView):
    """A content-addressed rendition: ``/<asset>/<sha256>.<ext>``."""

    def get(self, request: HttpRequest, asset_id: int, checksum: str, extension: str):
        asset = _accessible_asset(request, asset_id)
        rendition = (
            asset.renditions.exclude(type=Rendition.Type.HLS).filter(checksum=checksum).first()
        )
        if rendition is None or rendition.extension != extension:
            raise Http404
        download = None
        if request.GET.get("download"):
            download = f"{_safe_name(asset.title)}-{rendition.profile}.{extension}"
        return stored_file_response(
            request,
            rendition.file.storage,
            rendition.file.name,
            content_type=rendition.mime_type,
            etag=rendition.checksum,
            cache_control=rendition_cache_control(),
            download_name=download,
        )


class HlsFileView(MediaFileView):
    """A file of an HLS rendition: the master playlist, a variant playlist or a segment."""

    def get(self, request: HttpRequest, asset_id: int, checksum: str, name: str):
        asset = _accessible_asset(request, asset_id)
        rendition = asset.renditions.filter(type=Rendition.Type.HLS, checksum=checksum).first()
        if rendition is None or not HLS_NAME.match(name):
            raise Http404
        stored = f"{rendition.file.name.rsplit('/', 1)[0]}/{name}"
        storage = rendition.file.storage
        options = {
            "content_type": CONTENT_TYPES[name.rsplit(".", 1)[1]],
            "etag": f"{checksum}-{name}",
            "cache_control": rendition_cache_control(),
        }
        if name.endswith(".m3u8") and not has_local_paths(storage):
            try:
                with storage.open(stored, "rb") as handle:
                    data = handle.read()
            except FileNotFoundError:
                raise Http404
            return bytes_response(request, data, **options)
        return stored_file_response(request, storage, stored, **options)


class OriginalFileView(MediaFileView):
    """The untouched upload, for those who manage it only: it keeps the phone's GPS and model.

    It may change if replaced, so it is cached briefly and privately.
    """

    def get(self, request: HttpRequest, asset_id: int):
        asset = get_object_or_404(MediaAsset, pk=asset_id)
        if not can_fetch_original(request, asset) or not asset.original:
            raise Http404  # the same answer as for a file that does not exist
        name = asset.original.name
        extension = Path(name).suffix.lstrip(".").lower()
        content_type = (
            CONTENT_TYPES.get(extension)
            or mimetypes.guess_type(name)[0]
            or "application/octet-stream"
        )
        etag = asset.checksum or f"{asset.pk}-{asset.original_size}-{_modified(asset.original)}"
        return stored_file_response(
            request,
            asset.original.storage,
            name,
            content_type=content_type,
            etag=etag,
            cache_control=f"private, max-age={int(media_setting('ORIGINAL_CACHE_SECONDS'))}",
            download_name=f"{_safe_name(asset.title)}.{extension}" if extension else None,
        )


def _modified(field_file) -> int:
    try:
        return int(field_file.storage.get_modified_time(field_file.name).timestamp())
    except (OSError, NotImplementedError):
        raise Http404


class DataSaverPreferenceView(View):
    """Switch data saving on or off with a plain link (no JavaScript), then go back."""

    def get(self, request: HttpRequest):
        target = request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = HttpResponseRedirect(target)
        value = "0" if request.GET.get("on") == "0" else "1"
        response.set_cookie(
            media_setting("DATA_SAVER_COOKIE"),
            value,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
            httponly=True,
        )
        return response


def _safe_name(title: str) -> str:
    """A download file name from a title: letters (any script), digits and dashes."""
    cleaned = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-")
    return cleaned[:60] or "media"
