"""Reading a manifest: bytes → text → header → rows, each with the row number people see.

Row numbers are spreadsheet rows: the header is row 1 and a value spread over several lines
inside quotes still counts as one row, so ``row N`` points where LibreOffice or Excel shows it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from library.imports.headers import alias_table
from library.imports.tables import normalise_header

COLUMNS = (
    "title", "summary", "language", "levels", "tracks", "subject", "kind", "tags", "file",
    "thumbnail",
)  # fmt: skip
OPTIONAL_COLUMNS = frozenset({"tracks", "tags", "thumbnail"})
LIST_SEPARATOR = "|"
# A manifest's header may use any synonym of library.imports.headers («titre», «العنوان»...).
ALIASES = alias_table(COLUMNS)


class ManifestUnreadable(ValueError):
    """The manifest as a whole cannot be read (encoding, header, empty file)."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass(frozen=True)
class ManifestRow:
    number: int
    values: dict[str, str]

    def items(self, column: str) -> list[str]:
        """A ``|``-separated column as a list of non-empty, stripped items, in order, once each."""
        items: list[str] = []
        for item in self.values.get(column, "").split(LIST_SEPARATOR):
            item = item.strip()
            if item and item not in items:
                items.append(item)
        return items


@dataclass(frozen=True)
class Manifest:
    path: Path
    rows: list[ManifestRow]
    row_errors: list[tuple[int, str]]

    @property
    def folder(self) -> Path:
        return self.path.parent


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) only: other encodings are refused, never guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ManifestUnreadable(
            _(
                "The manifest is saved as UTF-16. Save it again as “CSV UTF-8” "
                "(comma-separated) and retry."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ManifestUnreadable(
            _(
                "The manifest is not UTF-8 text (the first unreadable byte is on line %(line)d; "
                "it may be Windows-1256 or Latin-1). Save it again as “CSV UTF-8” and retry."
            )
            % {"line": line}
        )


def _dialect_for(header_line: str) -> str:
    """Spreadsheets set to French save with semicolons; accept them when the header says so."""
    if header_line.count(";") > header_line.count(","):
        return ";"
    return ","


def read_manifest(path: Path) -> Manifest:
    """Parse the manifest file; malformed rows are collected, not raised."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ManifestUnreadable(_("The manifest %(name)s does not exist.") % {"name": path.name})
    except IsADirectoryError:
        raise ManifestUnreadable(_("%(name)s is a folder, not a CSV file.") % {"name": path.name})
    except OSError as exc:
        raise ManifestUnreadable(
            _("The manifest %(name)s cannot be read (%(reason)s).")
            % {"name": path.name, "reason": exc.strerror}
        )
    text = unicodedata.normalize("NFC", decode(data))
    if "\x00" in text:
        raise ManifestUnreadable(_("The manifest contains NUL bytes: it is not a CSV text file."))
    if not text.strip():
        raise ManifestUnreadable(_("The manifest is empty."))

    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_dialect_for(text.split("\n", 1)[0]), strict=True
    )
    header = _read_header(reader)
    rows: list[ManifestRow] = []
    row_errors: list[tuple[int, str]] = []
    number = 1
    while True:
        number += 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_errors.append(
                (number, _("the CSV is malformed here (%(reason)s).") % {"reason": exc})
            )
            break  # the reader cannot resynchronise after a quoting error
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(header):
            row_errors.append(
                (
                    number,
                    _(
                        "expected %(expected)d values but found %(found)d; "
                        "a value containing a comma must be in double quotes."
                    )
                    % {"expected": len(header), "found": len(record)},
                )
            )
            continue
        pairs = list(zip(header, record, strict=True))
        if any(value.strip() for column, value in pairs if not column):
            row_errors.append((number, _("a value is in a column that has no name in row 1.")))
            continue
        values = {column: value.strip() for column, value in pairs if column}
        rows.append(ManifestRow(number, values))
    if not rows and not row_errors:
        raise ManifestUnreadable(_("The manifest has a header but no resources."))
    return Manifest(path, rows, row_errors)


def _read_header(reader) -> list[str]:
    try:
        record = next(reader)
    except csv.Error as exc:
        raise ManifestUnreadable(_("the header is malformed (%(reason)s).") % {"reason": exc}, 1)
    # Spreadsheets often save empty columns after the last one: unnamed columns are ignored.
    header = [ALIASES.get(normalise_header(value), value.strip().casefold()) for value in record]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ManifestUnreadable(
            ngettext(
                "unknown column %(unknown)s; the columns are %(columns)s.",
                "unknown columns %(unknown)s; the columns are %(columns)s.",
                len(unknown),
            )
            % {
                "unknown": ", ".join(f"«{name}»" for name in unknown),
                "columns": ", ".join(COLUMNS),
            },
            1,
        )
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ManifestUnreadable(
            ngettext(
                "the column %(columns)s appears more than once.",
                "the columns %(columns)s appear more than once.",
                len(repeated),
            )
            % {"columns": ", ".join(repeated)},
            1,
        )
    missing = [name for name in COLUMNS if name not in header and name not in OPTIONAL_COLUMNS]
    if missing:
        raise ManifestUnreadable(
            ngettext("missing column %(columns)s.", "missing columns %(columns)s.", len(missing))
            % {"columns": ", ".join(missing)},
            1,
        )
    return header
