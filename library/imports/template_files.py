"""Template files to download from each import screen: the header row an importer reads, in
Arabic or French (``headers.COLUMNS`` labels), as CSV (UTF-8 with a BOM, so office suites open
the Arabic right) or XLSX. A template filled in and uploaded imports as it is."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_csv(headers: Sequence[str]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerow(headers)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(headers: Sequence[str], *, right_to_left: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    sheet.sheet_view.rightToLeft = right_to_left
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(headers[index - 1]) + 4)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_file(headers: Sequence[str], file_format: str, *, right_to_left: bool) -> bytes:
    """The template's bytes in ``file_format`` (``csv`` or ``xlsx``)."""
    if file_format == "xlsx":
        return template_xlsx(headers, right_to_left=right_to_left)
    return template_csv(headers)
