"""Checking an XLSX archive before anything in it is parsed: its parts' sizes, and their truth.

An XLSX is a zip, and a zip says how large each part is once unpacked. A zip bomb is either
honest and huge (a 2 MB upload holding a 576 MB sheet) or lies (a part declared at 4 KB that
inflates without end). So, before openpyxl opens the file: the declared sizes must add up to at
most ``MAX_UNCOMPRESSED_BYTES``; no part from ``RATIO_CHECK_FROM_BYTES`` up may be compressed more
than ``MAX_COMPRESSION_RATIO`` times; then every part is inflated here, a chunk at a time and
never beyond one byte past its declared size, to see that it has exactly the size it declares.
openpyxl reads through :mod:`zipfile`, which stops at the declared size, so what it parses is
bounded by the same total. The limits are ``MAKTABA_PORTAL["IMPORT_LIMITS"]``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.utils.translation import gettext as _

from ..conf import import_limits
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


def check_archive(data: bytes) -> None:
    """``TableError`` unless ``data`` is a zip whose parts are few, honest and small enough."""
    limits = import_limits()
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except ZIP_ERRORS:
        raise TableError(_("This XLSX file cannot be opened. Save it again from your spreadsheet."))
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
            raise TableError(
                _("This XLSX file cannot be opened. Save it again from your spreadsheet.")
            )
        part_limit = part_limit_of(member.filename, limits)
        if part_limit is not None and member.file_size > part_limit:
            raise TableError(
                _(
                    "The part %(name)s of this XLSX file would take %(size)d KB once unpacked; "
                    "the limit for it is %(limit)d KB. Save the file again from your spreadsheet, "
                    "without formatting."
                )
                % {
                    "name": member.filename[:80],
                    "size": -(-member.file_size // 1024),
                    "limit": part_limit // 1024,
                }
            )
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


def part_limit_of(name: str, limits: dict[str, int]) -> int | None:
    """The size limit of one part: worksheets are streamed (the total bounds them), other XML
    parts are parsed whole; media files are not parsed at all."""
    lowered = name.lower()
    if lowered.startswith("xl/worksheets/") or not lowered.endswith((".xml", ".rels")):
        return None
    if lowered.endswith("sharedstrings.xml"):
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
