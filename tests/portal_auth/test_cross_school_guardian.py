"""A guardian shared by two schools in two academies: each school acts on its own link only.

The audit: staff of school C1 (Casablanca-Settat) issued a code for the link between
a guardian and the guardian's C1 child; entering it reset the guardian's password, so C1 (or
whoever C1 handed the slip to) read the marks and absences of the guardian's other child, at
school L1 (Rabat-Salé-Kénitra). C1 could also disable the guardian everywhere. Everything here
goes over HTTP: the code is read from the slip PDF that C1's admin screen answers with.
"""

import datetime
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from portal_auth.accounts import activation
from portal_auth.desk.document_requests import move, submit_request
from portal_auth.models import Absence, Academy, ActivationCode, GuardianLink, Notification
from portal_auth.staff.views import SPANNING_ACCOUNT_CODE, spanning_accounts_message
from portal_auth.tasks import notify_absence_task
from tests.factories.desk import local_at, open_every_day
from tests.factories.records import make_absence, publish, put_mark, year_containing_today
from tests.factories.schools import (
    TEST_PASSWORD,
    give_guardian_account,
    link_guardian,
    make_class,
    make_directorate,
    make_guardian,
    make_pupil,
    make_school,
    make_staff,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing"),
]

ATTACKER_PASSWORD = "chosen-by-school-c1"
PAGES = ("home", "marks", "absences")
# What only each child's own pages show: a mark (shown with a decimal comma) and a reason.
MARKERS = {"c1": ("11,75", "REASON-C1-CHILD"), "l1": ("17,25", "REASON-L1-CHILD")}
CODE_PATTERN = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b")


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


@pytest.fixture
def world():
    year = year_containing_today()
    casa = Academy.objects.get(slug="casablanca-settat")
    rabat = Academy.objects.get(slug="rabat-sale-kenitra")
    school_c1 = make_school(make_directorate(casa))
    school_l1 = make_school(make_directorate(rabat))
    class_c1 = make_class(school_c1, level="2BAC", year=year)
    class_l1 = make_class(school_l1, level="2BAC", year=year)
    children = {"c1": make_pupil(class_c1), "l1": make_pupil(class_l1)}
    yesterday = max(year.starts_on, timezone.localdate() - datetime.timedelta(days=1))
    for key, school_class, subject in (("c1", class_c1, "svt"), ("l1", class_l1, "mathematiques")):
        mark, reason = MARKERS[key]
        put_mark(children[key], school_class, subject, "test_1", mark.replace(",", "."))
        make_absence(children[key], date=yesterday, reason=reason)
        publish(school_class)
    guardian = make_guardian()
    links = {key: link_guardian(guardian, child) for key, child in children.items()}
    give_guardian_account(guardian)
    return {
        "guardian": guardian,
        "children": children,
        "links": links,
        "staff_c1": make_staff("admin_staff", school_c1),
        "director_c1": make_staff("director", school_c1),
        "staff_l1": make_staff("admin_staff", school_l1),
    }


def code_from_slip(response) -> str:
    """The code printed on the slip PDF an admin screen answered with."""
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"],
        input=b"".join(response.streaming_content),
        capture_output=True,
        check=True,
    ).stdout.decode()
    return CODE_PATTERN.search(text).group(0)


def issue_code(staff: Client, link) -> str:
    return code_from_slip(staff.post(reverse("portal_auth_staff:guardian_code", args=[link.pk])))


def activate(
    client: Client, guardian, pupil, code: str, password: str = ATTACKER_PASSWORD, **extra
):
    data = {
        "cin": guardian.cin,
        "massar_code": pupil.massar_code,
        "code": code,
        "password1": password,
        "password2": password,
        "consent": "on",
    }
    return client.post(reverse("portal_auth:activate_guardian"), data | extra)


def sign_in(password: str, guardian) -> Client:
    client = Client()
    client.post(reverse("portal_auth:login"), {"identifier": guardian.cin, "password": password})
    return client


def seen(client: Client, children) -> set[str]:
    """The children whose markers the client meets on any page, selecting each child in turn."""
    found = set()
    for child in children.values():
        client.post(reverse("portal_auth:switch_child"), {"pupil": child.pk})
        for page in PAGES:
            response = client.get(reverse(f"portal_auth:{page}"))
            if response.status_code != 200:
                continue
            text = response.content.decode()
            found |= {key for key, markers in MARKERS.items() if any(m in text for m in markers)}
    return found


