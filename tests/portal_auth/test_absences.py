"""Absences: totals, the guardians told (once per absence, on their channels), imports and the
page."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from library.sms.backends.locmem import outbox as sms_outbox
from portal_auth.importers.absences import import_absences
from portal_auth.models import Absence, Notification
from portal_auth.records.attendance import semester_of, totals
from portal_auth.tasks import notify_absence_task
from tests.factories.desk import choose_channels
from tests.factories.records import make_absence
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms_outbox.clear()
    yield
    sms_outbox.clear()


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); Arabic is the default."""
    with translation.override("en"):
        yield


@pytest.fixture
def family():
    pupil = make_pupil(make_class())
    father = make_guardian(email="father@example.ma", preferred_language="fr")
    mother = make_guardian(email="", preferred_language="ar")
    link_guardian(father, pupil)
    link_guardian(mother, pupil, relationship="mother")
    return pupil, father, mother


def test_totals_per_month_and_semester(family):
    pupil, *_ = family
    year = pupil.enrolment_for().year
    rows = [
        Absence(date=datetime.date(2025, 10, 6), hours=Decimal("4"), justified=False),
        Absence(date=datetime.date(2025, 10, 20), hours=Decimal("2"), justified=True),
        Absence(date=datetime.date(2026, 3, 2), hours=Decimal("8"), justified=False),
    ]
    months, semesters = totals(rows, year)
    assert list(months) == [datetime.date(2025, 10, 1), datetime.date(2026, 3, 1)]
    assert months[datetime.date(2025, 10, 1)].hours == Decimal("6")
    assert months[datetime.date(2025, 10, 1)].unjustified_hours == Decimal("4")
    assert (semesters[1].count, semesters[2].count) == (2, 1)
    assert semester_of(datetime.date(2026, 1, 31), year) == 1
    assert semester_of(datetime.date(2026, 2, 1), year) == 2


def test_unjustified_absence_tells_guardians_once_on_their_channels(
    family, django_capture_on_commit_callbacks
):
    """The father chose e-mails (his account, French); the mother has no account: the defaults
    (a text message, in her file's language). Saving again, or the task again, tells nobody."""
    pupil, father, mother = family
    choose_channels(give_guardian_account(father), absence=["in_app", "email"])
    with django_capture_on_commit_callbacks(execute=True):
        absence = make_absence(pupil, date=datetime.date(2025, 11, 3))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["father@example.ma"]
    assert "Absence" in mail.outbox[0].subject  # French, the father's language
    (sms,) = sms_outbox
    assert sms.to == "+212612345678" and "غياب" in sms.text and pupil.first_name_ar in sms.text
    with django_capture_on_commit_callbacks(execute=True):
        absence.reason = "saved again"
        absence.save()
    notify_absence_task.enqueue(absence.pk)
    assert len(mail.outbox) == 1 and len(sms_outbox) == 1
    assert Notification.objects.filter(kind="absence").count() == 2
    assert Notification.objects.get(guardian=father).email_status == "sent"


def test_no_emails_in_french_is_what_the_guardian_gets(
    family, client, django_capture_on_commit_callbacks
):
    """Chosen on the page: no e-mail for anything, French. A new absence sends no e-mail, its
    text message is French, and it is in the guardian's list."""
    pupil, father, _mother = family
    user = give_guardian_account(father)
    client.force_login(user)
    with translation.override("ar"):
        page = reverse("portal_auth:notifications")
    choices = {f"kind_{kind}": ["in_app"] for kind in Notification.Kind.values}
    choices["kind_absence"] = ["in_app", "sms"]
    assert client.post(page, {**choices, "language": "fr"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        make_absence(pupil, date=datetime.date(2025, 11, 3))
    assert mail.outbox == []
    texts = [m.text for m in sms_outbox]
    assert any(t.startswith(f"Absence de {pupil.first_name_latin} le 3 novembre") for t in texts)
    listed = client.get("/fr" + page).content.decode()
    assert f"Absence de {pupil.first_name_latin} le 3 novembre" in listed


def test_justified_absence_and_setting_off_send_nothing(
    family, settings, django_capture_on_commit_callbacks
):
    pupil, *_ = family
    with django_capture_on_commit_callbacks(execute=True):
        make_absence(pupil, date=datetime.date(2025, 11, 4), justified=True)
    settings.MAKTABA_PORTAL = {"ABSENCE_NOTICES": False}
    with django_capture_on_commit_callbacks(execute=True):
        make_absence(pupil, date=datetime.date(2025, 11, 5))
    assert mail.outbox == [] and sms_outbox == []
    assert not Notification.objects.exists()


def test_absence_outside_the_school_year_is_refused(family):
    pupil, *_ = family
    absence = Absence(
        pupil=pupil,
        school_class=pupil.enrolment_for().school_class,
        date=datetime.date(2026, 8, 1),
        hours=4,
    )
    with pytest.raises(Exception) as error:
        absence.full_clean()
    assert "outside the school year 2025-2026" in str(error.value)


CSV = (
    "Code Massar,Date,Période,Heures,Justifiée,Motif\n"
    "{code},03/11/2025,matin,4,non,\n"
    "{code},2025-11-04,journée,,oui,maladie\n"
)


def test_import_absences_dry_run_confirm_rerun_and_notices(
    family, django_capture_on_commit_callbacks
):
    pupil, *_ = family
    school = pupil.current_school
    data = ("\ufeff" + CSV.format(code=pupil.massar_code)).encode("utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        dry = import_absences(school, data, "a.csv", dry_run=True)
    assert dry.ok and dry.created == 2 and not Absence.objects.exists() and sms_outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        report = import_absences(school, data, "a.csv", dry_run=False)
    assert report.created == 2
    assert Absence.objects.get(period="day").hours == Decimal("8")
    assert len(sms_outbox) == 2  # only the unjustified one, to each guardian
    with django_capture_on_commit_callbacks(execute=True):
        again = import_absences(school, data, "a.csv", dry_run=False)
    assert again.unchanged == 2 and Absence.objects.count() == 2 and len(sms_outbox) == 2


def test_import_absences_bad_rows(family):
    pupil, *_ = family
    stranger = make_pupil()
    data = (
        "Code Massar;Date;Période;Heures;Justifiée\n"
        f"{pupil.massar_code};2026-08-01;matin;4;non\n"
        f"{stranger.massar_code};2025-11-03;matin;4;non\n"
        f"{pupil.massar_code};demain;soir;99;peut-être\n"
    ).encode("cp1256")
    report = import_absences(pupil.current_school, data, "a.csv", dry_run=False)
    errors = "\n".join(report.errors)
    assert "row 2, column B (Date): 2026-08-01 is outside the school year 2025-2026." in errors
    assert "row 3, column A (Code Massar)" in errors
    assert "row 4, column B (Date)" in errors and "row 4, column C (Période)" in errors
    assert "row 4, column D (Heures)" in errors and "row 4, column E (Justifiée)" in errors
    assert not Absence.objects.exists()


def test_absences_page_shows_own_totals(client, family):
    pupil, *_ = family
    make_absence(pupil, date=datetime.date(2025, 11, 3), hours="3")
    other = make_pupil(pupil.current_class)
    make_absence(other, date=datetime.date(2025, 11, 4), reason="SECRET-REASON")
    user = give_pupil_account(pupil)
    client.force_login(user)
    page = client.get(reverse("portal_auth:absences")).content.decode()
    assert "SECRET-REASON" not in page
    assert ">3<" in page
