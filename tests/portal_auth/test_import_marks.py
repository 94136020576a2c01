"""Importing a class's marks from Massar's XLSX export: bad input, dry run, atomic, re-runnable."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from catalog.models import Subject
from portal_auth.importers.cells import parse_mark
from portal_auth.importers.marks import import_marks
from portal_auth.models import Mark
from tests.factories.records import publish, put_mark
from tests.factories.schools import make_class, make_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); Arabic is the default."""
    with translation.override("en"):
        yield


HEADER = [
    "رقم التلميذ",
    "الاسم الكامل",
    "الفرض 1",
    "الفرض 2",
    "الفرض 3",
    "الفرض 4",
    "الأنشطة المندمجة",
]


def xlsx(rows, preamble=True) -> bytes:
    """A sheet like Massar's: a few lines about the class, then the header, then pupils."""
    book = Workbook()
    sheet = book.active
    if preamble:
        sheet.append(["المملكة المغربية"])
        sheet.append(["الثانوية التأهيلية", None, "القسم: 2BAC-SP-1"])
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def setting():
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupils = [make_pupil(school_class) for _ in range(3)]
    return school_class, Subject.objects.get(slug="mathematiques"), pupils


def test_parse_mark_accepts_comma_dot_numbers_and_words():
    assert parse_mark("12,5") == ("marked", Decimal("12.50"))
    assert parse_mark("12.75") == ("marked", Decimal("12.75"))
    assert parse_mark(14) == ("marked", Decimal("14.00"))
    assert parse_mark(13.25) == ("marked", Decimal("13.25"))
    assert parse_mark("غ")[0] == "absent"
    assert parse_mark("ABS")[0] == "absent"
    assert parse_mark("Dispensé")[0] == "exempt"
    assert parse_mark("معفى")[0] == "exempt"
    assert parse_mark("  ") is None and parse_mark(None) is None


def test_import_with_preamble_dry_run_then_confirm_then_rerun(setting):
    school_class, maths, (a, b, c) = setting
    data = xlsx(
        [
            [a.massar_code, a.full_name_ar, 12.5, "13,75", "14.25", None, 16],
            [b.massar_code, b.full_name_ar, "abs", 9, "exempt", None, None],
            [c.massar_code.lower(), c.full_name_ar, None, None, None, None, None],
            [None, None, None, None, None, None, None],
        ]
    )
    dry = import_marks(school_class, maths, 1, data, "marks.xlsx", dry_run=True)
    assert dry.ok, dry.errors
    assert (dry.rows, dry.created) == (3, 7)
    assert not Mark.objects.exists()
    done = import_marks(school_class, maths, 1, data, "marks.xlsx", dry_run=False)
    assert done.created == 7
    assert Mark.objects.get(pupil=a, component="test_2").value == Decimal("13.75")
    assert Mark.objects.get(pupil=b, component="test_1").status == "absent"
    again = import_marks(school_class, maths, 1, data, "marks.xlsx", dry_run=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert Mark.objects.count() == 7


def test_blank_cells_keep_existing_marks_and_changed_cells_update(setting):
    school_class, maths, (a, _b, _c) = setting
    put_mark(a, school_class, "mathematiques", "test_4", "11")
    data = xlsx([[a.massar_code, "", 15, None, None, None, None]])
    report = import_marks(school_class, maths, 1, data, "m.xlsx", dry_run=False)
    assert report.created == 1
    assert Mark.objects.get(pupil=a, component="test_4").value == Decimal("11")
    data = xlsx([[a.massar_code, "", 15.5, None, None, None, None]])
    assert import_marks(school_class, maths, 1, data, "m.xlsx", dry_run=False).updated == 1


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_written(setting):
    school_class, maths, (a, b, c) = setting
    stranger = make_pupil()
    data = xlsx(
        [
            [a.massar_code, "", 21, 12, None, None, None],
            [b.massar_code, "", -1, "douze", "12.345", None, None],
            [stranger.massar_code, "", 10, None, None, None, None],
            [a.massar_code, "", 10, None, None, None, None],
            [c.massar_code, "", 10, None, None, None, None],
        ]
    )
    report = import_marks(school_class, maths, 1, data, "m.xlsx", dry_run=False)
    errors = "\n".join(report.errors)
    assert "row 5, column C (الفرض 1): 21 is not between 0 and 20." in errors
    assert "row 6, column C (الفرض 1): -1 is not between 0 and 20." in errors
    assert "row 6, column D (الفرض 2): “douze” is not a mark" in errors
    assert "row 6, column E (الفرض 3): 12.345 has more than two decimals." in errors
    assert (
        f"row 7, column A (رقم التلميذ): Massar code {stranger.massar_code} is not in class"
        in errors
    )
    assert "row 8, column A (رقم التلميذ):" in errors and "already appears on row 5" in errors
    assert not Mark.objects.exists()


def test_published_marks_do_not_change_on_a_dry_run(setting):
    school_class, maths, (a, _b, _c) = setting
    put_mark(a, school_class, "mathematiques", "test_1", "8")
    publish(school_class)
    data = xlsx([[a.massar_code, "", 18, None, None, None, None]])
    report = import_marks(school_class, maths, 1, data, "m.xlsx", dry_run=True)
    assert report.updated == 1
    assert Mark.objects.get(pupil=a, component="test_1").value == Decimal("8")


def test_subject_not_taught_and_no_code_column(setting):
    school_class, _maths, (a, _b, _c) = setting
    report = import_marks(
        school_class, Subject.objects.get(slug="amazigh"), 1, xlsx([]), "m.xlsx", dry_run=True
    )
    assert "not taught at level 2BAC" in report.errors[0]
    book = Workbook()
    book.active.append(["foo", "bar"])
    out = io.BytesIO()
    book.save(out)
    report = import_marks(
        school_class,
        Subject.objects.get(slug="mathematiques"),
        1,
        out.getvalue(),
        "m.xlsx",
        dry_run=True,
    )
    assert report.errors == ["No column of Massar codes was found in the first rows."]


def test_corrupt_file_is_a_clear_error(setting):
    school_class, maths, _ = setting
    report = import_marks(school_class, maths, 1, b"PK\x03\x04garbage", "m.xlsx", dry_run=True)
    assert report.errors and "cannot be opened" in report.errors[0]


def test_import_marks_command(setting, tmp_path, capsys):
    school_class, _maths, (a, _b, _c) = setting
    path = tmp_path / "marks.xlsx"
    path.write_bytes(xlsx([[a.massar_code, "", 12, 14, None, None, None]]))
    args = [
        str(path),
        "--class",
        str(school_class.pk),
        "--subject",
        "mathematiques",
        "--semester",
        "1",
    ]
    call_command("import_marks", *args, "--dry-run")
    assert "Dry run" in capsys.readouterr().out and not Mark.objects.exists()
    call_command("import_marks", *args)
    assert Mark.objects.count() == 2
    path.write_bytes(xlsx([[a.massar_code, "", 25, None, None, None, None]]))
    with pytest.raises(CommandError):
        call_command("import_marks", *args)
    assert "not between 0 and 20" in capsys.readouterr().err