def test_the_guardian_sees_both_children_to_begin_with(world):
    assert seen(sign_in(TEST_PASSWORD, world["guardian"]), world["children"]) == {"c1", "l1"}


def test_a_c1_code_does_not_reset_the_shared_guardians_account(world, client_for):
    guardian, children = world["guardian"], world["children"]
    code = issue_code(client_for(world["staff_c1"]), world["links"]["c1"])
    intruder = Client()
    response = activate(intruder, guardian, children["c1"], code, email="c1@example.ma")
    # Refused, and told how to go on: sign in with the existing account, then add the child.
    assert response.status_code == 200
    page = response.content.decode()
    assert str(activation.EXISTING_ACCOUNT_MESSAGE) in page
    assert reverse("portal_auth:login") in page
    assert "_auth_user_id" not in intruder.session
    assert seen(intruder, children) == set()
    guardian.user.refresh_from_db()
    assert guardian.user.check_password(TEST_PASSWORD)
    assert not guardian.user.check_password(ATTACKER_PASSWORD)
    assert guardian.user.email == ""
    assert seen(sign_in(ATTACKER_PASSWORD, guardian), children) == set()
    # The code is not spent: the guardian, signed in, adds (here: re-confirms) the C1 child with it.
    assert ActivationCode.objects.get(guardian=guardian).status == "active"
    owner = sign_in(TEST_PASSWORD, guardian)
    response = owner.post(
        reverse("portal_auth:add_child"), {"massar_code": children["c1"].massar_code, "code": code}
    )
    assert response.status_code == 302
    assert ActivationCode.objects.get(guardian=guardian).status == "used"
    assert seen(owner, children) == {"c1", "l1"}


def test_a_c1_code_for_an_unconfirmed_c1_link_only_adds_that_child(world, client_for):
    guardian, children = world["guardian"], world["children"]
    GuardianLink.objects.filter(pk=world["links"]["c1"].pk).update(confirmed_at=None)
    owner = sign_in(TEST_PASSWORD, guardian)
    assert seen(owner, children) == {"l1"}
    code = issue_code(client_for(world["director_c1"]), world["links"]["c1"])
    assert str(activation.EXISTING_ACCOUNT_MESSAGE) in (
        activate(Client(), guardian, children["c1"], code).content.decode()
    )
    owner.post(
        reverse("portal_auth:add_child"), {"massar_code": children["c1"].massar_code, "code": code}
    )
    assert seen(owner, children) == {"c1", "l1"}


def test_a_guardian_wholly_in_one_school_is_still_reset_by_that_schools_code(world, client_for):
    guardian, children = world["guardian"], world["children"]
    GuardianLink.objects.filter(pk=world["links"]["l1"].pk).delete()
    code = issue_code(client_for(world["staff_c1"]), world["links"]["c1"])
    response = activate(Client(), guardian, children["c1"], code, password="a-new-passphrase-9")
    assert response.status_code == 302
    guardian.user.refresh_from_db()
    assert guardian.user.check_password("a-new-passphrase-9")


def test_c1_disabling_suspends_only_the_c1_link(world, client_for):
    guardian, children = world["guardian"], world["children"]
    signed_in_before = sign_in(TEST_PASSWORD, guardian)
    url = reverse("portal_auth_staff:guardian_account", args=[guardian.pk])
    assert client_for(world["staff_c1"]).post(url, {"action": "disable"}).status_code == 302
    guardian.user.refresh_from_db()
    assert guardian.user.is_active
    assert seen(signed_in_before, children) == {"l1"}
    assert seen(sign_in(TEST_PASSWORD, guardian), children) == {"l1"}
    switch = signed_in_before.post(
        reverse("portal_auth:switch_child"), {"pupil": children["c1"].pk}
    )
    assert switch.status_code == 404
    # L1's staff are unaffected: they still list the guardian with their child and issue codes.
    l1 = client_for(world["staff_l1"])
    listing = l1.get(reverse("portal_auth_staff:guardians")).content.decode()
    assert guardian.cin in listing and children["l1"].last_name_ar in listing
    assert children["c1"].last_name_ar not in listing
    assert code_from_slip(
        l1.post(reverse("portal_auth_staff:guardian_code", args=[world["links"]["l1"].pk]))
    )
    # C1 enables again: both children are back.
    assert client_for(world["staff_c1"]).post(url, {"action": "enable"}).status_code == 302
    assert seen(signed_in_before, children) == {"c1", "l1"}


