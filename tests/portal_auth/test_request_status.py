"""Document requests: submission rules and the status machine (illegal moves change nothing)."""

import pytest

from portal_auth.desk.document_requests import TRANSITIONS, RequestError, Side, move, submit_request
from portal_auth.models import AppointmentSlot, DocumentRequest, RequestEvent
from tests.factories.desk import family, in_english, local_at, school_staff  # noqa: F401  (fixture)
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_guardian,
    make_pupil,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
S = DocumentRequest.Status


@pytest.fixture
def setup():
    school, pupil, guardian, user = family()
    staff = school_staff(school)
    return school, pupil, user, staff


def test_submit_writes_a_pending_request_and_its_first_history_row(setup):
    school, pupil, user, _staff = setup
    request = submit_request(user, pupil, "certificate", note="pour la bourse")
    assert request.status == S.PENDING and request.school == school
    event = request.events.get()
    assert (event.actor, event.from_status, event.to_status) == (user, "", S.PENDING)


def test_duplicate_open_request_is_refused_with_a_clear_message(setup):
    _school, pupil, user, _staff = setup
    submit_request(user, pupil, "certificate")
    with pytest.raises(RequestError) as error:
        submit_request(user, pupil, "certificate")
    assert "already open" in str(error.value.message)
    assert DocumentRequest.objects.count() == 1
    # another document, or the same once closed, is fine
    submit_request(user, pupil, "transcript")
    submit_request(user, pupil, "other", other_label="Attestation de départ")
    with pytest.raises(RequestError):
        submit_request(user, pupil, "other", other_label="Attestation de départ")


def test_second_guardian_sees_the_duplicate_too(setup):
    _school, pupil, user, _staff = setup
    other = make_guardian()
    link_guardian(other, pupil)
    other_user = give_guardian_account(other)
    submit_request(user, pupil, "certificate")
    with pytest.raises(RequestError):
        submit_request(other_user, pupil, "certificate")


def test_cancelled_request_can_be_asked_again(setup):
    _school, pupil, user, _staff = setup
    first = submit_request(user, pupil, "certificate")
    move(first, S.CANCELLED, user)
    second = submit_request(user, pupil, "certificate")
    assert second.pk != first.pk


def test_request_for_a_child_not_theirs_or_not_confirmed_is_refused(setup):
    _school, _pupil, user, _staff = setup
    stranger = make_pupil()
    with pytest.raises(RequestError):
        submit_request(user, stranger, "certificate")
    unconfirmed = make_pupil()
    guardian = user.guardian
    link_guardian(guardian, unconfirmed, confirmed=False)
    with pytest.raises(RequestError):
        submit_request(user, unconfirmed, "certificate")
    assert not DocumentRequest.objects.exists()


def test_pupil_account_requests_for_itself(setup):
    _school, pupil, _user, _staff = setup
    pupil_user = give_pupil_account(pupil)
    assert submit_request(pupil_user, pupil, "transcript").requester == pupil_user


def test_other_document_needs_a_name(setup):
    _school, pupil, user, _staff = setup
    with pytest.raises(RequestError):
        submit_request(user, pupil, "other", other_label="   ")
    with pytest.raises(RequestError):
        submit_request(user, pupil, "diploma")


def test_flood_of_requests_is_refused_after_the_daily_limit(setup, settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "REQUESTS_PER_DAY": 2}
    _school, pupil, user, _staff = setup
    submit_request(user, pupil, "certificate")
    submit_request(user, pupil, "transcript")
    with pytest.raises(RequestError) as error:
        submit_request(user, pupil, "other", other_label="x")
    assert "tomorrow" in str(error.value.message)
    assert DocumentRequest.objects.count() == 2


def test_full_happy_path_leaves_a_complete_history(setup):
    _school, pupil, user, staff = setup
    request = submit_request(user, pupil, "certificate")
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    move(request, S.READY, staff)
    move(request, S.COLLECTED, staff)
    events = list(request.events.values_list("from_status", "to_status", "actor"))
    assert events == [
        ("", S.PENDING, user.pk),
        (S.PENDING, S.SCHEDULED, staff.pk),
        (S.SCHEDULED, S.READY, staff.pk),
        (S.READY, S.COLLECTED, staff.pk),
    ]
    assert request.events.get(to_status=S.SCHEDULED).slot_starts_at == local_at(2, 9)


ALL = [s.value for s in S]
REQUESTER_ILLEGAL = [
    (frm, to)
    for frm in ALL
    for to in ALL
    if Side.REQUESTER not in TRANSITIONS.get((frm, to), frozenset())
]


