"""Importing pupils and guardians from school exports: encodings, headers, errors, re-imports."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from portal_auth.importers.pupils import import_pupils
from portal_auth.models import Enrolment, Guardian, GuardianLink, Pupil, SchoolClass, SecurityEvent
from tests.factories.schools import (
    give_pupil_account,
    make_class,
    make_pupil,
    make_school,
    make_school_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the reports are translated like the rest)."""
    with translation.override("en"):
        yield


ARABIC_HEADERS = "رمز مسار;النسب;الاسم;تاريخ الازدياد;القسم;رقم البطاقة الوطنية للولي;نسب الولي;اسم الولي;الهاتف;صفة الولي"
ARABIC_ROWS = [
    "J130000001;العلوي;سلمى;14/03/2009;1BAC-SP-1;AB123456;العلوي;محمد;0612345678;الأب",
    "J130000002;بناني;يوسف;02/11/2008;1BAC-SP-1;BE654321;بناني;فاطمة;+212 661 000 111;الأم",
    "J130000003;العلوي;آدم;01/01/2011;TC-S-2;AB123456;العلوي;محمد;0612345678;الأب",
]
FRENCH_CSV = (
    "Code Massar,Nom,Prénom,النسب,الاسم,Date de naissance,Classe,Niveau,Filière,CIN tuteur,Nom tuteur,Prénom tuteur,Téléphone,Lien,CIN tuteur 2,Nom tuteur 2,Lien 2\n"
    "K140000001,Tazi,Omar,التازي,عمر,2010-05-06,3AC-2,3AC,,CD111111,Tazi,Ahmed,0700112233,Père,CD222222,Tazi,Mère\n"
)


@pytest.fixture
def school():
    make_school_year()
    return make_school()


def arabic_csv(rows=ARABIC_ROWS, encoding="utf-8-sig") -> bytes:
    return "\r\n".join([ARABIC_HEADERS, *rows]).encode(encoding)


def test_utf8_bom_csv_with_arabic_headers(school):
    report = import_pupils(school, arabic_csv(), "eleves.csv", dry_run=False)
    assert report.errors == []
    assert report.encoding == "utf-8-sig"
    assert (report.pupils_created, report.guardians_created, report.links_created) == (3, 2, 3)
    assert report.classes_created == 2
    salma = Pupil.objects.get(massar_code="J130000001")
    assert salma.full_name_ar == "سلمى العلوي"
    assert salma.birth_date == datetime.date(2009, 3, 14)
    assert salma.current_class.level.code == "1BAC"
    assert SchoolClass.objects.get(name="TC-S-2").level.code == "TC"
    father = Guardian.objects.get(cin="AB123456")
    assert father.phone == "+212612345678"
    assert set(father.links.values_list("pupil__massar_code", flat=True)) == {
        "J130000001",
        "J130000003",
    }
    assert GuardianLink.objects.get(pupil__massar_code="J130000002").relationship == "mother"
    assert Guardian.objects.get(cin="BE654321").phone == "+212661000111"


def test_windows_1256_csv_keeps_arabic_names(school):
    report = import_pupils(school, arabic_csv(encoding="cp1256"), "eleves.csv", dry_run=False)
    assert report.errors == [] and report.encoding == "windows-1256"
    assert Pupil.objects.get(massar_code="J130000002").full_name_ar == "يوسف بناني"


def test_french_headers_with_a_second_guardian(school):
    report = import_pupils(school, FRENCH_CSV.encode(), "export.csv", dry_run=False)
    assert report.errors == []
    omar = Pupil.objects.get(massar_code="K140000001")
    assert omar.full_name_latin == "Omar Tazi" and omar.full_name_ar == "عمر التازي"
    relationships = dict(omar.guardian_links.values_list("guardian__cin", "relationship"))
    assert relationships == {"CD111111": "father", "CD222222": "mother"}


