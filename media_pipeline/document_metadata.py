"""Documents are served without what the author's software wrote about them.

An office file carries its author, the last person to change it, the company, the template, the
program that made it and dates; a photo pasted into it keeps its EXIF (GPS, phone model). A PDF
carries its document information (author, creator, producer, dates) and an XMP packet.
``without_metadata`` returns the same document without them:

- Office Open XML (``docx``, ``xlsx``, ``pptx``) and OpenDocument (``odt``, ``ods``, ``odp``) are
  zip files: ``docProps/core.xml``, ``app.xml``, ``custom.xml`` (``meta.xml`` for OpenDocument)
  are written again empty, JPEG/PNG/GIF/WebP pictures inside are saved again without EXIF, XMP or
  text chunks (``image_metadata.without_metadata``); every other part is copied byte for byte, in
  the same order and with the same compression (OpenDocument's ``mimetype`` stays first and
  stored).
- PDF is written again with pypdf, without its information dictionary, its XMP streams (the
  document's and the pages') and the objects nothing refers to any more. Pictures inside a PDF
  are left as they are.
- Text and EPUB files are left as they are (an EPUB's author and title are the book's own).

A file that cannot be read (a broken zip, a PDF pypdf cannot parse, an encrypted PDF, a zip whose
parts inflate beyond ``MAX_UNPACKED_BYTES`` or ``MAX_RATIO``) raises ``DocumentUnreadable`` with a
message for the uploader; nothing is written.
"""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from .image_metadata import without_metadata as picture_without_metadata

logger = logging.getLogger("maktaba.media")

OOXML = frozenset({"docx", "xlsx", "pptx"})
ODF = frozenset({"odt", "ods", "odp"})
PICTURES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, per part (office XML compresses about 10:1)

EMPTY_PARTS = {
    "docProps/core.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
    ),
    "docProps/app.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'extended-properties"/>'
    ),
    "docProps/custom.xml": (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'custom-properties"/>'
    ),
    "meta.xml": (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        b' office:version="1.2"><office:meta/></office:document-meta>'
    ),
}


class DocumentUnreadable(Exception):
    """The file cannot be read as the document its name says; ``message`` is for the uploader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _broken(name: str) -> DocumentUnreadable:
    return DocumentUnreadable(
        _(
            "“%(name)s” cannot be read as a %(kind)s document: it may be damaged or protected by "
            "a password. Open it in the program that made it, save it again (without a password), "
            "then upload it again. Nothing was saved."
        )
        % {"name": PurePosixPath(name).name, "kind": extension(name).upper()}
    )


def _clean_picture(data: bytes) -> bytes:
    try:
        cleaned = picture_without_metadata(data)
    except Exception:  # a picture Pillow cannot read is kept as it is: it shows no one anything
        logger.info("document picture left as is: Pillow cannot read it")
        return data
    return data if cleaned is None else cleaned[0]


def _zip_without_metadata(data: bytes, name: str) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _broken(name) from error
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise _broken(name)
    output = io.BytesIO()
    with archive, zipfile.ZipFile(output, "w") as rewritten:
        for member in members:
            try:
                with archive.open(member) as part:
                    content = part.read(member.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
                raise _broken(name) from error
            if len(content) != member.file_size:
                raise _broken(name)  # the part lies about its size
            if member.filename in EMPTY_PARTS:
                content = EMPTY_PARTS[member.filename]
            elif PurePosixPath(member.filename).suffix.lower() in PICTURES:
                content = _clean_picture(content)
            copy = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            copy.compress_type = member.compress_type
            copy.external_attr = member.external_attr
            rewritten.writestr(copy, content)
    return output.getvalue()


def _pdf_without_metadata(data: bytes, name: str) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _broken(name)
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer._root_object.pop("/Metadata", None)
        writer._root_object.pop("/PieceInfo", None)
        for page in writer.pages:
            page.pop("/Metadata", None)
            page.pop("/PieceInfo", None)
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        output = io.BytesIO()
        writer.write(output)
    except DocumentUnreadable:
        raise
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError) as error:
        raise _broken(name) from error
    return output.getvalue()


def without_metadata(data: bytes, name: str) -> bytes | None:
    """The document's bytes without its authors' metadata; None for a kind left as uploaded."""
    kind = extension(name)
    if kind in OOXML or kind in ODF:
        return _zip_without_metadata(data, name)
    if kind == "pdf":
        return _pdf_without_metadata(data, name)
    return None