def _bring_to(status, request, user, staff):
    path = {
        S.PENDING: [],
        S.SCHEDULED: [S.SCHEDULED],
        S.READY: [S.SCHEDULED, S.READY],
        S.COLLECTED: [S.SCHEDULED, S.READY, S.COLLECTED],
        S.REJECTED: [S.REJECTED],
        S.CANCELLED: [S.CANCELLED],
    }[status]
    for step in path:
        who = user if step == S.CANCELLED else staff
        move(request, step, who, slot_start=local_at(2, 10), reason="Dossier incomplet")


@pytest.mark.parametrize(
    "frm,to",
    [(f, t) for f in ALL for t in ALL if Side.STAFF not in TRANSITIONS.get((f, t), frozenset())],
)
def test_staff_illegal_moves_are_refused_and_change_nothing(setup, frm, to):
    _school, pupil, user, staff = setup
    request = submit_request(user, pupil, "certificate")
    _bring_to(frm, request, user, staff)
    request.refresh_from_db()
    before = (request.status, request.slot_id, RequestEvent.objects.count())
    seats = list(AppointmentSlot.objects.values_list("pk", "booked"))
    with pytest.raises(RequestError):
        move(request, to, staff, slot_start=local_at(3, 11), reason="x")
    request.refresh_from_db()
    assert (request.status, request.slot_id, RequestEvent.objects.count()) == before
    assert list(AppointmentSlot.objects.values_list("pk", "booked")) == seats


@pytest.mark.parametrize("frm,to", REQUESTER_ILLEGAL)
def test_requester_illegal_moves_are_refused(setup, frm, to):
    _school, pupil, user, staff = setup
    request = submit_request(user, pupil, "certificate")
    _bring_to(frm, request, user, staff)
    request.refresh_from_db()
    with pytest.raises(RequestError):
        move(request, to, user, slot_start=local_at(3, 11), reason="x")
    request.refresh_from_db()
    assert request.status == frm


def test_teacher_and_other_school_staff_may_not_move_requests(setup):
    school, pupil, user, _staff = setup
    request = submit_request(user, pupil, "certificate")
    teacher = school_staff(school, role="teacher")
    outsider = school_staff(family()[0])
    for who in (teacher, outsider):
        with pytest.raises(RequestError):
            move(request, S.REJECTED, who, reason="non")
    request.refresh_from_db()
    assert request.status == S.PENDING


def test_rejection_needs_a_reason_and_frees_the_seat(setup):
    _school, pupil, user, staff = setup
    request = submit_request(user, pupil, "certificate")
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    slot = AppointmentSlot.objects.get()
    assert slot.booked == 1
    with pytest.raises(RequestError):
        move(request, S.REJECTED, staff, reason="  ")
    request = move(request, S.REJECTED, staff, reason="L'élève a quitté l'école")
    slot.refresh_from_db()
    assert slot.booked == 0 and request.slot is None
    assert request.rejection_reason == "L'élève a quitté l'école"
    assert request.events.last().note == "L'élève a quitté l'école"


def test_requester_picks_another_slot_and_the_old_seat_is_given_back(setup):
    _school, pupil, user, staff = setup
    request = submit_request(user, pupil, "certificate")
    move(request, S.SCHEDULED, staff, slot_start=local_at(2, 9))
    request = move(request, S.SCHEDULED, user, slot_start=local_at(2, 10))
    booked = dict(AppointmentSlot.objects.values_list("starts_at", "booked"))
    assert booked == {local_at(2, 9): 0, local_at(2, 10): 1}
    assert request.slot.starts_at == local_at(2, 10)
    move(request, S.CANCELLED, user)
    assert AppointmentSlot.objects.get(starts_at=local_at(2, 10)).booked == 0


def test_overlong_text_is_refused_by_the_service_too(setup):
    _school, pupil, user, _staff = setup
    with pytest.raises(RequestError):
        submit_request(user, pupil, "certificate", note="n" * 501)
    with pytest.raises(RequestError):
        submit_request(user, pupil, "other", other_label="o" * 121)
    assert not DocumentRequest.objects.exists()


def test_a_guardian_whose_link_was_removed_can_no_longer_act(setup):
    _school, pupil, user, _staff = setup
    request = submit_request(user, pupil, "certificate")
    user.guardian.links.all().delete()
    with pytest.raises(RequestError):
        move(request, S.CANCELLED, user)