def test_only_when_every_school_suspended_its_link_is_the_account_shut(world, client_for):
    guardian, children = world["guardian"], world["children"]
    signed_in_before = sign_in(TEST_PASSWORD, guardian)
    url = reverse("portal_auth_staff:guardian_account", args=[guardian.pk])
    client_for(world["staff_c1"]).post(url, {"action": "disable"})
    client_for(world["staff_l1"]).post(url, {"action": "disable"})
    guardian.user.refresh_from_db()
    assert not guardian.user.is_active
    assert seen(signed_in_before, children) == set()
    assert seen(sign_in(TEST_PASSWORD, guardian), children) == set()
    # L1 lifting its own suspension gives back the L1 child only.
    client_for(world["staff_l1"]).post(url, {"action": "enable"})
    assert seen(sign_in(TEST_PASSWORD, guardian), children) == {"l1"}


def test_c1_disabling_a_guardian_wholly_in_c1_still_disables_the_account(world, client_for):
    guardian, children = world["guardian"], world["children"]
    GuardianLink.objects.filter(pk=world["links"]["l1"].pk).delete()
    signed_in_before = sign_in(TEST_PASSWORD, guardian)
    url = reverse("portal_auth_staff:guardian_account", args=[guardian.pk])
    client_for(world["staff_c1"]).post(url, {"action": "disable"})
    guardian.user.refresh_from_db()
    assert not guardian.user.is_active
    assert signed_in_before.get(reverse("portal_auth:home")).status_code == 302  # signed out
    client_for(world["staff_c1"]).post(url, {"action": "enable"})
    assert seen(sign_in(TEST_PASSWORD, guardian), children) == {"c1"}


def test_the_guardian_list_says_which_links_are_suspended(world, client_for):
    guardian = world["guardian"]
    c1 = client_for(world["staff_c1"])
    c1.post(
        reverse("portal_auth_staff:guardian_account", args=[guardian.pk]), {"action": "disable"}
    )
    listing = c1.get(reverse("portal_auth_staff:guardians")).content.decode()
    assert translation.gettext("suspended by the school") in listing


def test_staff_are_told_when_their_codes_cannot_reset_the_account(world, client_for):
    c1 = client_for(world["staff_c1"])
    code_from_slip(
        c1.post(reverse("portal_auth_staff:guardian_code", args=[world["links"]["c1"].pk]))
    )
    assert (
        str(SPANNING_ACCOUNT_CODE)
        in c1.get(reverse("portal_auth_staff:guardians")).content.decode()
    )
    school_class = world["children"]["c1"].current_class
    code_from_slip(
        c1.post(reverse("portal_auth_staff:class_slips", args=[school_class.pk]), {"who": "both"})
    )
    page = c1.get(reverse("portal_auth_staff:guardians")).content.decode()
    assert spanning_accounts_message(1) in page
    # A guardian wholly in C1: no warning.
    GuardianLink.objects.filter(pk=world["links"]["l1"].pk).delete()
    code_from_slip(
        c1.post(reverse("portal_auth_staff:guardian_code", args=[world["links"]["c1"].pk]))
    )
    assert str(SPANNING_ACCOUNT_CODE) not in (
        c1.get(reverse("portal_auth_staff:guardians")).content.decode()
    )


def test_a_suspended_link_stops_mail_and_notifications_about_that_child(
    world, django_capture_on_commit_callbacks, client_for
):
    guardian, children = world["guardian"], world["children"]
    guardian.email = guardian.user.email = "parent@example.ma"
    guardian.save(update_fields=["email"])
    guardian.user.save(update_fields=["email"])
    open_every_day(children["c1"].current_school)
    request = submit_request(guardian.user, children["c1"], "certificate")
    url = reverse("portal_auth_staff:guardian_account", args=[guardian.pk])
    client_for(world["staff_c1"]).post(url, {"action": "disable"})
    with django_capture_on_commit_callbacks(execute=True):
        move(request, "scheduled", world["staff_c1"], slot_start=local_at(2, 9))
    assert not Notification.objects.filter(recipient=guardian.user).exists()
    assert notify_absence_task.call(Absence.objects.get(pupil=children["c1"]).pk) == 0
    assert notify_absence_task.call(Absence.objects.get(pupil=children["l1"]).pk) == 1
