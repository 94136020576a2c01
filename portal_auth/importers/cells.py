"""Reading the cells of marks, timetable and absence files, and reporting on an import.

Every problem is reported as ``row N, column X (header): message`` so staff find it in their
spreadsheet; a whole import is written only when no row has an error.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from library.imports.report import ImportReport
from library.imports.writing import write_in_transaction

from ..models import MarkStatus
from .reading import TableError, cell_text, normalise_header

ABSENT_WORDS = {"abs", "absent", "absente", "a", "غ", "غائب", "غائبة", "غياب"}
EXEMPT_WORDS = {
    "exempt",
    "exempte",
    "exemptee",
    "disp",
    "dispense",
    "dispensee",
    "ex",
    "معفى",
    "معفي",
    "معفاة",
}


class CellError(Exception):
    """One cell cannot be read; the message is for the user."""


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def where(row: int, column: int | None, header: str = "") -> str:
    if column is None:
        return _("row %(row)d") % {"row": row}
    label = column_letter(column) + (f" ({header})" if header else "")
    return _("row %(row)d, column %(column)s") % {"row": row, "column": label}


def parse_mark(value: object) -> tuple[str, Decimal | None] | None:
    """A mark cell → (status, value), ``None`` for a blank cell; ``CellError`` otherwise.

    Accepts numbers, ``12,5`` and ``12.5``, and the words for absent and exempt.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a mark.") % {"value": value})
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError(not_a_number(value))
    if isinstance(value, int | float | Decimal):
        text = str(round(value, 6)) if isinstance(value, float) else str(value)
    else:
        text = cell_text(value)
        word = normalise_header(text).replace(" ", "")
        if word in ABSENT_WORDS:
            return MarkStatus.ABSENT, None
        if word in EXEMPT_WORDS:
            return MarkStatus.EXEMPT, None
        text = text.replace(" ", "").replace("\u066b", ".").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise CellError(
            _("“%(value)s” is not a mark: enter a number from 0 to 20, “abs” or “exempt”.")
            % {"value": cell_text(value)}
        )
    number = Decimal(text).normalize()
    if number < 0 or number > 20:
        raise CellError(_("%(value)s is not between 0 and 20.") % {"value": cell_text(value)})
    if number.as_tuple().exponent < -2:
        raise CellError(_("%(value)s has more than two decimals.") % {"value": cell_text(value)})
    return MarkStatus.MARKED, number.quantize(Decimal("0.01"))


def parse_date(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(
        _("“%(value)s” is not a date (use 2026-01-15 or 15/01/2026).") % {"value": text}
    )


def parse_time(value: object) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    text = cell_text(value).replace("h", ":").replace("H", ":").replace(".", ":")
    if re.fullmatch(r"\d{1,2}", text):
        text += ":00"
    if text.endswith(":"):
        text += "00"
    try:
        hours, minutes = (int(p) for p in text.split(":")[:2])
        return datetime.time(hours, minutes)
    except (ValueError, OverflowError):
        raise CellError(_("“%(value)s” is not a time (use 08:30).") % {"value": cell_text(value)})


def not_a_number(value: object) -> str:
    return _("“%(value)s” is not a number.") % {"value": cell_text(value)}


def parse_decimal(value: object) -> Decimal:
    """A finite number (``12,5`` or ``12.5``); ``NaN``, ``inf`` and spreadsheet overflows are not."""
    text = cell_text(value).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(not_a_number(value))
    if not number.is_finite():
        raise CellError(not_a_number(value))
    return number


YES = {"oui", "yes", "1", "o", "y", "نعم", "مبرر", "مبررة", "justifie", "justifiee", "true", "vrai"}
NO = {"non", "no", "0", "n", "لا", "غير مبرر", "غير مبررة", "non justifie", "false", "faux", ""}


def parse_yes_no(value: object) -> bool:
    word = normalise_header(cell_text(value))
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": cell_text(value)})


@dataclass
class RecordsImportReport(ImportReport):
    """What an import of marks, a timetable or absences did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def summary(self) -> str:
        return _(
            "%(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(deleted)d replaced."
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
        }


__all__ = [
    "CellError",
    "RecordsImportReport",
    "write_in_transaction",
    "TableError",
    "column_letter",
    "parse_date",
    "parse_decimal",
    "parse_mark",
    "parse_time",
    "parse_yes_no",
    "where",
]
