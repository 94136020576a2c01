"""The notification service: defaults and choices, one SMS segment per kind and language, the
daily cap, idempotence, bad numbers, a school's switch, two children in two schools, published
marks and test dates, and the staff screen of what was sent."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from library.sms import encoding, numbers
from library.sms.backends.locmem import outbox as sms_outbox
from library.sms.models import SmsMessage, SmsStatus
from library.sms.tasks import send_due_sms_task
from portal_auth.desk.notifying import preferences, texts
from portal_auth.models import Channel, Notification, NotificationPreference
from portal_auth.tasks import notify_absence_task
from tests.factories.desk import choose_channels
from tests.factories.records import make_absence, make_assessment, publish
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
)

pytestmark = pytest.mark.django_db
K = Notification.Kind
DAY = datetime.date(2025, 11, 3)


@pytest.fixture(autouse=True)
def sms_box():
    sms_outbox.clear()
    yield sms_outbox
    sms_outbox.clear()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- Preferences ------------------------------------------------------------------------------


def test_defaults_are_in_app_everywhere_and_sms_for_absences():
    assert preferences.chosen(None, K.ABSENCE) == {Channel.IN_APP, Channel.SMS}
    for kind in K.values:
        assert Channel.EMAIL not in preferences.chosen(None, kind)
        assert Channel.IN_APP in preferences.chosen(None, kind)
    assert preferences.chosen(None, K.MARKS_PUBLISHED) == {Channel.IN_APP}


def test_the_form_keeps_each_kind_and_the_language(client_for):
    client = client_for("guardian")
    page = reverse("portal_auth:notifications")
    choices = {f"kind_{kind}": [] for kind in K.values}
    choices.update(kind_marks_published=["sms", "email"], kind_absence=["in_app"], language="fr")
    assert client.post(page, choices).status_code == 302
    preference = NotificationPreference.objects.get(user=client.user)
    assert preferences.chosen(preference, K.MARKS_PUBLISHED) == {Channel.SMS, Channel.EMAIL}
    assert preferences.chosen(preference, K.ABSENCE) == {Channel.IN_APP}
    assert preferences.chosen(preference, K.ASSESSMENT) == frozenset()
    assert preference.language == "fr"
    body = client.get(page).content.decode()
    assert 'name="kind_marks_published" value="sms"' in body.replace(" checked", "")


# --- Texts --------------------------------------------------------------------------------------

LONG = {
    "first_name_ar": "عبد الرحمن محمد أمين",
    "last_name_ar": "الإدريسي العلوي",
    "first_name_latin": "Abderrahmane-Mohamed-Amine",
    "last_name_latin": "El Idrissi El Alaoui",
}
LONG_SCHOOL = {
    "name_ar": "الثانوية التأهيلية الأمير مولاي عبد الله بن الحسن العلوي",
    "name_fr": "Lycée qualifiant Prince Moulay Abdellah Ben El Hassan El Alaoui",
}
DATA = {
    K.ABSENCE: {"date": "2025-12-28", "period": "afternoon"},
    K.MARKS_PUBLISHED: {"semester": 2},
    K.ASSESSMENT: {
        "date": "2025-12-28",
        "kind": "exam_regional",
        "subject": {
            "ar": "علوم الحياة والأرض",
            "fr": "Sciences de la vie et de la terre",
            "en": "Life and earth sciences",
        },
    },
    K.REQUEST_STATUS: {"status": "scheduled"},
    K.MESSAGE_REPLY: {},
    K.ASSIGNMENT_NEW: {"date": "2025-12-28"},
    K.ASSIGNMENT_DUE: {"date": "2025-12-28"},
}


def test_every_kind_in_every_language_fits_one_segment_with_long_names():
    school = make_school(**LONG_SCHOOL)
    pupil = make_pupil(make_class(school), **LONG)
    assert set(DATA) == set(K.values)
    for kind, data in DATA.items():
        notification = Notification(kind=kind, pupil=pupil, school=school, data=data)
        for language in ("ar", "fr", "en"):
            text = texts.sms_text(kind, language, texts.values(notification, language))
            shape = encoding.layout(text)
            assert shape.segments == 1, (kind, language, text, shape)
            expected = encoding.UCS2 if language == "ar" else encoding.GSM7
            assert shape.encoding == expected, (kind, language, text)
            first = LONG["first_name_ar" if language == "ar" else "first_name_latin"]
            assert first[:6] in text, (kind, language, text)
            if "date" in data:
                month = {"ar": "دجنبر", "fr": "décembre", "en": "December"}[language]
                assert f"28 {month}" in text, (kind, language, text)


def test_short_names_are_kept_whole_and_french_is_folded_to_gsm7():
    school = make_school(name_ar="ثانوية ابن سينا", name_fr="Lycée Ibn Sina")
    pupil = make_pupil(make_class(school), first_name_ar="سلمى", first_name_latin="Salma")
    notification = Notification(kind=K.ABSENCE, pupil=pupil, school=school, data=DATA[K.ABSENCE])
    ar = texts.sms_text(K.ABSENCE, "ar", texts.values(notification, "ar"))
    assert ar == "غياب سلمى مساء يوم 28 دجنبر - ثانوية ابن سينا"
    fr = texts.sms_text(K.ABSENCE, "fr", texts.values(notification, "fr"))
    assert fr == "Absence de Salma le 28 décembre (après-midi) - Lycée Ibn Sina"
    assert (
        texts.fold_to_gsm7("Collège Ibn Khaldoûn, Fès — dîner")
        == "Collège Ibn Khaldoun, Fès — diner"
    )


# --- Sending ------------------------------------------------------------------------------------


@pytest.fixture
def family():
    school = make_school(name_ar="ثانوية ابن سينا", name_fr="Lycée Ibn Sina")
    pupil = make_pupil(make_class(school), first_name_ar="سلمى", first_name_latin="Salma")
    guardian = make_guardian(phone="0612345678", preferred_language="ar")
    link_guardian(guardian, pupil)
    return school, pupil, guardian


def test_an_absence_is_one_sms_and_one_notification_however_often_the_task_runs(family, on_commit):
    _school, pupil, guardian = family
    with on_commit():
        absence = make_absence(pupil, date=DAY, period="morning")
    assert notify_absence_task.call(absence.pk) == 0
    assert notify_absence_task.call(absence.pk) == 0
    send_due_sms_task.call()
    (sms,) = sms_box_texts = list(sms_outbox)
    assert sms.to == "+212612345678" and sms.encoding == encoding.UCS2
    assert sms_box_texts[0].text == "غياب سلمى صباحا يوم 3 نونبر - ثانوية ابن سينا"
    notification = Notification.objects.get()
    assert notification.sms.status == SmsStatus.SENT and notification.recipient is None


def test_the_daily_cap_keeps_the_rest_in_the_space(family, settings, on_commit):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "SMS_DAILY_CAP": 2}
    _school, pupil, guardian = family
    give_guardian_account(guardian)
    with on_commit():
        for day in (3, 4, 5):
            make_absence(pupil, date=DAY.replace(day=day))
    assert len(sms_outbox) == 2
    notes = sorted(Notification.objects.values_list("sms_note", flat=True))
    assert notes == ["", "", Notification.SmsNote.DAILY_CAP]
    assert Notification.objects.filter(in_app=True).count() == 3


def test_a_bad_number_is_recorded_for_staff_and_never_tried(family, client_for, on_commit):
    school, pupil, guardian = family
    guardian.phone = "0522123456"  # a fixed line
    guardian.save()
    with on_commit():
        make_absence(pupil, date=DAY)
    message = SmsMessage.objects.get()
    assert message.status == SmsStatus.REFUSED and message.last_error == "number:fixed_line"
    assert send_due_sms_task.call() == 0 and sms_outbox == []
    page = client_for("admin_staff", school).get(
        reverse("portal_auth_records:text_messages"), {"pupil": pupil.pk}
    )
    with translation.override("ar"):  # the admin speaks the staff member's language
        reason = numbers.reason("fixed_line")
    assert reason in page.content.decode() and "0522123456" in page.content.decode()


def test_a_school_can_turn_sms_off(family, client_for, on_commit):
    school, pupil, _guardian = family
    staff = client_for("director", school)
    url = reverse("portal_auth_records:text_messages")
    assert staff.post(url, {"school": school.pk}).status_code == 302  # box unticked
    school.refresh_from_db()
    assert school.sms_enabled is False
    with on_commit():
        make_absence(pupil, date=DAY)
    assert sms_outbox == [] and not SmsMessage.objects.exists()
    assert Notification.objects.get().sms_note == Notification.SmsNote.SCHOOL_OFF
    # A teacher of the school, or staff of another school, cannot switch it.
    teacher = client_for("teacher", school)
    teacher.post(url, {"school": school.pk, "sms_enabled": "on"})
    client_for("director", make_school()).post(url, {"school": school.pk, "sms_enabled": "on"})
    school.refresh_from_db()
    assert school.sms_enabled is False


def test_a_guardian_of_two_children_in_two_schools_reads_of_each_child_alone(client_for, on_commit):
    first_school = make_school(name_ar="ثانوية ابن سينا", name_fr="Lycée Ibn Sina")
    second_school = make_school(name_ar="إعدادية الفارابي", name_fr="Collège Al Farabi")
    salma = make_pupil(make_class(first_school), first_name_ar="سلمى", first_name_latin="Salma")
    omar = make_pupil(make_class(second_school), first_name_ar="عمر", first_name_latin="Omar")
    guardian = make_guardian(phone="0612345678")
    link_guardian(guardian, salma)
    link_guardian(guardian, omar)
    user = give_guardian_account(guardian)
    choose_channels(user, marks_published=["in_app", "sms"])
    with on_commit():
        make_absence(salma, date=DAY)
        publish(omar.current_class, 1)
    texts_sent = {m.text for m in sms_outbox}
    about_salma = next(t for t in texts_sent if "سلمى" in t)
    about_omar = next(t for t in texts_sent if "عمر" in t)
    assert "ابن سينا" in about_salma and "الفارابي" not in about_salma and "عمر" not in about_salma
    assert "الفارابي" in about_omar and "ابن سينا" not in about_omar and "سلمى" not in about_omar
    # Each school's staff see their own pupil's message only.
    first_staff = client_for("admin_staff", first_school)
    page = first_staff.get(reverse("portal_auth_records:text_messages")).content.decode()
    assert "ابن سينا" in page and "الفارابي" not in page
    listing = first_staff.get(
        reverse("portal_auth_records:text_messages"), {"pupil": omar.pk}
    ).content.decode()
    assert "عمر" not in listing


def test_published_marks_and_test_dates_reach_the_class_families_once(client_for, on_commit):
    school_class = make_class()
    pupil = make_pupil(school_class, first_name_latin="Salma")
    pupil_user = give_pupil_account(pupil)
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    guardian_user = give_guardian_account(guardian)
    unconfirmed = make_guardian()
    link_guardian(unconfirmed, pupil, confirmed=False)
    give_guardian_account(unconfirmed)
    stranger = make_pupil(make_class(school_class.school))
    with on_commit():
        publish(school_class, 1)
        assessment = make_assessment(school_class, date=datetime.date(2025, 12, 8))
    for kind in (K.MARKS_PUBLISHED, K.ASSESSMENT):
        recipients = set(
            Notification.objects.filter(kind=kind, in_app=True).values_list("recipient", flat=True)
        )
        assert recipients == {pupil_user.pk, guardian_user.pk}, kind
    assert not Notification.objects.filter(pupil=stranger).exists()
    assert sms_outbox == []  # in the space only, by default
    with on_commit():
        assessment.note = "chapitre 3"
        assessment.save()
    assert Notification.objects.filter(kind=K.ASSESSMENT).count() == 2
    with on_commit():
        assessment.date = datetime.date(2025, 12, 9)
        assessment.save()
    assert Notification.objects.filter(kind=K.ASSESSMENT).count() == 4
    client = client_for(guardian_user)
    page = client.get(reverse("portal_auth:notifications")).content.decode()
    assert "Test in Mathematics for Salma on 9 December" in page
    assert "Salma&#x27;s semester 1 marks are published" in page
    assert reverse("portal_auth:marks") in page


def test_an_absence_long_past_is_told_in_the_space_not_by_sms(family, settings, on_commit):
    """An old file imported late: the guardians find the absences in their space, and their
    phones stay quiet; this week's absence still goes by SMS."""
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ABSENCE_SMS_MAX_AGE_DAYS": 7}
    _school, pupil, guardian = family
    give_guardian_account(guardian)
    old = DAY
    recent = timezone.localdate() - datetime.timedelta(days=2)
    with on_commit():
        make_absence(pupil, date=old)
        make_absence(pupil, date=recent)
    notes = dict(Notification.objects.values_list("data__date", "sms_note"))
    assert notes == {old.isoformat(): Notification.SmsNote.PAST, recent.isoformat(): ""}
    assert len(sms_outbox) == 1
    assert Notification.objects.filter(in_app=True).count() == 2
