"""The progress file: a name is text for the spreadsheet, never a formula."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from assignments.exports import as_csv, as_xlsx
from assignments.progress import PupilRow, Status
from portal_auth.models import Pupil, SchoolClass


def row(last: str) -> PupilRow:
    pupil = Pupil(massar_code="J130000001", last_name_latin=last, first_name_latin="+Ali")
    return PupilRow(pupil, SchoolClass(name="1BAC-1"), 0, None, None)


def test_formula_like_names_are_kept_as_text():
    rows = list(
        csv.reader(io.StringIO(as_csv([row("=HYPERLINK(1)")]).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][3] == "'+Ali"
    assert row("x").status == Status.NOT_STARTED
    sheet = load_workbook(io.BytesIO(as_xlsx([row("=1+1")]))).active
    assert sheet.cell(2, 3).value == "'=1+1"
    assert sheet.cell(2, 3).data_type == "s"
