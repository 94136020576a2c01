"""Request pages of families and of the staff desk: scoping, bad input, bulk scheduling, day list."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal_auth.desk.document_requests import move, submit_request
from portal_auth.models import DocumentRequest, OpeningHours
from tests.factories.desk import desk_staff, family, in_english, local_at  # noqa: F401  (fixture)
from tests.factories.schools import make_pupil

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
S = DocumentRequest.Status


@pytest.fixture
def two_schools():
    a = family()
    b = family()
    return a, b


def test_guardian_asks_for_a_certificate_and_sees_it(client):
    _school, pupil, _guardian, user = family()
    client.force_login(user)
    response = client.post(
        reverse("portal_auth:request_new"),
        {"pupil": pupil.pk, "kind": "certificate", "note": "<b>urgent</b>"},
        follow=True,
    )
    assert response.status_code == 200
    request = DocumentRequest.objects.get()
    assert request.requester == user and request.status == S.PENDING
    html = response.content.decode()
    assert "&lt;b&gt;urgent&lt;/b&gt;" in html and "<b>urgent</b>" not in html
    listing = client.get(reverse("portal_auth:request_list")).content.decode()
    assert reverse("portal_auth:request_detail", args=[request.pk]) in listing


def test_posting_a_child_not_theirs_stores_nothing(client):
    _school, _pupil, _guardian, user = family()
    stranger = make_pupil()
    client.force_login(user)
    response = client.post(
        reverse("portal_auth:request_new"), {"pupil": stranger.pk, "kind": "certificate"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert not DocumentRequest.objects.exists()


def test_duplicate_is_explained_on_the_form(client):
    _school, pupil, _guardian, user = family()
    client.force_login(user)
    data = {"pupil": pupil.pk, "kind": "transcript"}
    client.post(reverse("portal_auth:request_new"), data)
    response = client.post(reverse("portal_auth:request_new"), data)
    assert response.status_code == 200
    assert "already open" in response.content.decode()
    assert DocumentRequest.objects.count() == 1


def test_families_never_see_each_others_requests(client, two_schools):
    (_sa, pupil_a, _ga, user_a), (_sb, _pb, _gb, user_b) = two_schools
    request = submit_request(user_a, pupil_a, "certificate")
    client.force_login(user_b)
    for name in ("request_detail",):
        assert client.get(reverse(f"portal_auth:{name}", args=[request.pk])).status_code == 404
    assert client.post(reverse("portal_auth:request_cancel", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == S.PENDING


def test_requester_cancels_and_changes_slot_through_the_pages(client):
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    client.force_login(user)
    page = client.get(reverse("portal_auth:request_detail", args=[request.pk])).content.decode()
    assert 'name="slot"' in page
    response = client.post(
        reverse("portal_auth:request_slot", args=[request.pk]),
        {"slot": local_at(2, 11).isoformat()},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.slot.starts_at == local_at(2, 11)
    # outside the hours: a clear message, nothing changes
    client.post(
        reverse("portal_auth:request_slot", args=[request.pk]),
        {"slot": local_at(2, 20).isoformat()},
    )
    request.refresh_from_db()
    assert request.slot.starts_at == local_at(2, 11)
    client.post(reverse("portal_auth:request_cancel", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == S.CANCELLED


def test_staff_of_school_b_never_see_school_a(client, two_schools):
    (school_a, pupil_a, _ga, user_a), (school_b, pupil_b, _gb, user_b) = two_schools
    request_a = submit_request(user_a, pupil_a, "certificate")
    request_b = submit_request(user_b, pupil_b, "transcript")
    staff_b = desk_staff(school_b)
    client.force_login(staff_b)
    queue = client.get(reverse("portal_requests_staff:queue") + "?status=all").content.decode()
    assert pupil_b.massar_code in queue and pupil_a.massar_code not in queue
    assert (
        client.get(reverse("portal_requests_staff:detail", args=[request_a.pk])).status_code == 404
    )
    response = client.post(
        reverse("portal_requests_staff:action", args=[request_a.pk]),
        {"action": "reject", "reason": "non"},
    )
    assert response.status_code == 404
    client.post(reverse("portal_requests_staff:bulk_schedule"), {"requests": [request_a.pk]})
    request_a.refresh_from_db()
    assert request_a.status == S.PENDING
    day_list = reverse("portal_requests_staff:day_list")
    assert client.get(day_list + f"?school={school_a.pk}").status_code == 404
    assert pupil_b.massar_code not in client.get(day_list).content.decode()  # not scheduled
    threads = client.get(reverse("portal_requests_staff:threads"))
    assert threads.status_code == 200
    assert request_b.school == school_b


def test_teachers_and_families_are_kept_out_of_the_desk(client):
    school, _pupil, _guardian, user = family()
    teacher = desk_staff(school, role="teacher")
    for who in (teacher, user):
        client.force_login(who)
        response = client.get(reverse("portal_requests_staff:queue"))
        assert response.status_code in (302, 403)


def test_bulk_scheduling_gives_the_next_free_slots(client):
    school, pupil, guardian, user = family()  # capacity 2 per slot
    school.opening_hours.update(capacity=1)
    staff = desk_staff(school)
    requests = [
        submit_request(user, pupil, "certificate"),
        submit_request(user, pupil, "transcript"),
        submit_request(user, pupil, "other", other_label="Attestation"),
    ]
    client.force_login(staff)
    response = client.post(
        reverse("portal_requests_staff:bulk_schedule"),
        {"requests": [r.pk for r in requests]},
    )
    assert response.status_code == 302
    slots = [DocumentRequest.objects.get(pk=r.pk).slot.starts_at for r in requests]
    assert len(set(slots)) == 3 and slots == sorted(slots)


def test_staff_schedule_a_typed_time_and_bad_ones_are_refused(client):
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    client.force_login(staff)
    url = reverse("portal_requests_staff:action", args=[request.pk])
    day = local_at(3, 0).date().isoformat()
    for bad in ({"day": day, "time": "19:00"}, {"day": "2001-01-01", "time": "09:00"}, {}):
        response = client.post(url, {"action": "schedule", **bad}, follow=True)
        assert response.status_code == 200
        request.refresh_from_db()
        assert request.status == S.PENDING
    client.post(url, {"action": "schedule", "day": day, "time": "10:30"})
    request.refresh_from_db()
    assert request.status == S.SCHEDULED and request.slot.starts_at == local_at(3, 10, 30)
    page = client.get(reverse("portal_requests_staff:detail", args=[request.pk]))
    assert page.status_code == 200


def test_day_list_and_dashboard_counts(client):
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    submit_request(user, pupil, "transcript")
    move(request, S.SCHEDULED, staff, slot_start=local_at(1, 9))
    client.force_login(staff)
    day = local_at(1, 0).date().isoformat()
    page = client.get(reverse("portal_requests_staff:day_list") + f"?day={day}").content.decode()
    assert pupil.massar_code in page and "09:00" in page
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="count-pending">1<' in dashboard


def test_opening_hours_are_managed_in_the_desk(client):
    school, *_ = family()
    other_school = family()[0]
    staff = desk_staff(school)
    client.force_login(staff)
    url = reverse("portal_requests_staff:hours")
    assert client.get(url).status_code == 200
    before = OpeningHours.objects.count()
    bad = {
        "school": school.pk,
        "weekday": 0,
        "opens_at": "12:00",
        "closes_at": "09:00",
        "slot_minutes": 30,
        "capacity": 2,
    }
    assert client.post(url, bad).status_code == 200
    assert OpeningHours.objects.count() == before
    client.post(url, {**bad, "school": other_school.pk, "opens_at": "17:00", "closes_at": "18:00"})
    assert OpeningHours.objects.count() == before
    hours = OpeningHours.objects.filter(school=other_school).first()
    client.post(url, {"delete": hours.pk})
    assert OpeningHours.objects.filter(pk=hours.pk).exists()
    good = {**bad, "weekday": 0, "opens_at": "17:00", "closes_at": "18:00"}
    assert client.post(url, good).status_code == 302
    assert OpeningHours.objects.count() == before + 1


def test_absurd_ids_and_dates_are_a_4xx_or_an_empty_result(client):
    school, pupil, _guardian, user = family()
    staff = desk_staff(school)
    huge = "9" * 30
    client.force_login(staff)
    queue = reverse("portal_requests_staff:queue")
    for query in (f"?school={huge}", "?since=2026-13-45&day=x&kind=<b>", f"?p={huge}"):
        assert client.get(queue + query).status_code == 200
    assert client.get(reverse("portal_requests_staff:day_list") + "?day=nope").status_code == 200
    response = client.post(
        reverse("portal_requests_staff:bulk_schedule"), {"requests": [huge, "-1"]}
    )
    assert response.status_code == 302
    assert client.get(f"/admin/requests/{huge}/").status_code == 404
    client.force_login(user)
    assert client.get(f"/account/requests/{huge}/").status_code == 404
    assert client.get(f"/account/messages/attachments/{huge}/").status_code == 404
    bad_slot = client.post(f"/account/requests/{huge}/slot/", {"slot": "not a date"})
    assert bad_slot.status_code == 404


def test_pages_and_refusals_speak_arabic_by_default(client):
    _school, pupil, _guardian, user = family()
    client.force_login(user)
    with translation.override("ar"):
        url = reverse("portal_auth:request_new")
    assert not url.startswith("/en/")
    page = client.get(url).content.decode()
    assert 'dir="rtl"' in page and "شهادة مدرسية" in page and "بيان النقط" in page
    data = {"pupil": pupil.pk, "kind": "certificate"}
    client.post(url, data)
    refused = client.post(url, data).content.decode()
    assert "يوجد طلب مفتوح لهذه الوثيقة" in refused
    french = client.get("/fr" + url).content.decode()
    assert 'dir="ltr"' in french and "certificat de scolarité" in french


def test_oversized_and_scripted_request_fields_store_nothing(client):
    _school, pupil, _guardian, user = family()
    client.force_login(user)
    response = client.post(
        reverse("portal_auth:request_new"),
        {
            "pupil": pupil.pk,
            "kind": "other",
            "other_label": "<script>alert(1)</script>" * 10_000,
            "note": "x" * 1_000_000,
        },
    )
    assert response.status_code == 200
    assert len(response.content) < 50_000
    assert "<script>alert" not in response.content.decode()
    assert not DocumentRequest.objects.exists()


def test_directorate_staff_see_every_school_of_their_directorate_only():
    from portal_auth.desk.document_requests import requests_for_staff
    from portal_auth.desk.school_messages import start_thread, threads_for_staff
    from tests.factories.schools import make_directorate, make_school, make_staff

    directorate = make_directorate()
    inside = [family(make_school(directorate)) for _ in range(2)]
    outside = family()
    for _school, pupil, _guardian, user in (*inside, outside):
        submit_request(user, pupil, "certificate")
        start_thread(user, pupil, "idea", "Idée", "Un potager")
    officer = make_staff("admin_staff", directorate)
    visible = set(requests_for_staff(officer).values_list("pupil", flat=True))
    assert visible == {inside[0][1].pk, inside[1][1].pk}
    assert set(threads_for_staff(officer).values_list("pupil", flat=True)) == visible
    teacher = make_staff("teacher", inside[0][0])
    assert not requests_for_staff(teacher).exists() and not threads_for_staff(teacher).exists()


def test_the_space_shows_coming_appointments_and_staff_see_who_asked(client):
    school, pupil, guardian, user = family()
    staff = desk_staff(school)
    request = submit_request(user, pupil, "certificate")
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    client.force_login(user)
    home = client.get(reverse("portal_auth:home")).content.decode()
    assert reverse("portal_auth:request_detail", args=[request.pk]) in home
    assert local_at(2, 9).isoformat() in home
    client.force_login(staff)
    page = client.get(reverse("portal_requests_staff:detail", args=[request.pk])).content.decode()
    assert guardian.full_name in page and guardian.phone in page
