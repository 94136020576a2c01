"""Does a file on disk fit the kind of resource a manifest row says it is?

Documents are checked by extension and by their first bytes (a PDF starts with ``%PDF-``, EPUB
and office files are ZIP archives). Audio and video are checked by extension and size only;
probing their streams is the media pipeline's job once the asset exists. Thumbnails must be
images Pillow can read, in the format their extension says.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from catalog.conf import catalog_setting
from catalog.models.pages import DOCUMENT_EXTENSIONS, ResourceKind

AUDIO_EXTENSIONS = frozenset({".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".wav", ".flac"})
VIDEO_EXTENSIONS = frozenset({".mp4", ".m4v", ".webm", ".mkv", ".mov", ".ogv", ".3gp"})
ZIP_DOCUMENTS = frozenset({".epub", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods"})
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP", ".gif": "GIF"}
DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024


class FileRefused(ValueError):
    """The file cannot become the resource's file; the message says why, in the user's words."""


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    size: int
    sha1: str  # what Wagtail stores as Document.file_hash
    sha256: str  # what media_pipeline stores as MediaAsset.checksum


def max_bytes(kind: str) -> int:
    if kind == ResourceKind.DOCUMENT:
        return int(catalog_setting("MAX_DOCUMENT_BYTES"))
    return int(catalog_setting("MAX_MEDIA_BYTES"))


def allowed_document_extensions() -> set[str]:
    wagtail_allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
    if wagtail_allowed is None:
        return set(DOCUMENT_EXTENSIONS)
    return DOCUMENT_EXTENSIONS & {f".{ext.lower()}" for ext in wagtail_allowed}


def resolve_path(folder: Path, value: str) -> Path:
    """A manifest path, relative to the manifest's folder and never outside it."""
    relative = Path(value.replace("\\", "/"))
    if relative.is_absolute():
        raise FileRefused(
            _("the file path «%(path)s» must be relative to the manifest's folder.")
            % {"path": value}
        )
    base = folder.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise FileRefused(
            _("the file «%(path)s» is outside the manifest's folder.") % {"path": value}
        )
    return path


def _existing_file(folder: Path, value: str) -> Path:
    path = resolve_path(folder, value)
    if not path.exists():
        raise FileRefused(
            _("the file «%(path)s» was not found (paths are relative to the manifest's folder).")
            % {"path": value}
        )
    if not path.is_file():
        raise FileRefused(_("«%(path)s» is not a file.") % {"path": value})
    return path


def _check_size(value: str, size: int, limit: int) -> None:
    if size == 0:
        raise FileRefused(_("the file «%(path)s» is empty.") % {"path": value})
    if size > limit:
        raise FileRefused(
            _("the file «%(path)s» weighs %(size)s; the limit is %(limit)s.")
            % {"path": value, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def check_file(folder: Path, value: str, kind: str) -> CheckedFile:
    """Resolve, type-check, size-check and hash one file; raise FileRefused with the reason."""
    if not value:
        raise FileRefused(_("the file column is empty."))
    path = _existing_file(folder, value)
    extension = path.suffix.lower()
    _check_extension(value, extension, kind)
    size = path.stat().st_size
    _check_size(value, size, max_bytes(kind))
    with path.open("rb") as handle:
        if kind == ResourceKind.DOCUMENT:
            _check_document_content(value, extension, handle.read(8192))
    return _hashed(path, size)


def check_thumbnail(folder: Path, value: str) -> CheckedFile:
    """A PNG, JPEG, WebP or GIF image that Pillow can read, within Wagtail's upload limit."""
    path = _existing_file(folder, value)
    expected_format = IMAGE_FORMATS.get(path.suffix.lower())
    if expected_format is None:
        raise FileRefused(
            _("the thumbnail «%(path)s» is not a PNG, JPEG, WebP or GIF image.") % {"path": value}
        )
    size = path.stat().st_size
    limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_IMAGE_BYTES
    _check_size(value, size, limit)
    try:
        with Image.open(path) as image:
            actual_format = image.format
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        actual_format = None
    if actual_format != expected_format:
        raise FileRefused(
            _("the thumbnail «%(path)s» is not a readable %(format)s image.")
            % {"path": value, "format": expected_format}
        )
    return _hashed(path, size)


def _hashed(path: Path, size: int) -> CheckedFile:
    sha1, sha256 = hashlib.sha1(), hashlib.sha256()  # noqa: S324 - sha1 matches Wagtail's file_hash
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            sha1.update(chunk)
            sha256.update(chunk)
    return CheckedFile(path, size, sha1.hexdigest(), sha256.hexdigest())


def _kind_of_extension(extension: str) -> str | None:
    if extension in AUDIO_EXTENSIONS:
        return ResourceKind.AUDIO
    if extension in VIDEO_EXTENSIONS:
        return ResourceKind.VIDEO
    if extension in DOCUMENT_EXTENSIONS:
        return ResourceKind.DOCUMENT
    return None


def _check_extension(value: str, extension: str, kind: str) -> None:
    found = _kind_of_extension(extension)
    if found == kind and (
        kind != ResourceKind.DOCUMENT or extension in allowed_document_extensions()
    ):
        return
    if found is None or found == kind:
        expected = {
            ResourceKind.DOCUMENT: _("a PDF, EPUB or office document"),
            ResourceKind.AUDIO: _("an audio file (MP3, M4A, OGG, Opus, WAV, FLAC)"),
            ResourceKind.VIDEO: _("a video file (MP4, WebM, MKV, MOV, OGV, 3GP)"),
        }[kind]
        raise FileRefused(
            _("«%(path)s» is not %(expected)s.") % {"path": value, "expected": expected}
        )
    raise FileRefused(
        _("«%(path)s» is a file of kind %(found)s, but the row's kind is %(kind)s.")
        % {"path": value, "found": ResourceKind(found).label, "kind": ResourceKind(kind).label}
    )


def _check_document_content(value: str, extension: str, head: bytes) -> None:
    if extension == ".pdf" and not head.startswith(b"%PDF-"):
        raise FileRefused(_("«%(path)s» is named .pdf but is not a PDF.") % {"path": value})
    if extension in ZIP_DOCUMENTS and not head.startswith(b"PK\x03\x04"):
        raise FileRefused(
            _("«%(path)s» is named %(extension)s but its content is not of that type.")
            % {"path": value, "extension": extension}
        )
    if extension == ".txt" and b"\x00" in head:
        raise FileRefused(_("«%(path)s» is named .txt but is not text.") % {"path": value})
