"""Moving a guardian link recorded under the wrong CIN to the right guardian.

School A's pupil was linked to the wrong guardian (``wrong``), who activated and sees the child.
``wrong`` also has a child at school R (another academy): the move at A ends A's link only and
never touches ``wrong``'s account, names or R's link. The right guardian may be new (created with
the names the staff member gives) or already known (their names are left as they are).
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal_auth.accounts import activation, codes, relinking
from portal_auth.importers.pupils import import_pupils
from portal_auth.models import (
    Academy,
    ActivationCode,
    Guardian,
    GuardianLink,
    Notification,
    RecordAccess,
    SecurityEvent,
)
from portal_auth.tasks import notify_absence_task
from tests.factories.records import make_absence, year_containing_today
from tests.factories.schools import (
    give_guardian_account,
    link_guardian,
    make_class,
    make_directorate,
    make_guardian,
    make_pupil,
    make_school,
    make_staff,
)

pytestmark = pytest.mark.django_db

RIGHT_CIN = "K998877"
NAMES = {"first_name_latin": "Fatima", "last_name_latin": "Zahraoui", "last_name_ar": "الزهراوي"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    year = year_containing_today()
    casa = make_directorate(Academy.objects.get(slug="casablanca-settat"))
    school_a, school_b = make_school(casa), make_school(casa)
    school_r = make_school(make_directorate(Academy.objects.get(slug="rabat-sale-kenitra")))
    pupil_a = make_pupil(make_class(school_a, year=year), last_name_ar="المنقول")
    pupil_r = make_pupil(make_class(school_r, year=year), last_name_ar="الرباطي")
    wrong = make_guardian(last_name_latin="Wrongcin")
    link = link_guardian(wrong, pupil_a)
    link_r = link_guardian(wrong, pupil_r)
    user = give_guardian_account(wrong)
    return {
        "pupil_a": pupil_a,
        "pupil_r": pupil_r,
        "wrong": wrong,
        "wrong_user": user,
        "link": link,
        "link_r": link_r,
        "code": codes.issue_guardian_code(link).record,
        "code_r": codes.issue_guardian_code(link_r).record,
        "teacher_a": make_staff("teacher", school_a),
        "staff_a": make_staff("admin_staff", school_a),
        "director_a": make_staff("director", school_a),
        "staff_b": make_staff("admin_staff", school_b),
        "staff_r": make_staff("admin_staff", school_r),
        "directorate": make_staff("director", casa),
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


# --- the service --------------------------------------------------------------------------------


def test_moves_the_link_to_a_new_guardian_created_with_the_names(world):
    moved = relinking.move_link(world["link"].pk, "k99-8877", world["staff_a"], names=NAMES)
    right = Guardian.objects.get(cin=RIGHT_CIN)
    assert moved.guardian_created
    assert (right.last_name_latin, right.last_name_ar) == ("Zahraoui", "الزهراوي")
    assert moved.new_link.guardian == right and moved.new_link.pupil == world["pupil_a"]
    assert moved.new_link.confirmed_at is None and moved.new_link.suspended_at is None
    assert moved.new_link.relationship == world["link"].relationship
    old = GuardianLink.objects.get(pk=world["link"].pk)  # kept, not deleted
    assert old.guardian == world["wrong"]
    assert old.ended_at is not None and old.suspended_at is not None


def test_the_old_guardian_loses_the_child_at_once_and_keeps_the_rest(world):
    client = Client()
    client.force_login(world["wrong_user"])
    assert "المنقول" in client.get(reverse("portal_auth:home")).content.decode()
    relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    page = client.get(reverse("portal_auth:home")).content.decode()  # same session
    assert "المنقول" not in page
    assert "الرباطي" in page
    wrong = Guardian.objects.get(pk=world["wrong"].pk)
    assert wrong.user.is_active and wrong.last_name_latin == "Wrongcin"
    assert GuardianLink.objects.get(pk=world["link_r"].pk).suspended_at is None


def test_revokes_the_old_links_codes_only(world):
    moved = relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    assert moved.codes_revoked == 1
    assert ActivationCode.objects.get(pk=world["code"].pk).revoked_at is not None
    assert ActivationCode.objects.get(pk=world["code_r"].pk).revoked_at is None


def test_logs_who_and_both_guardians(world):
    moved = relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LINK_MOVED)
    assert event.actor == world["staff_a"]
    assert event.pupil == world["pupil_a"]
    assert event.guardian == moved.new_link.guardian
    assert event.school == world["pupil_a"].current_school
    assert world["wrong"].cin in event.detail and RIGHT_CIN in event.detail
    assert event.created_at is not None


def test_an_existing_right_guardian_keeps_their_names(world):
    right = make_guardian(cin=RIGHT_CIN, last_name_latin="Known")
    moved = relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    assert not moved.guardian_created and moved.new_link.guardian == right
    assert Guardian.objects.get(pk=right.pk).last_name_latin == "Known"


@pytest.mark.parametrize("who", ["staff_b", "staff_r", "teacher_a"])
def test_refuses_a_link_beyond_the_staff_members_school_or_role(world, who):
    with pytest.raises(relinking.LinkOutOfScope):
        relinking.move_link(world["link"].pk, RIGHT_CIN, world[who], names=NAMES)
    assert GuardianLink.objects.get(pk=world["link"].pk).ended_at is None
    assert not Guardian.objects.filter(cin=RIGHT_CIN).exists()


def test_refuses_the_same_guardian(world):
    with pytest.raises(relinking.SameGuardian):
        relinking.move_link(world["link"].pk, world["wrong"].cin.lower(), world["staff_a"])
    assert GuardianLink.objects.get(pk=world["link"].pk).ended_at is None


@pytest.mark.parametrize("bad", ["", "123456", "ABC12345678", "A-B-"])
def test_refuses_a_bad_cin(world, bad):
    with pytest.raises(relinking.InvalidCin):
        relinking.move_link(world["link"].pk, bad, world["staff_a"], names=NAMES)
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LINK_MOVED).exists()


def test_a_new_guardian_needs_a_name(world):
    with pytest.raises(relinking.NameRequired):
        relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names={})
    assert GuardianLink.objects.get(pk=world["link"].pk).ended_at is None


def test_refuses_a_guardian_already_linked_to_the_child(world):
    link_guardian(make_guardian(cin=RIGHT_CIN), world["pupil_a"])
    with pytest.raises(relinking.AlreadyLinked):
        relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"])


def test_an_ended_link_is_never_moved_nor_lifted_again(world):
    relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    with pytest.raises(relinking.LinkAlreadyEnded):
        relinking.move_link(world["link"].pk, "M123456", world["staff_a"], names=NAMES)
    activation.enable_guardian(world["wrong"], world["staff_a"])
    assert GuardianLink.objects.get(pk=world["link"].pk).suspended_at is not None


# --- the screen ---------------------------------------------------------------------------------


def _url(world) -> str:
    return reverse("portal_auth_staff:move_link", args=[world["link"].pk])


def test_screen_get_shows_the_link_and_the_form(world):
    response = _client(world["staff_a"]).get(_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert world["wrong"].cin in page and 'name="cin"' in page


def test_screen_post_moves_and_offers_the_new_code(world):
    client = _client(world["staff_a"])
    response = client.post(_url(world), {"cin": RIGHT_CIN, **NAMES})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal_auth_staff:guardians") + f"?q={RIGHT_CIN}"
    new_link = GuardianLink.objects.get(guardian__cin=RIGHT_CIN)
    # the existing flow prints the new link's code; the old link's code screen is gone
    issued = client.post(reverse("portal_auth_staff:guardian_code", args=[new_link.pk]))
    assert issued["Content-Type"] == "application/pdf"
    assert (
        client.post(reverse("portal_auth_staff:guardian_code", args=[world["link"].pk])).status_code
        == 404
    )


def test_screen_bad_input_keeps_the_form_and_changes_nothing(world):
    client = _client(world["staff_a"])
    response = client.post(_url(world), {"cin": "12", **NAMES})
    assert response.status_code == 200
    assert response.context["form"].has_error("cin", "invalid_cin")
    assert 'value="Zahraoui"' in response.content.decode()  # what was typed is kept
    response = client.post(_url(world), {"cin": world["wrong"].cin})
    assert response.status_code == 200
    assert str(relinking.SameGuardian.message) in response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert GuardianLink.objects.get(pk=world["link"].pk).ended_at is None


@pytest.mark.parametrize(
    "who, expected",
    [
        ("teacher_a", 403),
        ("staff_a", 200),
        ("director_a", 200),
        ("directorate", 200),
        ("staff_b", 404),
        ("staff_r", 404),
    ],
)
def test_screen_permission_for_each_staff_role(world, who, expected):
    client = _client(world[who])
    assert client.get(_url(world)).status_code == expected
    response = client.post(_url(world), {"cin": RIGHT_CIN, **NAMES})
    assert response.status_code == (302 if expected == 200 else expected)
    assert GuardianLink.objects.filter(guardian__cin=RIGHT_CIN).exists() == (expected == 200)


def test_screen_refuses_pupils_guardians_and_anonymous(world):
    anonymous = Client().get(_url(world))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    guardian = Client()
    guardian.force_login(world["wrong_user"])
    response = guardian.post(_url(world), {"cin": RIGHT_CIN, **NAMES})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not GuardianLink.objects.filter(guardian__cin=RIGHT_CIN).exists()


# --- an ended link stays closed everywhere ------------------------------------------------------


def test_class_slips_print_no_code_for_an_ended_link(world):
    moved = relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    entries = codes.issue_for_class(world["pupil_a"].current_class, world["staff_a"])
    guardians = {entry.guardian for entry in entries if entry.guardian is not None}
    assert guardians == {moved.new_link.guardian}


def test_a_code_left_over_does_not_reopen_an_ended_link(world):
    relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    activation._open_link(world["link"], world["link"].confirmed_at)
    assert GuardianLink.objects.get(pk=world["link"].pk).suspended_at is not None


def test_absence_notice_skips_the_ended_link(world, mailoutbox):
    Guardian.objects.filter(pk=world["wrong"].pk).update(email="wrong@example.org")
    relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    GuardianLink.objects.filter(pk=world["link"].pk).update(suspended_at=None)  # belt and braces
    absence = make_absence(world["pupil_a"], date=world["pupil_a"].enrolment_for().year.starts_on)
    assert notify_absence_task.call(absence.pk) == 1  # the right guardian only
    assert not Notification.objects.filter(guardian=world["wrong"]).exists()
    assert all("wrong@example.org" not in mail.to for mail in mailoutbox)


def test_importing_the_wrong_cin_again_leaves_the_link_ended(world):
    relinking.move_link(world["link"].pk, RIGHT_CIN, world["staff_a"], names=NAMES)
    pupil, wrong = world["pupil_a"], world["wrong"]
    data = (
        "Code Massar,Nom,Prénom,Classe,CIN tuteur,Nom tuteur,Prénom tuteur,Téléphone,Lien\n"
        f"{pupil.massar_code},{pupil.last_name_latin},{pupil.first_name_latin},"
        f"{pupil.current_class.name},{wrong.cin},Wrongcin,Mohammed,,Père\n"
    ).encode()
    report = import_pupils(pupil.current_school, data, "eleves.csv", dry_run=False)
    assert report.errors == []
    link = GuardianLink.objects.get(pk=world["link"].pk)
    assert link.ended_at is not None and link.suspended_at is not None
    assert GuardianLink.objects.filter(guardian=wrong, pupil=pupil).count() == 1


def test_the_screen_is_in_the_log_of_staff_views(world):
    _client(world["staff_a"]).get(_url(world))
    seen = RecordAccess.objects.get(actor=world["staff_a"])
    assert (seen.pupil, seen.kind) == (world["pupil_a"], RecordAccess.Kind.PERSONAL)
