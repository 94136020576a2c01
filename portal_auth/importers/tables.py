"""Reading a school's CSV or XLSX export into rows of text, whatever encoding it was saved in.

Schools export from Massar and from office suites: CSV in UTF-8 (often with a BOM) or in
Windows-1256 (Arabic Windows), separated by commas, semicolons or tabs; or XLSX. Headers are
matched after normalisation (case, accents, spaces, Arabic tatweel), so ``Prénom``, ``prenom``
and ``PRÉNOM`` are one column.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _


class TableError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list[object]]]  # (row number as shown in the file, cells)
    encoding: str


def normalise_header(text: object) -> str:
    """``  Prénom  du Tuteur `` → ``prenom du tuteur``; Arabic letters are kept as they are."""
    value = str(text or "").replace("\u0640", "").strip().lower()  # tatweel
    # NFKD then drop Latin accents (é → e); Arabic letters survive, decomposed the same way
    # in the file and in the aliases.
    value = "".join(
        ch for ch in unicodedata.normalize("NFKD", value) if not "\u0300" <= ch <= "\u036f"
    )
    for ch in "_-.:()/\\*":
        value = value.replace(ch, " ")
    return " ".join(value.split())


def decode_csv(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), else Windows-1256."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256"), "windows-1256"
    except UnicodeDecodeError:
        raise TableError(_("The file's text encoding is not recognised; save it as CSV UTF-8."))


def read_csv(data: bytes) -> Table:
    text, encoding = decode_csv(data)
    if "\x00" in text:
        raise TableError(_("This does not look like a CSV file."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = [(n, row) for n, row in enumerate(reader, start=1)]
    if not rows:
        raise TableError(_("The file is empty."))
    (_first, headers), body = rows[0], rows[1:]
    return Table([str(h) for h in headers], [(n, list(r)) for n, r in body], encoding)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError(_("This XLSX file cannot be opened. Save it again from your spreadsheet."))
    try:
        sheet = workbook.worksheets[0]
        rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    if not rows:
        raise TableError(_("The file is empty."))
    (_first, headers), body = rows[0], rows[1:]
    return Table([str(h or "") for h in headers], body, "xlsx")


def read_table(data: bytes, filename: str) -> Table:
    """Read CSV or XLSX (chosen by content, the file name only breaks ties)."""
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


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
