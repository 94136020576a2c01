"""Timetable slots: effective dates, overlaps refused, the right class's week, CSV import."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from portal_auth.importers.timetable import import_timetable
from portal_auth.models import TimetableSlot
from tests.factories.records import make_slot, subject
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); Arabic is the default."""
    with translation.override("en"):
        yield


def test_overlapping_slot_is_refused_with_a_clear_message():
    school_class = make_class()
    make_slot(school_class, "mathematiques", weekday=1, start="08:00", end="10:00")
    clash = TimetableSlot(
        school_class=school_class,
        subject=subject("svt"),
        weekday=1,
        starts_at=datetime.time(9, 0),
        ends_at=datetime.time(11, 0),
        effective_from=school_class.year.starts_on,
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "08:00" in str(error.value) and "10:00" in str(error.value)
    # Back to back is fine, and another day is fine.
    clash.starts_at = datetime.time(10, 0)
    clash.full_clean()
    clash.starts_at, clash.weekday = datetime.time(9, 0), 2
    clash.full_clean()


def test_a_slot_that_ended_before_does_not_overlap():
    school_class = make_class()
    start = school_class.year.starts_on
    make_slot(school_class, weekday=1, effective_until=start + datetime.timedelta(days=30))
    later = TimetableSlot(
        school_class=school_class,
        subject=subject("svt"),
        weekday=1,
        starts_at=datetime.time(8, 0),
        ends_at=datetime.time(10, 0),
        effective_from=start + datetime.timedelta(days=31),
    )
    later.full_clean()


def test_week_follows_effective_dates_and_the_guardians_selected_child(client):
    with translation.override("ar"):
        _week_follows_effective_dates(client)


def _week_follows_effective_dates(client):
    class_a, class_b = make_class(), make_class()
    first, second = make_pupil(class_a), make_pupil(class_b)
    start = class_a.year.starts_on
    change = start + datetime.timedelta(days=60)
    make_slot(
        class_a, "mathematiques", weekday=1, effective_until=change - datetime.timedelta(days=1)
    )
    make_slot(class_a, "philosophie", weekday=1, effective_from=change)
    make_slot(class_b, "education-islamique", weekday=3, room="B12")
    guardian = make_guardian()
    link_guardian(guardian, first)
    link_guardian(guardian, second)
    user = give_guardian_account(guardian)
    client.force_login(user)
    client.post(reverse("portal_auth:switch_child"), {"pupil": first.pk})
    url = reverse("portal_auth:timetable")
    with_lang = {"HTTP_ACCEPT_LANGUAGE": "fr"}
    early = client.get(url, {"date": (start + datetime.timedelta(days=7)).isoformat()}, **with_lang)
    assert "Mathématiques" in early.content.decode() or "الرياضيات" in early.content.decode()
    late = client.get(url, {"date": change.isoformat()}).content.decode()
    assert "الفلسفة" in late and "الرياضيات" not in late
    client.post(reverse("portal_auth:switch_child"), {"pupil": second.pk})
    other = client.get(url, {"date": change.isoformat()}).content.decode()
    assert "B12" in other and "الفلسفة" not in other


CSV = (
    "Classe;Jour;Début;Fin;Matière;Enseignant;Salle\n"
    "{c};Lundi;08:00;10:00;Mathématiques;M. Idrissi;12\n"
    "{c};الثلاثاء;10h;12h;physique-chimie;Mme Bennani;Labo 1\n"
)


def test_import_timetable_csv_windows_1256_and_rerun():
    school_class = make_class()
    data = CSV.format(c=school_class.name).encode("cp1256")
    start = school_class.year.starts_on + datetime.timedelta(days=10)
    dry = import_timetable(school_class.school, data, "t.csv", effective_from=start, dry_run=True)
    assert dry.ok, dry.errors
    assert dry.created == 2 and not TimetableSlot.objects.exists()
    report = import_timetable(
        school_class.school, data, "t.csv", effective_from=start, dry_run=False
    )
    assert report.created == 2
    again = import_timetable(
        school_class.school, data, "t.csv", effective_from=start, dry_run=False
    )
    assert again.unchanged == 2 and again.created == 0
    assert TimetableSlot.objects.count() == 2
    # A new week from a later date closes the old one the day before.
    later = start + datetime.timedelta(days=40)
    changed = CSV.format(c=school_class.name).replace("Labo 1", "Labo 2").encode("utf-8-sig")
    import_timetable(school_class.school, changed, "t.csv", effective_from=later, dry_run=False)
    assert TimetableSlot.objects.count() == 4
    assert set(
        TimetableSlot.objects.filter(effective_from=start).values_list("effective_until", flat=True)
    ) == {later - datetime.timedelta(days=1)}


def test_import_refuses_overlaps_and_bad_cells_naming_row_and_column():
    school_class = make_class()
    data = (
        "Classe,Jour,Début,Fin,Matière\n"
        f"{school_class.name},Lundi,08:00,10:00,Mathématiques\n"
        f"{school_class.name},Lundi,09:00,11:00,SVT\n"
        f"{school_class.name},Blursday,09:00,11:00,SVT\n"
        f"{school_class.name},Mardi,11:00,09:00,SVT\n"
        f"NOPE,Mardi,08:00,09:00,Chimie\n"
    ).encode()
    report = import_timetable(school_class.school, data, "t.csv", dry_run=False)
    text = "\n".join(report.errors)
    assert "row 3: this slot (09:00–11:00) overlaps row 2." in text
    assert "row 4, column B (Jour)" in text
    assert "row 5, column D (Fin): the slot must end after it starts." in text
    assert "row 6, column A (Classe)" in text and "row 6, column E (Matière)" in text
    assert not TimetableSlot.objects.exists()


def test_import_timetable_command(tmp_path):
    school_class = make_class()
    path = tmp_path / "week.csv"
    path.write_text(CSV.format(c=school_class.name), encoding="utf-8")
    frm = (school_class.year.starts_on + datetime.timedelta(days=1)).isoformat()
    call_command("import_timetable", str(path), "--school", school_class.school.code, "--from", frm)
    assert TimetableSlot.objects.count() == 2
    path.write_text("Classe;Jour\nx;y\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_timetable", str(path), "--school", school_class.school.code)
