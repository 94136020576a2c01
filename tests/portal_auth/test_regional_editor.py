"""The regional editor: a staff role tied to an academy, who imports the academy's school
directors (CSV or XLSX, through the generic import screens) and sends them the e-book; the send
screen never offers a button that cannot work, and says what is missing instead."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from wagtail.users.models import UserProfile

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookDelivery
from catalog.site_setup import EDITORS
from portal_auth.importers.directors import import_directors
from portal_auth.models import ImportRun, StaffRole
from tests.factories.ebook import chapter, make_ebook
from tests.factories.schools import (
    make_academy,
    make_directorate,
    make_school,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

PORTAL_RECIPIENTS = {
    "RECIPIENT_PROVIDER": "portal_auth.schools.ebook_recipients.school_directors",
    "RECIPIENT_GAP": "portal_auth.schools.ebook_recipients.what_is_missing",
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def academy():
    return make_academy("casablanca-settat")


@pytest.fixture
def schools(academy):
    directorate = make_directorate(academy)
    return [make_school(directorate, code=f"2060{n}A") for n in range(3)]


def workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def directors_xlsx(schools) -> bytes:
    return workbook(
        [
            ["الأكاديمية الجهوية للتربية والتكوين لجهة الدار البيضاء سطات"],
            ["لائحة مديري المؤسسات"],
            [],
            ["الاسم الكامل", "رمز المؤسسة", "البريد الإلكتروني المهني"],
            *(
                [f"Directeur {n} Alaoui", school.code, f"dir{n}@men.gov.ma"]
                for n, school in enumerate(schools)
            ),
        ]
    )


def test_the_regional_editor_role_is_academy_wide(academy, schools):
    editor = make_staff("regional_editor", academy)
    assert editor.groups.filter(name=EDITORS).exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffRole.objects.create(
            user=make_user(), role="regional_editor", scope="school", school=schools[0]
        )


def test_directors_import_from_an_xlsx_with_title_rows(academy, schools):
    report = import_directors(academy, directors_xlsx(schools), "d.xlsx", dry_run=False)
    assert report.errors == []
    assert (report.accounts_created, report.roles_created) == (3, 3)
    role = StaffRole.objects.get(school=schools[1], role="director")
    assert (role.user.email, role.user.first_name, role.user.last_name) == (
        "dir1@men.gov.ma",
        "Directeur",
        "1 Alaoui",
    )
    assert not role.user.has_usable_password()
    again = import_directors(academy, directors_xlsx(schools), "d.xlsx", dry_run=False)
    assert (again.accounts_created, again.roles_created, again.unchanged) == (0, 0, 3)


def test_a_new_director_replaces_the_schools_previous_one(academy, schools):
    old = make_staff("director", schools[0])
    csv = f"Nom et prénom,Code de l'établissement,E-mail officiel\nNouvelle Directrice,{schools[0].code},new@men.gov.ma\n"
    report = import_directors(academy, csv.encode(), "d.csv", dry_run=False)
    assert report.errors == [] and report.roles_ended == 1
    assert not StaffRole.objects.filter(user=old, school=schools[0]).exists()
    assert StaffRole.objects.get(school=schools[0], role="director").user.email == "new@men.gov.ma"


def test_every_bad_row_is_named_and_nothing_is_written(academy, schools):
    elsewhere = make_school(make_directorate(make_academy("rabat-sale-kenitra")))
    csv = (
        "Nom et prénom,Code de l'établissement,E-mail officiel\n"
        f"A,{schools[0].code},a@men.gov.ma\n"
        f"B,{elsewhere.code},b@men.gov.ma\n"
        f"C,{schools[1].code},pas-une-adresse\n"
        f"D,{schools[0].code},d@men.gov.ma\n"
        f"E,{schools[2].code},A@men.gov.ma\n"
    )
    report = import_directors(academy, csv.encode(), "d.csv", dry_run=False)
    joined = "\n".join(report.errors)
    assert "row 3, column B" in joined and elsewhere.code in joined
    assert "row 4, column C" in joined and "not an e-mail address" in joined
    assert "row 5, column B" in joined and "already appears on row 2" in joined
    assert "row 6, column C" in joined
    assert not StaffRole.objects.filter(role="director").exists()
    assert not User.objects.filter(email__endswith="@men.gov.ma").exists()


def sign_in(client, user) -> None:
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")


def test_only_those_who_manage_directors_reach_the_directors_import(client, academy, schools):
    url = reverse("portal_auth_staff:import_kind", args=["directors"])
    sign_in(client, make_staff("director", schools[0]))
    assert client.get(url).status_code == 403
    sign_in(client, make_staff("regional_editor", academy))
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="academy"' in page.content.decode()


@pytest.fixture
def ebook(site_tree, settings):
    settings.MAKTABA_EBOOK = PORTAL_RECIPIENTS
    page = make_ebook(site_tree[0], chapters=[chapter("مقدمة", ("text", "<p>نص قصير.</p>"))])
    build_ebook(page)
    return page


def test_an_editor_without_an_academy_is_told_so_and_offered_no_button(client, ebook):
    editor = make_user()
    editor.groups.add(Group.objects.get(name=EDITORS))
    UserProfile.objects.update_or_create(user=editor, defaults={"preferred_language": "en"})
    client.force_login(editor)
    status = client.get(reverse("ebook_admin:status", args=[ebook.pk])).content.decode()
    assert reverse("ebook_admin:send", args=[ebook.pk]) not in status
    assert "tied to no academy" in status
    confirm = client.get(reverse("ebook_admin:send", args=[ebook.pk])).content.decode()
    assert "Send now" not in confirm and "tied to no academy" in confirm
    client.post(reverse("ebook_admin:send", args=[ebook.pk]))
    assert not EBookDelivery.objects.exists()


def test_the_regional_editor_imports_the_directors_then_sends_them_the_ebook(
    client, ebook, academy, schools
):
    editor = make_staff("regional_editor", academy)
    sign_in(client, editor)
    status_url = reverse("ebook_admin:status", args=[ebook.pk])
    send_url = reverse("ebook_admin:send", args=[ebook.pk])
    import_url = reverse("portal_auth_staff:import_kind", args=["directors"])
    # No director yet: what is missing, and where to put it right, instead of a send button.
    status = client.get(status_url).content.decode()
    assert send_url not in status
    assert "No school director of" in status and import_url in status

    uploaded = client.post(
        import_url,
        {"academy": academy.pk, "file": SimpleUploadedFile("d.xlsx", directors_xlsx(schools))},
        follow=True,
    )
    preview = uploaded.content.decode()
    assert 'name="confirm"' in preview and "dir2@men.gov.ma" in preview
    assert '<th scope="col" dir="auto">رمز المؤسسة</th>' in preview
    run = ImportRun.objects.get(kind="directors")
    assert run.academy == academy and run.school is None
    client.post(reverse("portal_auth_staff:import_run", args=[run.pk]), {"confirm": "1"})
    run.refresh_from_db()
    assert run.status == "done"

    status = client.get(status_url).content.decode()
    assert send_url in status
    assert "3 school directors" in client.get(send_url).content.decode()
    client.post(send_url)
    assert sorted(m.to[0] for m in mail.outbox) == [f"dir{n}@men.gov.ma" for n in range(3)]
    assert EBookDelivery.objects.filter(status=EBookDelivery.Status.SENT).count() == 3


def test_the_command_imports_directors_once(academy, schools, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "directors.xlsx"
    path.write_bytes(directors_xlsx(schools))
    out = io.StringIO()
    call_command("import_directors", str(path), "--academy", academy.slug, "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and not StaffRole.objects.filter(role="director").exists()
    call_command("import_directors", str(path), "--academy", academy.slug, stdout=io.StringIO())
    assert StaffRole.objects.filter(role="director").count() == 3
