"""Reading a school's CSV or XLSX export into rows of text, whatever encoding it was saved in.

Schools export from Massar and from office suites: CSV in UTF-8 (often with a BOM) or in
Windows-1256 (Arabic Windows), separated by commas, semicolons or tabs; or XLSX. Headers are
matched after normalisation (case, accents, spaces, Arabic tatweel), so ``Prénom``, ``prenom``
and ``PRÉNOM`` are one column.

This is the one place an uploaded table is read, and it is bounded: an XLSX is checked before it
is opened (``archive.check_archive``: no zip bombs, no parts lying about their size), rows are
read one at a time up to ``MAX_ROWS`` and ``MAX_COLUMNS``, and reading stops after
``MAX_SECONDS`` (the caller's ``limits``; the portal's are ``MAKTABA_PORTAL["IMPORT_LIMITS"]``).

Real exports put title rows (the academy, the school, the class) above the header row, so the
header row is found, not assumed (``find_header``, with the synonyms of ``headers``). Whatever goes wrong while reading (bad
text encoding, a CSV cell over csv's 128 KB field limit, a damaged sheet) becomes a
``TableError`` naming the problem and, when known, the row.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .archive import check_archive
from .errors import TableError

logger = logging.getLogger(__name__)


ImportLimits = Mapping[str, int]


@dataclass
class Table:
    """A sheet as read: its header row (the first row until ``find_header`` finds the real
    one) and the rows below it, each with its row number as the spreadsheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as shown in the file, cells)
    encoding: str
    header_row: int = 1


def normalise_header(text: object) -> str:
    """``  Prénom  du Tuteur `` → ``prenom du tuteur``; Arabic letters are kept as they are."""
    value = str(text or "").replace("\u0640", "").strip().lower()  # tatweel
    # NFKD then drop Latin accents (é → e); Arabic letters survive, decomposed the same way
    # in the file and in the aliases.
    value = "".join(
        ch for ch in unicodedata.normalize("NFKD", value) if not "\u0300" <= ch <= "\u036f"
    )
    for ch in "_-.:()/\\*'’":
        value = value.replace(ch, " ")
    return " ".join(value.split())


def decode_csv(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1256."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise TableError(
                _(
                    "The file starts as UTF-8 text but is not valid UTF-8; save it again as CSV UTF-8."
                )
            )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TableError(
                _(
                    "The file starts as UTF-16 text but is not valid UTF-16; "
                    "save it again as CSV UTF-8."
                )
            )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256"), "windows-1256"
    except UnicodeDecodeError:
        raise TableError(_("The file's text encoding is not recognised; save it as CSV UTF-8."))


def bounded_rows(
    rows: Iterable[Iterable[object]], started: float, limits: ImportLimits
) -> Iterator[tuple[int, list[object]]]:
    """``(row number, cells)`` from ``rows``, within ``MAX_ROWS``, ``MAX_COLUMNS``, and
    ``MAX_SECONDS`` from ``started`` (a ``time.monotonic()``).

    Cells right of ``MAX_COLUMNS`` are dropped, and so are the empty cells (``None``) that end
    an XLSX row.
    """
    deadline = started + limits["MAX_SECONDS"]
    for number, row in enumerate(rows, start=1):
        if number > limits["MAX_ROWS"]:
            raise TableError(
                ngettext(
                    "The file has more than %(limit)d row; split it into smaller files.",
                    "The file has more than %(limit)d rows; split it into smaller files.",
                    limits["MAX_ROWS"],
                )
                % {"limit": limits["MAX_ROWS"]}
            )
        if time.monotonic() >= deadline:
            raise TableError(
                _(
                    "Reading the file took more than %(seconds)d seconds (stopped at row "
                    "%(row)d); split it into smaller files."
                )
                % {"seconds": limits["MAX_SECONDS"], "row": number}
            )
        cells = list(row)[: limits["MAX_COLUMNS"]]
        while cells and cells[-1] is None:
            cells.pop()
        yield number, cells


def split_header(rows: list[tuple[int, list[object]]], encoding: str) -> Table:
    if not rows:
        raise TableError(_("The file is empty."))
    (first, headers), body = rows[0], rows[1:]
    return Table([str(h or "") for h in headers], body, encoding, first)


def read_csv(data: bytes, limits: ImportLimits) -> Table:
    started = time.monotonic()
    text, encoding = decode_csv(data)
    if "\x00" in text:
        raise TableError(_("This does not look like a CSV file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[tuple[int, list[object]]] = []
    try:
        for row in bounded_rows(reader, started, limits):
            rows.append(row)
    except csv.Error as error:
        failed_at = len(rows) + 1
        if "field limit" in str(error):
            raise TableError(
                _("row %(row)d: a cell is longer than %(limit)d KB (or a quote is never closed).")
                % {"row": failed_at, "limit": csv.field_size_limit() // 1024}
            )
        raise TableError(
            _("row %(row)d cannot be read as CSV; check its quotes.") % {"row": failed_at}
        )
    return split_header(rows, encoding)


def read_xlsx(data: bytes, limits: ImportLimits) -> Table:
    from openpyxl import load_workbook

    started = time.monotonic()
    check_archive(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises what its parsers meet; the file is the user's to fix
        logger.info("XLSX import: the workbook cannot be opened", exc_info=True)
        raise TableError(_("This XLSX file cannot be opened. Save it again from your spreadsheet."))
    rows: list[tuple[int, list[object]]] = []
    try:
        sheet = workbook.worksheets[0]
        cells = sheet.iter_rows(values_only=True, max_col=limits["MAX_COLUMNS"])
        for row in bounded_rows(cells, started, limits):
            rows.append(row)
    except TableError:
        raise
    except Exception:  # damaged XML, a number cell holding "NaN", a missing shared string...
        logger.info("XLSX import: the sheet fails after row %d", len(rows), exc_info=True)
        raise TableError(
            _(
                "The sheet cannot be read after row %(row)d: the file is damaged or a cell holds "
                "a value spreadsheets do not write. Save it again from your spreadsheet."
            )
            % {"row": len(rows)}
        )
    finally:
        workbook.close()
    return split_header(rows, "xlsx")


def read_table(data: bytes, filename: str, *, limits: ImportLimits, max_bytes: int) -> Table:
    """Read CSV or XLSX (chosen by content, the file name only breaks ties)."""
    if len(data) > max_bytes:
        raise TableError(_("The file is too large."))
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return read_xlsx(data, limits)
    return read_csv(data, limits)


def cell_text(value: object) -> str:
    """A cell as trimmed text; numbers written by spreadsheets lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()