def test_xlsx_with_excel_dates(school):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["Code Massar", "Nom", "Prénom", "Date de naissance", "Classe", "CIN tuteur", "Nom tuteur"]
    )
    sheet.append(
        [
            "j130000009",
            "Idrissi",
            "Nora",
            datetime.datetime(2012, 9, 30),
            "1AC-4",
            "ab 98765",
            "Idrissi",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_pupils(school, buffer.getvalue(), "classe.xlsx", dry_run=False)
    assert report.errors == []
    nora = Pupil.objects.get(massar_code="J130000009")
    assert nora.birth_date == datetime.date(2012, 9, 30)
    assert nora.guardian_links.get().guardian.cin == "AB98765"


def test_dry_run_counts_exactly_and_writes_nothing(school):
    report = import_pupils(school, arabic_csv(), "eleves.csv", dry_run=True)
    assert report.ok and not report.written
    assert (report.pupils_created, report.guardians_created, report.classes_created) == (3, 2, 2)
    assert not Pupil.objects.exists() and not Guardian.objects.exists()
    assert not SchoolClass.objects.exists()


def test_reimport_updates_never_duplicates_and_a_class_change_keeps_the_account(school):
    import_pupils(school, arabic_csv(), "eleves.csv", dry_run=False)
    salma = Pupil.objects.get(massar_code="J130000001")
    user = give_pupil_account(salma)
    again = import_pupils(school, arabic_csv(), "eleves.csv", dry_run=False)
    assert (
        again.pupils_created,
        again.pupils_updated,
        again.guardians_created,
        again.links_created,
    ) == (0, 0, 0, 0)
    rows = [
        ARABIC_ROWS[0].replace("1BAC-SP-1", "1BAC-SP-3").replace("سلمى", "سلمى ر."),
        *ARABIC_ROWS[1:],
    ]
    moved = import_pupils(school, arabic_csv(rows), "eleves.csv", dry_run=False)
    assert (moved.pupils_moved, moved.pupils_updated) == (1, 1)
    assert Pupil.objects.count() == 3 and Guardian.objects.count() == 2
    salma.refresh_from_db()
    assert salma.user == user and salma.current_class.name == "1BAC-SP-3"
    assert Enrolment.objects.filter(pupil=salma).count() == 1


def test_one_bad_row_stores_nothing_and_every_error_names_its_row(school):
    rows = [
        ARABIC_ROWS[0],
        "J13000000;بناني;يوسف;02/11/2008;1BAC-SP-1;;;;;",
        "J130000004;;;;1BAC-SP-1;;;;;",
        "J130000005;بناني;ليلى;31/02/2008;1BAC-SP-1;;;;;",
        "J130000006;بناني;هند;01/02/2008;1BAC-SP-1;12345;بناني;;;",
        "J130000007;بناني;سعيد;01/02/2008;1BAC-SP-1;CD1;بناني;;0512;",
        "J130000001;العلوي;سلمى;14/03/2009;1BAC-SP-1;;;;;",
        "J130000008;بناني;سعيد;01/02/2008;XX-1;;;;;",
    ]
    report = import_pupils(school, arabic_csv(rows), "eleves.csv", dry_run=False)
    assert not report.ok
    text = "\n".join(report.errors)
    for number in (3, 4, 5, 6, 7, 8):
        assert f"row {number}:" in text, number
    assert "already appears on row 2" in text
    assert not Pupil.objects.exists() and not Guardian.objects.exists()
    # a row that only fails while writing (unknown level) also rolls everything back
    report = import_pupils(school, arabic_csv([ARABIC_ROWS[0], rows[-1]]), "e.csv", dry_run=False)
    assert report.errors == ["row 3: class “XX-1” is new and its level is not given."]
    assert not Pupil.objects.exists()


def test_missing_columns_and_unreadable_files(school):
    report = import_pupils(school, "Nom,Prénom\nA,B\n".encode(), "x.csv", dry_run=False)
    assert (
        report.errors
        and "Missing columns" in report.errors[0]
        and "massar_code" in report.errors[0]
    )
    assert not import_pupils(school, b"PK\x03\x04garbage", "x.xlsx", dry_run=False).ok
    assert not import_pupils(school, b"", "x.csv", dry_run=False).ok


def test_pupil_of_another_school_is_refused_without_naming_it(school):
    elsewhere = make_pupil(
        make_class(make_school(name_fr="Lycée Secret")), massar_code="J130000001"
    )
    report = import_pupils(school, arabic_csv(), "eleves.csv", dry_run=False)
    assert report.errors == [
        "row 2: Massar code J130000001 is enrolled in another school this year; ask the directorate."
    ]
    assert "Secret" not in report.errors[0]
    elsewhere.refresh_from_db()
    assert elsewhere.full_name_ar != "سلمى العلوي"


def test_management_command(school, tmp_path, capsys):
    path = tmp_path / "eleves.csv"
    path.write_bytes(arabic_csv())
    call_command("import_pupils", str(path), "--school", school.code, "--dry-run")
    assert "Dry run" in capsys.readouterr().out and not Pupil.objects.exists()
    call_command("import_pupils", str(path), "--school", school.code)
    assert Pupil.objects.count() == 3
    assert SecurityEvent.objects.filter(kind="import", school=school).count() == 1
    with pytest.raises(CommandError):
        call_command("import_pupils", str(path), "--school", "NOPE")
    path.write_bytes(arabic_csv([ARABIC_ROWS[0], ARABIC_ROWS[0]]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_pupils", str(path), "--school", school.code)
