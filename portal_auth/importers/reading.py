"""The portal's imports read files through ``library.imports`` within the portal's limits.

``MAKTABA_PORTAL["IMPORT_LIMITS"]`` bounds the reading and ``IMPORT_MAX_BYTES`` the upload; the
header row is found among the first rows (title rows above it are skipped) with the synonyms
of ``library.imports.headers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from library.imports import tables
from library.imports.errors import TableError
from library.imports.headers import find_header
from library.imports.tables import Table, cell_text, normalise_header

from ..conf import import_limits, portal_setting


def read_table(data: bytes, filename: str) -> Table:
    """The file's rows (CSV in UTF-8/BOM/UTF-16/Windows-1256, or XLSX); ``TableError`` if
    unreadable."""
    return tables.read_table(
        data, filename, limits=import_limits(), max_bytes=portal_setting("IMPORT_MAX_BYTES")
    )


def read_columns(
    data: bytes,
    filename: str,
    fields: Iterable[str],
    anchors: Sequence[str],
    *,
    numbered: Iterable[str] = (),
) -> tuple[Table, dict[str, int]]:
    """The file from its header row (the first with the ``anchors`` columns), and its columns."""
    return find_header(read_table(data, filename), fields, anchors, numbered=numbered)


__all__ = ["Table", "TableError", "cell_text", "normalise_header", "read_columns", "read_table"]
