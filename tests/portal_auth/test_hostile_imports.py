"""Hostile import files, posted through the real staff screens: each gets a clear message, fast.

Zip bombs (an XLSX whose sheet inflates hugely, or whose parts lie about their size), a CSV
field over csv's 128 KB limit, bad UTF-16, broken sheet XML, and NaN/inf cells: the staff
member sees what is wrong (and where, when the row is known), the page is a 200, nothing is
imported, and the refusal costs little time and memory (the check comes before the inflating).
"""

from __future__ import annotations

import contextlib
import io
import random
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.users.models import UserProfile

from catalog.models import Subject
from portal_auth.models import Absence, Mark, Pupil, TimetableSlot
from tests.factories.schools import make_class, make_pupil, make_school_year, make_staff

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = b"</sheetData></worksheet>"
FILLER_ROW = b"<row>" + b"<c><v>1</v></c>" * 50 + b"</row>"
MB = 1024 * 1024


# --- building the files ----------------------------------------------------------------------


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(rows: list[list[object]], write_sheet, *, level: int = 9) -> bytes:
    """A real workbook (header ``rows``) whose first sheet's XML is written by ``write_sheet(f)``."""
    source = zipfile.ZipFile(io.BytesIO(workbook(rows)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename == SHEET:
                with archive.open(SHEET, "w") as sheet:
                    write_sheet(sheet)
            else:
                archive.writestr(info.filename, source.read(info))
    return out.getvalue()


def filler_sheet(megabytes: int):
    """Sheet XML of ``megabytes`` MB of identical rows, written a megabyte at a time."""
    block = FILLER_ROW * (MB // len(FILLER_ROW))

    def write(sheet) -> None:
        sheet.write(SHEET_START)
        for _ in range(megabytes):
            sheet.write(block)
        sheet.write(SHEET_END)

    return write


def raw_sheet(xml: bytes):
    return lambda sheet: sheet.write(xml)


def deflated_filler(megabytes: int) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``megabytes`` MB of sheet XML, its CRC-32 and its size, made cheaply.

    After a full flush deflate starts afresh, so one compressed megabyte repeated is a valid
    stream of many: 400 MB cost one megabyte of compressing and a CRC pass.
    """
    block = FILLER_ROW * (MB // len(FILLER_ROW))
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = compressor.compress(SHEET_START) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(SHEET_END) + compressor.flush()
    crc = zlib.crc32(SHEET_START)
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(SHEET_END, crc)
    size = len(SHEET_START) + megabytes * len(block) + len(SHEET_END)
    return head + body * megabytes + tail, crc, size


def workbook_around(sheet: tuple[bytes, int, int], *, declared: int | None = None) -> bytes:
    """A real workbook's parts with ``sheet`` (deflated, CRC, size) as its first sheet, zipped
    by hand so that the sheet's unpacked size can be declared as ``declared``."""
    source = zipfile.ZipFile(io.BytesIO(workbook([["Code Massar", "الفرض 1"]])))
    parts = []
    for info in source.infolist():
        if info.filename == SHEET:
            stream, crc, size = sheet
            parts.append((SHEET, stream, crc, size if declared is None else declared))
        else:
            content = source.read(info)
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
            stream = compressor.compress(content) + compressor.flush()
            parts.append((info.filename, stream, zlib.crc32(content), len(content)))
    out, directory = io.BytesIO(), io.BytesIO()
    for name, stream, crc, size in parts:
        offset = out.tell()
        encoded = name.encode()
        common = (zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(stream), size, len(encoded), 0)
        out.write(struct.pack(zipfile.structFileHeader, b"PK\x03\x04", 20, 0, 0, *common))
        out.write(encoded + stream)
        directory.write(
            struct.pack(
                zipfile.structCentralDir,
                b"PK\x01\x02",
                20,
                0,
                20,
                0,
                0,
                *common,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    out.write(
        struct.pack(
            zipfile.structEndArchive,
            b"PK\x05\x06",
            0,
            0,
            len(parts),
            len(parts),
            len(listing),
            start,
            0,
        )
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """1.4 MB that inflates to a 400 MB sheet (the audit's was 1.96 MB → 576 MB)."""
    return workbook_around(deflated_filler(400))


# --- posting them ------------------------------------------------------------------------------


@pytest.fixture
def target():
    make_school_year()
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    staff = make_staff("admin_staff", school_class.school)
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": "en"})
    return school_class, pupil, staff


@pytest.fixture
def staff_client(client, target):
    client.force_login(target[2], backend="portal_auth.accounts.backends.StaffModelBackend")
    for name in ("portal_auth_records:import", "portal_auth_staff:import"):  # warm, not timed
        assert client.get(reverse(name)).status_code == 200
    return client


def post_records(client, target, kind: str, name: str, data: bytes):
    school_class = target[0]
    fields = {"file": SimpleUploadedFile(name, data)}
    if kind == "marks":
        fields |= {
            "school_class": school_class.pk,
            "subject": Subject.objects.get(slug="mathematiques").pk,
            "semester": 1,
        }
    else:
        fields["school"] = school_class.school_id
    return client.post(reverse("portal_auth_records:import_kind", args=[kind]), fields)


def post_pupils(client, target, name: str, data: bytes):
    return client.post(
        reverse("portal_auth_staff:import"),
        {"school": target[0].school_id, "file": SimpleUploadedFile(name, data)},
    )


def refused(response, *fragments: str) -> str:
    """The upload (checked by the worker: on the test settings, within the post) leads to the
    run's page, a 200 listing the errors, offering nothing to confirm; the errors, joined."""
    assert response.status_code == 302
    response = response.client.get(response["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    errors = "\n".join(response.context["report"].errors)
    for fragment in fragments:
        assert fragment in errors, errors
    assert 'name="confirm"' not in page
    run = response.context["run"]
    assert (run.status, run.reason) == ("failed", "errors") and not run.file
    return errors


def nothing_imported(pupils_before: int = 1) -> None:
    assert not Mark.objects.exists()
    assert not Absence.objects.exists()
    assert not TimetableSlot.objects.exists()
    assert Pupil.objects.count() == pupils_before


@contextlib.contextmanager
def bounded(seconds: float, megabytes: int):
    """Fail if the block takes longer than ``seconds`` or its Python peak exceeds ``megabytes``."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        yield
    finally:
        elapsed = time.monotonic() - started
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * MB, f"peak {peak / MB:.0f} MB"


# --- zip bombs ---------------------------------------------------------------------------------


def test_zip_bomb_is_refused_before_it_is_inflated(staff_client, target, zip_bomb):
    assert len(zip_bomb) < 2 * MB  # under the upload limit: the form lets it through
    with bounded(seconds=10, megabytes=64):
        response = post_records(staff_client, target, "marks", "bomb.xlsx", zip_bomb)
    refused(response, "unpacked", "MB")
    nothing_imported()


def test_zip_bomb_through_the_pupil_import(staff_client, target, zip_bomb):
    with bounded(seconds=10, megabytes=64):
        response = post_pupils(staff_client, target, "bomb.xlsx", zip_bomb)
    refused(response, "unpacked")
    nothing_imported()


def test_a_part_compressed_beyond_the_ratio_is_refused(staff_client, target):
    data = with_sheet([["Code Massar"]], filler_sheet(4))  # 4 MB in about 10 KB
    assert len(data) < 50_000
    with bounded(seconds=5, megabytes=64):
        response = post_records(staff_client, target, "absences", "ratio.xlsx", data)
    refused(response, "compressed")
    nothing_imported()


@pytest.mark.parametrize("declared, said", [(4096, "size it declares"), (900 * MB, "unpacked")])
def test_a_part_lying_about_its_size_is_refused(staff_client, target, declared, said):
    data = workbook_around(deflated_filler(40), declared=declared)
    with bounded(seconds=10, megabytes=64):
        response = post_records(staff_client, target, "timetable", "lie.xlsx", data)
    refused(response, "XLSX", said)
    nothing_imported()


@pytest.mark.parametrize(
    "part, size", [("xl/styles.xml", 2 * MB), ("xl/sharedStrings.xml", 5 * MB)]
)
def test_a_part_parsed_whole_is_refused_over_its_own_limit(staff_client, target, part, size):
    """openpyxl parses styles and shared strings whole, and slowly: they have limits of their own."""
    draw = random.Random(12).randrange
    fonts = (
        b'<font><sz val="%d"/><name val="F%d"/></font>' % (draw(99), draw(10**9))
        for _ in range(size // 40)
    )
    xml = b"<styleSheet><fonts>" + b"".join(fonts) + b"</fonts></styleSheet>"  # compresses 3 times
    source = zipfile.ZipFile(io.BytesIO(workbook([["Code Massar"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info))
        archive.writestr(part, xml)
    with bounded(seconds=5, megabytes=64):
        response = post_pupils(staff_client, target, "e.xlsx", out.getvalue())
    refused(response, part, "KB")
    nothing_imported()


def test_shared_strings_named_like_a_worksheet_are_still_shared_strings(staff_client, target):
    """Names prove nothing: openpyxl finds shared strings by their content type, wherever they are."""
    draw = random.Random(13).randrange
    strings = b"".join(b"<si><t>%d</t></si>" % draw(10**12) for _ in range(6 * MB // 26))
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    override = (
        b'<Override PartName="/xl/worksheets/strings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    source = zipfile.ZipFile(io.BytesIO(workbook([["Code Massar"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override)
            archive.writestr(info.filename, content)
        archive.writestr("xl/worksheets/strings.xml", sst + strings + b"</sst>")
    with bounded(seconds=5, megabytes=64):
        response = post_pupils(staff_client, target, "e.xlsx", out.getvalue())
    refused(response, "xl/worksheets/strings.xml", "KB")
    nothing_imported()


def test_reading_stops_at_the_time_limit(staff_client, target, settings):
    settings.MAKTABA_PORTAL = {"IMPORT_LIMITS": {"MAX_SECONDS": 0}}
    data = f"Code Massar;Date\n{target[1].massar_code};03/11/2025\n".encode()
    response = post_records(staff_client, target, "absences", "a.csv", data)
    refused(response, "0 seconds", "row 1")
    nothing_imported()


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_field_over_the_csv_limit_names_its_row(staff_client, target):
    pupil = target[1]
    data = (
        "Code Massar;Date;Période;Heures;Justifiée;Motif\n"
        f"{pupil.massar_code};03/11/2025;matin;4;non;ok\n"
        f'{pupil.massar_code};04/11/2025;matin;4;non;"{"x" * 200_000}"\n'
    ).encode()
    response = post_records(staff_client, target, "absences", "a.csv", data)
    refused(response, "row 3", "128 KB")
    nothing_imported()
    response = post_pupils(staff_client, target, "e.csv", data)
    refused(response, "row 3", "128 KB")
    nothing_imported()


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe" + "Code Massar,Date\n".encode("utf-16-le") + b"\x00\xd8A\x00",  # lone surrogate
        b"\xfe\xff" + "Code Massar,Date\n".encode("utf-16-be") + b"\x00",  # odd length
    ],
)
def test_bad_utf16_is_a_clear_message(staff_client, target, data):
    response = post_records(staff_client, target, "absences", "a.csv", data)
    refused(response, "UTF-16")
    nothing_imported()
    refused(post_pupils(staff_client, target, "e.csv", data), "UTF-16")


# --- broken sheets -------------------------------------------------------------------------------


def test_truncated_sheet_xml_names_the_last_good_row(staff_client, target):
    pupil = target[1]
    xml = (
        SHEET_START.replace(b"<sheetData>", b'<dimension ref="A1:A3"/><sheetData>')
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Code Massar</t></is></c></row>'
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + pupil.massar_code.encode()
        + b'</t></is></c></row><row r="3"><c r="A3"><v>1'
    )
    data = with_sheet([["x"]], raw_sheet(xml))
    response = post_records(staff_client, target, "absences", "a.xlsx", data)
    refused(response, "after row 2", "damaged")
    nothing_imported()
    refused(post_pupils(staff_client, target, "e.xlsx", data), "after row 2", "damaged")


def test_a_number_cell_that_is_not_a_number_names_its_row(staff_client, target):
    pupil = target[1]
    xml = (
        SHEET_START
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Code Massar</t></is></c>'
        + b'<c r="B1" t="inlineStr"><is><t>Test 1</t></is></c></row>'
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + pupil.massar_code.encode()
        + b'</t></is></c><c r="B2"><v>NaN</v></c></row>'
        + SHEET_END
    )
    data = with_sheet([["x"]], raw_sheet(xml))
    response = post_records(staff_client, target, "marks", "m.xlsx", data)
    refused(response, "after row 1")
    nothing_imported()


def test_a_sheet_of_empty_rows_stops_at_the_row_limit(staff_client, target, settings):
    settings.MAKTABA_PORTAL = {"IMPORT_LIMITS": {"MAX_ROWS": 500}}
    xml = (
        SHEET_START
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Code Massar</t></is></c></row>'
        + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        + SHEET_END
    )
    data = with_sheet([["x"]], raw_sheet(xml))
    with bounded(seconds=5, megabytes=64):
        response = post_records(staff_client, target, "absences", "a.xlsx", data)
    refused(response, "500 rows")
    nothing_imported()


# --- NaN and inf ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hours", ["NaN", "nan", "inf", "-Infinity", "sNaN"])
def test_nan_or_inf_hours_are_a_cell_error(staff_client, target, hours):
    pupil = target[1]
    data = (
        "Code Massar;Date;Période;Heures;Justifiée\n"
        f"{pupil.massar_code};03/11/2025;matin;{hours};non\n"
    ).encode()
    response = post_records(staff_client, target, "absences", "a.csv", data)
    refused(response, "row 2, column D (Heures)", "not a number")
    nothing_imported()


def test_infinite_hours_and_marks_in_xlsx_cells_are_cell_errors(staff_client, target):
    pupil = target[1]
    code = pupil.massar_code.encode()
    absences = (
        SHEET_START
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Code Massar</t></is></c>'
        + b'<c r="B1" t="inlineStr"><is><t>Date</t></is></c>'
        + b'<c r="C1" t="inlineStr"><is><t>Heures</t></is></c></row>'
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + code
        + b'</t></is></c><c r="B2" t="inlineStr"><is><t>03/11/2025</t></is></c>'
        + b'<c r="C2"><v>1e999</v></c></row>'
        + SHEET_END
    )
    response = post_records(
        staff_client, target, "absences", "a.xlsx", with_sheet([["x"]], raw_sheet(absences))
    )
    refused(response, "row 2, column C (Heures)", "not a number")
    marks = (
        SHEET_START
        + b'<row r="1"><c r="A1" t="inlineStr"><is><t>Code Massar</t></is></c>'
        + b'<c r="B1" t="inlineStr"><is><t>Test 1</t></is></c></row>'
        + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        + code
        + b'</t></is></c><c r="B2"><v>-1E999</v></c></row>'
        + SHEET_END
    )
    response = post_records(
        staff_client, target, "marks", "m.xlsx", with_sheet([["x"]], raw_sheet(marks))
    )
    refused(response, "row 2, column B (Test 1)", "not a number")
    nothing_imported()


def test_a_start_time_too_large_for_a_clock_is_a_cell_error(staff_client, target):
    data = (
        "Classe,Jour,Début,Fin,Matière\n"
        f"{target[0].name},lundi,99999999999999999999:00,10:00,mathematiques\n"
    ).encode()
    response = post_records(staff_client, target, "timetable", "t.csv", data)
    refused(response, "row 2, column C (Début)", "not a time")
    nothing_imported()
