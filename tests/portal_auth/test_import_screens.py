"""The import screens on one generic view: a real Massar XLSX with title rows, the shared header
synonyms, one form per kind, the marks preview, Moroccan decimals and the template files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from wagtail.users.models import UserProfile

from catalog.models import Subject
from library.imports.headers import labels
from portal_auth.importers.absences import import_absences
from portal_auth.importers.pupils import import_pupils
from portal_auth.importers.template_columns import TEMPLATE_COLUMNS
from portal_auth.models import Pupil
from tests.factories.schools import make_class, make_pupil, make_school, make_school_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MASSAR_TITLE_ROWS = [
    ["المملكة المغربية", None, None],
    ["وزارة التربية الوطنية والتعليم الأولي والرياضة"],
    [
        "الأكاديمية الجهوية للتربية والتكوين لجهة الدار البيضاء سطات",
        None,
        "السنة الدراسية 2025-2026",
    ],
    [],
    ["لائحة التلاميذ", None, "القسم: 1BAC-SP-1"],
]


def test_a_massar_xlsx_with_title_rows_imports_its_pupils():
    make_school_year()
    school = make_school()
    data = workbook(
        [
            *MASSAR_TITLE_ROWS,
            ["رقم التلميذ", "النسب", "الاسم", "تاريخ الازدياد", "القسم"],
            ["J130000001", "العلوي", "سلمى", "14/03/2009", "1BAC-SP-1"],
            ["J130000002", "بناني", "يوسف", "02/11/2008", "1BAC-SP-1"],
        ]
    )
    report = import_pupils(school, data, "massar.xlsx", dry_run=False)
    assert report.errors == []
    assert report.pupils_created == 2
    assert Pupil.objects.get(massar_code="J130000002").first_name_ar == "يوسف"


@pytest.mark.parametrize("header", ["رقم التلميذ", "الرمز", "CNE", "code massar"])
def test_pupils_and_absences_accept_the_same_massar_code_headers(header):
    make_school_year()
    school_class = make_class()
    pupil = make_pupil(school_class)
    pupils = f"{header},Nom,Classe\nJ130000009,Alaoui,{school_class.name}\n".encode()
    assert import_pupils(school_class.school, pupils, "p.csv", dry_run=True).errors == []
    absences = f"{header},Date\n{pupil.massar_code},15/01/2026\n".encode()
    report = import_absences(school_class.school, absences, "a.csv", dry_run=True)
    assert report.errors == [] and report.created == 1


def sign_in(client, role: str, target, language: str = "en"):
    from tests.factories.schools import make_staff

    user = make_staff(role, target)
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return user


def field_names(html: str) -> set[str]:
    import re

    return set(re.findall(r'<(?:input|select)[^>]* name="([a-z_]+)"', html)) - {
        "csrfmiddlewaretoken"
    }


def test_each_import_screen_shows_only_its_own_fields(client):
    school_class = make_class()
    sign_in(client, "admin_staff", school_class.school)
    expected = {
        "marks": {"school_class", "subject", "semester", "file"},
        "timetable": {"school", "effective_from", "file"},
        "absences": {"school", "file"},
    }
    for kind, names in expected.items():
        page = client.get(reverse("portal_auth_records:import_kind", args=[kind]))
        assert page.status_code == 200
        assert field_names(page.content.decode()) == names, kind
    pupils = client.get(reverse("portal_auth_staff:import_kind", args=["pupils"]))
    assert field_names(pupils.content.decode()) == {"school", "file"}
    index = client.get(reverse("portal_auth_records:import")).content.decode()
    for kind in expected:
        assert reverse("portal_auth_records:import_kind", args=[kind]) in index


def test_the_marks_preview_has_headers_and_repeats_class_subject_semester(client):
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    sign_in(client, "admin_staff", school_class.school, language="fr")
    subject = Subject.objects.get(slug="mathematiques")
    data = workbook(
        [
            *MASSAR_TITLE_ROWS,
            ["رقم التلميذ", "الاسم الكامل", "الفرض 1", "الفرض 2", "الأنشطة المندمجة"],
            [pupil.massar_code, "", "12,5", 14, 9.75],
        ]
    )
    response = client.post(
        reverse("portal_auth_records:import_kind", args=["marks"]),
        {
            "file": SimpleUploadedFile("notes.xlsx", data),
            "school_class": school_class.pk,
            "subject": subject.pk,
            "semester": 2,
        },
        follow=True,
    )
    html = response.content.decode()
    assert 'name="confirm"' in html
    assert '<th scope="col" dir="auto">الفرض 1</th>' in html
    assert '<th scope="col" dir="auto">الأنشطة المندمجة</th>' in html
    caption = html.split("<caption>", 1)[1].split("</caption>", 1)[0]
    assert school_class.name in caption and subject.name_fr in caption
    assert 'Semestre: <bdi dir="auto">2</bdi>' in caption
    # Moroccan decimals in the preview, as everywhere else («12,50», never «12.50»).
    assert "12,50" in html and "9,75" in html and "12.50" not in html


@pytest.mark.parametrize("kind", sorted(TEMPLATE_COLUMNS))
def test_each_template_opens_in_openpyxl_and_imports_back(client, kind):
    school_class = make_class()
    sign_in(client, "admin_staff", school_class.school)
    for language in ("ar", "fr"):
        url = reverse("portal_auth_staff:import_template", args=[kind, "xlsx"])
        response = client.get(url + f"?lang={language}")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'{kind}-{language}.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[1]]
        assert header == labels(TEMPLATE_COLUMNS[kind], language)
        assert sheet.sheet_view.rightToLeft == (language == "ar")
        csv = client.get(
            reverse("portal_auth_staff:import_template", args=[kind, "csv"]) + f"?lang={language}"
        )
        assert csv.content.startswith(b"\xef\xbb\xbf")
        assert csv.content.decode("utf-8-sig").splitlines()[0].split(",") == header


def test_the_pupils_template_filled_in_imports():
    make_school_year()
    school = make_school()
    header = labels(TEMPLATE_COLUMNS["pupils"], "fr")
    row = dict.fromkeys(header, "")
    row |= {"Code Massar": "J130000001", "Nom": "Alaoui", "Classe": "1BAC-SP-1"}
    data = workbook([header, [row[h] for h in header]])
    report = import_pupils(school, data, "template.xlsx", dry_run=False)
    assert report.errors == [] and report.pupils_created == 1


def test_each_import_screen_links_its_templates(client):
    school_class = make_class()
    sign_in(client, "admin_staff", school_class.school)
    html = client.get(reverse("portal_auth_records:import_kind", args=["absences"])).content
    for file_format in ("csv", "xlsx"):
        url = reverse("portal_auth_staff:import_template", args=["absences", file_format])
        assert f"{url}?lang=ar".encode() in html and f"{url}?lang=fr".encode() in html
    page = html.decode()
    assert (
        '<bdi dir="rtl" lang="ar">رمز مسار</bdi> · <bdi dir="ltr" lang="fr">Code Massar</bdi>'
        in page
    )


def test_an_unknown_template_is_a_404(client):
    sign_in(client, "admin_staff", make_school())
    url = reverse("portal_auth_staff:import_template", args=["grades", "xlsx"])
    assert client.get(url).status_code == 404
