"""Checking an XLSX archive before anything in it is parsed: its parts' sizes, and their truth.

An XLSX is a zip, and a zip says how large each part is once unpacked. A zip bomb is either
honest and huge (a 2 MB upload holding a 576 MB sheet) or lies (a part declared at 4 KB that
inflates without end). So, before openpyxl opens the file: the declared sizes must add up to at
most ``MAX_UNCOMPRESSED_BYTES``; no part from ``RATIO_CHECK_FROM_BYTES`` up may be compressed more
than ``MAX_COMPRESSION_RATIO`` times; every part is inflated here, a chunk at a time and never
beyond one byte past its declared size, to see that it has exactly the size it declares; then
each part is taken for what the package's relationships and content types make of it: only
worksheets are streamed row by row, so shared strings (``MAX_SHARED_STRINGS_BYTES``) and every
other part openpyxl may parse whole (``MAX_OTHER_PART_BYTES``: styles, workbook, ...) have
limits of their own. openpyxl reads through :mod:`zipfile`, which stops at the declared size,
so what it parses is what was checked. The limits are the caller's (``ImportLimits``; the portal
reads them from ``MAKTABA_PORTAL["IMPORT_LIMITS"]``).
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Mapping

from django.utils.translation import gettext as _

from .errors import TableError

CHUNK = 64 * 1024
MB = 1024 * 1024
LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
LOCAL_HEADER_SIZE = 30
# What zipfile raises on a malformed central directory.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error)


def damaged() -> TableError:
    return TableError(
        _(
            "This XLSX file is damaged: a part of it does not have the size it declares. "
            "Save it again from your spreadsheet."
        )
    )


def megabytes(size: int) -> int:
    return -(-size // MB)


def check_archive(data: bytes, limits: Mapping[str, int]) -> None:
    """``TableError`` unless ``data`` is a zip whose parts are few, honest and small enough."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS:
        raise cannot_open()
    if len(members) > limits["MAX_MEMBERS"]:
        raise TableError(
            _("This XLSX file has too many parts (%(count)d; the limit is %(limit)d).")
            % {"count": len(members), "limit": limits["MAX_MEMBERS"]}
        )
    declared = sum(member.file_size for member in members)
    if declared > limits["MAX_UNCOMPRESSED_BYTES"]:
        raise TableError(
            _(
                "This XLSX file would take %(size)d MB once unpacked; the limit is %(limit)d MB. "
                "Split it into smaller files."
            )
            % {"size": megabytes(declared), "limit": megabytes(limits["MAX_UNCOMPRESSED_BYTES"])}
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise TableError(
                _("This XLSX file is protected by a password; save it again without one.")
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise cannot_open()
        ratio = member.file_size / max(member.compress_size, 1)
        if (
            member.file_size >= limits["RATIO_CHECK_FROM_BYTES"]
            and ratio > limits["MAX_COMPRESSION_RATIO"]
        ):
            raise TableError(
                _(
                    "A part of this XLSX file is compressed %(ratio)d times (the limit is "
                    "%(limit)d): it is refused as a possible zip bomb."
                )
                % {"ratio": ratio, "limit": limits["MAX_COMPRESSION_RATIO"]}
            )
    view = memoryview(data)
    for member in members:
        if inflated_size(view, member) != member.file_size:
            raise damaged()
    roles = part_roles(archive, members, limits)
    for member in members:
        check_part_size(member, part_limit(member.filename, roles, limits))


def cannot_open() -> TableError:
    return TableError(_("This XLSX file cannot be opened. Save it again from your spreadsheet."))


def check_part_size(member: zipfile.ZipInfo, limit: int | None) -> None:
    if limit is not None and member.file_size > limit:
        raise TableError(
            _(
                "The part %(name)s of this XLSX file would take %(size)d KB once unpacked; "
                "the limit for it is %(limit)d KB. Save the file again from your spreadsheet, "
                "without formatting."
            )
            % {
                "name": member.filename[:80],
                "size": -(-member.file_size // 1024),
                "limit": limit // 1024,
            }
        )


# What a relationship type or a content type makes of a part (anything else: "other").
ROLES = {
    "worksheet": "worksheet",
    "worksheet+xml": "worksheet",
    "sharedStrings": "sharedStrings",
    "sharedStrings+xml": "sharedStrings",
    "image": "image",
    "thumbnail": "image",
}


def part_roles(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], limits: Mapping[str, int]
) -> dict[str, set[str]]:
    """What each part is for, from every relationship and content-type override naming it.

    Names prove nothing (a stylesheet may be called ``xl/worksheets/x.xml``), so a part is taken
    for everything openpyxl may read it as; relationships are resolved as openpyxl resolves them
    (``openpyxl.packaging.relationship.get_dependents``).
    """
    from openpyxl.xml.functions import fromstring  # defusedxml when installed, as openpyxl

    roles: dict[str, set[str]] = {}
    for member in members:
        name = member.filename
        if not (name.endswith(".rels") or name == "[Content_Types].xml"):
            continue
        check_part_size(member, limits["MAX_OTHER_PART_BYTES"])
        try:
            root = fromstring(archive.read(member))
        except Exception:  # broken or hostile XML (a DTD): the user saves the file again
            raise cannot_open()
        if name == "[Content_Types].xml":
            for node in root:
                if str(node.tag).endswith("Override"):
                    kind = (node.get("ContentType") or "").rsplit(".", 1)[-1]
                    part = (node.get("PartName") or "").lstrip("/")
                    roles.setdefault(part, set()).add(ROLES.get(kind, "other"))
            continue
        parent = posixpath.split(posixpath.dirname(name))[0]
        for node in root:
            if node.get("TargetMode") == "External":
                continue
            target = node.get("Target") or ""
            if target.startswith("/"):
                path = target[1:]
            else:
                path = posixpath.normpath(posixpath.join(parent, target))
            kind = (node.get("Type") or "").rsplit("/", 1)[-1]
            roles.setdefault(path, set()).add(ROLES.get(kind, "other"))
    return roles


def part_limit(name: str, roles: dict[str, set[str]], limits: Mapping[str, int]) -> int | None:
    """Worksheets are streamed row by row and images are not read: the total bounds them.
    Any other part may be parsed whole, which is slow: shared strings and the rest have
    limits of their own."""
    kinds = roles.get(name, {"other"})
    if kinds in ({"worksheet"}, {"image"}):
        return None
    if kinds == {"sharedStrings"}:
        return limits["MAX_SHARED_STRINGS_BYTES"]
    return limits["MAX_OTHER_PART_BYTES"]


def inflated_size(data: memoryview, member: zipfile.ZipInfo) -> int:
    """The size ``member`` really unpacks to, counted up to one byte past its declared size."""
    start = member.header_offset
    if bytes(data[start : start + 4]) != LOCAL_HEADER_SIGNATURE:
        raise damaged()
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    begin = start + LOCAL_HEADER_SIZE + name_length + extra_length
    packed = data[begin : begin + member.compress_size]
    if len(packed) < member.compress_size:
        raise damaged()
    if member.compress_type == zipfile.ZIP_STORED:
        return len(packed)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = position = 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            elif position < len(packed):
                out = inflater.decompress(packed[position : position + CHUNK], CHUNK)
                position += CHUNK
            else:
                out = inflater.decompress(b"", CHUNK)
                if not out:
                    raise damaged()  # the stream ends before its end marker
            produced += len(out)
            if produced > member.file_size:
                return produced
    except zlib.error:
        raise damaged()
    return produced
