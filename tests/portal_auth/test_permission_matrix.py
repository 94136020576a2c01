"""The permission matrix: every role × every object × every view, as one table.

Objects, seen from the pupil ``own`` (school A, class A1) and their guardian:
``own`` the pupil themself · ``sibling`` the guardian's other child (school A, class A2) ·
``classmate`` another pupil of class A1 · ``other_school`` a pupil of school B (same
directorate as A) · ``other_academy`` a pupil of a school in another academy.

Outcomes: ``OK`` success (redirect back), ``PDF`` a slip PDF, ``SEEN``/``HIDDEN`` whether the
object appears on the page, ``LOGIN`` sent to a login page, ``ADMIN`` sent to the staff admin,
``403`` refused by role, ``404`` not found (out of scope: guessing IDs reveals nothing).
"""

import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from portal_auth.accounts import codes
from portal_auth.models import Academy, MessageThread
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_directorate,
    make_guardian,
    make_pupil,
    make_school,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

OBJECTS = ("own", "sibling", "classmate", "other_school", "other_academy")
OK, PDF, SEEN, HIDDEN, LOGIN, ADMIN = "OK", "PDF", "SEEN", "HIDDEN", "LOGIN", "ADMIN"

SCHOOL_A_VIEW = (SEEN, SEEN, SEEN, HIDDEN, HIDDEN)
SCHOOL_B_VIEW = (HIDDEN, HIDDEN, HIDDEN, SEEN, HIDDEN)
WIDE_VIEW = (SEEN, SEEN, SEEN, SEEN, HIDDEN)


def acts(success, reach):
    """Outcomes of an action for a role that may act on the ``reach`` objects (SEEN)."""
    return tuple(success if r == SEEN else 404 for r in reach)


# endpoint, role: outcome for (own, sibling, classmate, other_school, other_academy)
MATRIX = {
    "home": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (SEEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        "guardian": (SEEN, SEEN, HIDDEN, HIDDEN, HIDDEN),
        "teacher_a": (ADMIN,) * 5,
        "staff_a": (ADMIN,) * 5,
        "staff_b": (ADMIN,) * 5,
        "director_a": (ADMIN,) * 5,
        "directorate": (ADMIN,) * 5,
        "academy": (ADMIN,) * 5,
    },
    "switch_child": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (OK, 404, 404, 404, 404),
        "guardian": (OK, OK, 404, 404, 404),
        "teacher_a": (404,) * 5,
        "staff_a": (404,) * 5,
        "staff_b": (404,) * 5,
        "director_a": (404,) * 5,
        "directorate": (404,) * 5,
        "academy": (404,) * 5,
    },
    "staff_search": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": SCHOOL_A_VIEW,
        "staff_a": SCHOOL_A_VIEW,
        "staff_b": SCHOOL_B_VIEW,
        "director_a": SCHOOL_A_VIEW,
        "directorate": WIDE_VIEW,
        "academy": WIDE_VIEW,
    },
    "staff_list_by_class_id": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": SCHOOL_A_VIEW,
        "staff_a": SCHOOL_A_VIEW,
        "staff_b": SCHOOL_B_VIEW,
        "director_a": SCHOOL_A_VIEW,
        "directorate": WIDE_VIEW,
        "academy": WIDE_VIEW,
    },
    "guardian_list": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": SCHOOL_A_VIEW,
        "staff_a": SCHOOL_A_VIEW,
        "staff_b": SCHOOL_B_VIEW,
        "director_a": SCHOOL_A_VIEW,
        "directorate": WIDE_VIEW,
        "academy": WIDE_VIEW,
    },
    "my_data": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (SEEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
        "guardian": (SEEN, SEEN, HIDDEN, HIDDEN, HIDDEN),
        "teacher_a": (404,) * 5,
        "staff_a": (404,) * 5,
        "staff_b": (404,) * 5,
        "director_a": (404,) * 5,
        "directorate": (404,) * 5,
        "academy": (404,) * 5,
    },
    "staff_pupil_marks": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": acts(SEEN, SCHOOL_A_VIEW),
        "staff_a": acts(SEEN, SCHOOL_A_VIEW),
        "staff_b": acts(SEEN, SCHOOL_B_VIEW),
        "director_a": acts(SEEN, SCHOOL_A_VIEW),
        "directorate": acts(SEEN, WIDE_VIEW),
        "academy": acts(SEEN, WIDE_VIEW),
    },
    "code_list": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": SCHOOL_A_VIEW,
        "staff_a": SCHOOL_A_VIEW,
        "staff_b": SCHOOL_B_VIEW,
        "director_a": SCHOOL_A_VIEW,
        "directorate": WIDE_VIEW,
        "academy": WIDE_VIEW,
    },
}
for _endpoint, _success in (
    ("issue_pupil_code", PDF),
    ("issue_guardian_code", PDF),
    ("class_slips", PDF),
    ("revoke_code", OK),
    ("disable_account", OK),
    ("move_link_page", SEEN),
    ("move_link", OK),
):
    MATRIX[_endpoint] = {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "teacher_a": (403, 403, 403, 404, 404),
        "staff_a": acts(_success, SCHOOL_A_VIEW),
        "staff_b": acts(_success, SCHOOL_B_VIEW),
        "director_a": acts(_success, SCHOOL_A_VIEW),
        "directorate": acts(_success, WIDE_VIEW),
        "academy": acts(_success, WIDE_VIEW),
    }

# Pages that depend on the role only: the import screen, the security log, the record-access log.
ROLE_PAGES = {
    # role: (import, log, access log)
    "anonymous": (LOGIN, LOGIN, LOGIN),
    "pupil": (LOGIN, LOGIN, LOGIN),
    "guardian": (LOGIN, LOGIN, LOGIN),
    "teacher_a": (403, 403, 403),
    "staff_a": (200, 403, 403),
    "staff_b": (200, 403, 403),
    "director_a": (200, 200, 200),
    "directorate": (200, 200, 200),
    "academy": (200, 403, 403),
}


@pytest.fixture
def world():
    casa, rabat = (
        Academy.objects.get(slug="casablanca-settat"),
        Academy.objects.get(slug="rabat-sale-kenitra"),
    )
    d1 = make_directorate(casa)
    school_a, school_b = make_school(d1), make_school(d1)
    school_r = make_school(make_directorate(rabat))
    a1, a2 = make_class(school_a), make_class(school_a)
    pupils = {
        "own": make_pupil(a1, last_name_latin="Ownpupil", last_name_ar="بناني"),
        "sibling": make_pupil(a2, last_name_latin="Siblingpupil", last_name_ar="التازي"),
        "classmate": make_pupil(a1, last_name_latin="Classmatepupil", last_name_ar="الإدريسي"),
        "other_school": make_pupil(
            make_class(school_b), last_name_latin="Otherschoolpupil", last_name_ar="الفاسي"
        ),
        "other_academy": make_pupil(
            make_class(school_r), last_name_latin="Otheracademypupil", last_name_ar="السوسي"
        ),
    }
    guardian = make_guardian()
    links = {
        "own": link_guardian(guardian, pupils["own"]),
        "sibling": link_guardian(guardian, pupils["sibling"]),
    }
    for key in ("classmate", "other_school", "other_academy"):
        links[key] = link_guardian(make_guardian(), pupils[key])
    issued = {key: codes.issue_pupil_code(pupil).record for key, pupil in pupils.items()}
    users = {
        "anonymous": None,
        "pupil": give_pupil_account(pupils["own"]),
        "guardian": give_guardian_account(guardian),
        "teacher_a": make_staff("teacher", school_a),
        "staff_a": make_staff("admin_staff", school_a),
        "staff_b": make_staff("admin_staff", school_b),
        "director_a": make_staff("director", school_a),
        "directorate": make_staff("director", d1),
        "academy": make_staff("admin_staff", casa),
    }
    for key, pupil in pupils.items():
        if key != "own":
            give_pupil_account(pupil)
    return {"pupils": pupils, "links": links, "codes": issued, "users": users}


def client_for(world, role: str) -> Client:
    client = Client()
    if world["users"][role] is not None:
        client.force_login(
            world["users"][role], backend="portal_auth.accounts.backends.StaffModelBackend"
        )
    return client


def call(client: Client, endpoint: str, world, key: str):
    """Perform ``endpoint`` on object ``key``; returns the response."""
    pupil = world["pupils"][key]
    if endpoint == "home":
        return client.get(reverse("portal_auth:home"))
    if endpoint == "switch_child":
        return client.post(reverse("portal_auth:switch_child"), {"pupil": pupil.pk})
    if endpoint == "staff_search":
        return client.get(reverse("portal_auth_staff:pupils"), {"q": pupil.massar_code})
    if endpoint == "staff_list_by_class_id":
        return client.get(reverse("portal_auth_staff:pupils"), {"class": pupil.current_class.pk})
    if endpoint == "guardian_list":
        return client.get(reverse("portal_auth_staff:guardians"))
    if endpoint == "code_list":
        return client.get(reverse("portal_auth_staff:codes"))
    if endpoint == "my_data":
        return client.get(reverse("portal_auth:my_data"))
    if endpoint == "staff_pupil_marks":
        return client.get(reverse("portal_auth_staff:pupil_marks", args=[pupil.pk]))
    if endpoint == "issue_pupil_code":
        return client.post(reverse("portal_auth_staff:pupil_code", args=[pupil.pk]))
    if endpoint == "issue_guardian_code":
        return client.post(
            reverse("portal_auth_staff:guardian_code", args=[world["links"][key].pk])
        )
    if endpoint == "class_slips":
        return client.post(
            reverse("portal_auth_staff:class_slips", args=[pupil.current_class.pk]), {"who": "both"}
        )
    if endpoint == "revoke_code":
        return client.post(reverse("portal_auth_staff:revoke_code", args=[world["codes"][key].pk]))
    if endpoint == "disable_account":
        return client.post(
            reverse("portal_auth_staff:pupil_account", args=[pupil.pk]), {"action": "disable"}
        )
    if endpoint == "move_link_page":
        return client.get(reverse("portal_auth_staff:move_link", args=[world["links"][key].pk]))
    if endpoint == "move_link":
        return client.post(
            reverse("portal_auth_staff:move_link", args=[world["links"][key].pk]),
            {"cin": "Z123456", "last_name_latin": "Rightguardian"},
        )
    raise AssertionError(endpoint)


def outcome(response, pupil) -> object:
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if "login" in location or "sign-in" in location:
            return LOGIN
        if location.rstrip("/").endswith("/admin"):
            return ADMIN
        return OK
    if status == 200:
        if response.get("Content-Type") == "application/pdf":
            return PDF
        page = response.content.decode()
        # the Massar code as an element's text (a search box echoing it does not count)
        names = (f">{pupil.massar_code}<", pupil.last_name_ar)
        return SEEN if any(name in page for name in names) else HIDDEN
    return status


def cases(matrix: dict, objects, prefix: str = "") -> list:
    """One test case per endpoint × role × object of ``matrix`` (role → one outcome per object)."""
    return [
        pytest.param(endpoint, role, key, expected[i], id=f"{prefix}{endpoint}-{role}-{key}")
        for endpoint, roles in matrix.items()
        for role, expected in roles.items()
        for i, key in enumerate(objects)
    ]


CASES = cases(MATRIX, OBJECTS)


@pytest.mark.parametrize("endpoint, role, key, expected", CASES)
def test_permission_matrix(world, endpoint, role, key, expected):
    response = call(client_for(world, role), endpoint, world, key)
    assert outcome(response, world["pupils"][key]) == expected


@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_role_pages(world, role):
    client = client_for(world, role)
    for url, expected in zip(
        (
            reverse("portal_auth_staff:import"),
            reverse("portal_auth_staff:log"),
            reverse("portal_auth_staff:access_log"),
        ),
        ROLE_PAGES[role],
        strict=True,
    ):
        response = client.get(url)
        got = (
            LOGIN
            if response.status_code == 302 and "login" in response["Location"]
            else response.status_code
        )
        assert got == expected, url


@pytest.mark.parametrize("role", ["staff_a", "guardian"])
def test_guessed_and_malformed_ids_are_404(world, role):
    client = client_for(world, role)
    for pk in (0, 999999, 2**40):
        if role == "staff_a":
            assert (
                client.post(reverse("portal_auth_staff:pupil_code", args=[pk])).status_code == 404
            )
            assert (
                client.post(reverse("portal_auth_staff:revoke_code", args=[pk])).status_code == 404
            )
        else:
            assert (
                client.post(reverse("portal_auth:switch_child"), {"pupil": pk}).status_code == 404
            )
    assert (
        client.post(reverse("portal_auth:switch_child"), {"pupil": "1 OR 1=1"}).status_code == 404
    )
    if role == "staff_a":
        page = client.get(
            reverse("portal_auth_staff:pupils"), {"class": "1 OR 1=1", "q": "%"}
        ).content.decode()
        assert "Otherschoolpupil" not in page


def test_actions_need_post(world):
    client = client_for(world, "staff_a")
    pupil = world["pupils"]["own"]
    assert client.get(reverse("portal_auth_staff:pupil_code", args=[pupil.pk])).status_code == 405
    assert client_for(world, "guardian").get(reverse("portal_auth:switch_child")).status_code == 405


# --- Families across two schools in two academies ---------------------------------------------
#
# One guardian with a child at school A (Casablanca-Settat) and a child at school R
# (Rabat-Salé-Kénitra), confirmed for both. Each school's staff reach their own child's link
# only; acting on the guardian (a new code, disabling) never reaches the other school's child.
# ``guardian_code_activation``: staff issue the guardian code for that child's link from the admin
# and someone activates with it and a new password: ``RESET`` if the guardian's password changed,
# ``KEPT`` if the existing account was left alone. ``disable_guardian``: staff disable the
# guardian, then what the guardian's own space shows of that child (``LOGIN``: the account is shut).

CROSS_OBJECTS = ("child_a", "child_r")
RESET, KEPT = "RESET", "KEPT"
A_VIEW, R_VIEW, BOTH_VIEW = (SEEN, HIDDEN), (HIDDEN, SEEN), (SEEN, SEEN)
CROSS_STAFF_VIEW = {
    "teacher_a": A_VIEW,
    "staff_a": A_VIEW,
    "director_a": A_VIEW,
    "academy_casa": A_VIEW,
    "staff_r": R_VIEW,
    "director_r": R_VIEW,
    "academy_rabat": R_VIEW,
    "superuser": BOTH_VIEW,
}
CROSS_MATRIX = {
    "home": {"anonymous": (LOGIN,) * 2, "guardian": BOTH_VIEW}
    | {role: (ADMIN,) * 2 for role in CROSS_STAFF_VIEW},
    "switch_child": {"anonymous": (LOGIN,) * 2, "guardian": (OK, OK)}
    | {role: (404,) * 2 for role in CROSS_STAFF_VIEW},
}
for _endpoint in ("staff_search", "staff_list_by_class_id", "guardian_list", "code_list"):
    CROSS_MATRIX[_endpoint] = {"anonymous": (LOGIN,) * 2, "guardian": (LOGIN,) * 2} | (
        CROSS_STAFF_VIEW
    )
for _endpoint, _success in (
    ("issue_pupil_code", PDF),
    ("issue_guardian_code", PDF),
    ("class_slips", PDF),
    ("revoke_code", OK),
    ("disable_account", OK),
    ("guardian_code_activation", KEPT),
):
    CROSS_MATRIX[_endpoint] = {
        "anonymous": (LOGIN,) * 2,
        "guardian": (LOGIN,) * 2,
        "teacher_a": (403, 404),
    } | {
        role: acts(_success, reach)
        for role, reach in CROSS_STAFF_VIEW.items()
        if role != "teacher_a"
    }
CROSS_MATRIX["guardian_code_activation"]["superuser"] = (RESET, RESET)  # reaches every child
CROSS_MATRIX["disable_guardian"] = {
    "anonymous": (LOGIN,) * 2,
    "guardian": (LOGIN,) * 2,
    "teacher_a": (403, 403),
    "staff_a": R_VIEW,
    "director_a": R_VIEW,
    "academy_casa": R_VIEW,
    "staff_r": A_VIEW,
    "director_r": A_VIEW,
    "academy_rabat": A_VIEW,
    "superuser": (LOGIN, LOGIN),
}


@pytest.fixture
def cross_world():
    casa, rabat = (
        Academy.objects.get(slug="casablanca-settat"),
        Academy.objects.get(slug="rabat-sale-kenitra"),
    )
    school_a = make_school(make_directorate(casa))
    school_r = make_school(make_directorate(rabat))
    pupils = {
        "child_a": make_pupil(
            make_class(school_a), last_name_latin="Casachild", last_name_ar="البيضاوي"
        ),
        "child_r": make_pupil(
            make_class(school_r), last_name_latin="Rabatchild", last_name_ar="الرباطي"
        ),
    }
    guardian = make_guardian()
    links = {key: link_guardian(guardian, pupil) for key, pupil in pupils.items()}
    superuser = make_user(is_superuser=True)
    users = {
        "anonymous": None,
        "guardian": give_guardian_account(guardian),
        "teacher_a": make_staff("teacher", school_a),
        "staff_a": make_staff("admin_staff", school_a),
        "director_a": make_staff("director", school_a),
        "academy_casa": make_staff("admin_staff", casa),
        "staff_r": make_staff("admin_staff", school_r),
        "director_r": make_staff("director", school_r),
        "academy_rabat": make_staff("admin_staff", rabat),
        "superuser": superuser,
    }
    for pupil in pupils.values():
        give_pupil_account(pupil)
    issued = {key: codes.issue_pupil_code(pupil).record for key, pupil in pupils.items()}
    return {
        "pupils": pupils,
        "links": links,
        "codes": issued,
        "users": users,
        "guardian": guardian,
    }


SLIP_CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b")
NEW_PASSWORD = "set-through-a-slip-9"


def code_activation_outcome(client: Client, world, key: str) -> object:
    """Issue the guardian code for ``key``'s link, activate with it; whether the account changed."""
    response = call(client, "issue_guardian_code", world, key)
    if outcome(response, world["pupils"][key]) != PDF:
        return outcome(response, world["pupils"][key])
    slip = subprocess.run(
        ["pdftotext", "-", "-"],
        input=b"".join(response.streaming_content),
        capture_output=True,
        check=True,
    ).stdout.decode()
    guardian = world["guardian"]
    Client().post(
        reverse("portal_auth:activate_guardian"),
        {
            "cin": guardian.cin,
            "massar_code": world["pupils"][key].massar_code,
            "code": SLIP_CODE.search(slip).group(0),
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "consent": "on",
        },
    )
    guardian.user.refresh_from_db()
    return RESET if guardian.user.check_password(NEW_PASSWORD) else KEPT


def disable_guardian_outcome(client: Client, world, key: str) -> object:
    """Disable the shared guardian; then what the guardian's space shows of ``key``'s child."""
    guardian_client = client_for(world, "guardian")
    response = client.post(
        reverse("portal_auth_staff:guardian_account", args=[world["guardian"].pk]),
        {"action": "disable"},
    )
    result = outcome(response, world["pupils"][key])
    if result != OK:
        return result
    return outcome(guardian_client.get(reverse("portal_auth:home")), world["pupils"][key])


CROSS_CASES = cases(CROSS_MATRIX, CROSS_OBJECTS, "cross-")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
@pytest.mark.parametrize("endpoint, role, key, expected", CROSS_CASES)
def test_cross_school_family_matrix(cross_world, endpoint, role, key, expected):
    client = client_for(cross_world, role)
    if endpoint == "guardian_code_activation":
        got = code_activation_outcome(client, cross_world, key)
    elif endpoint == "disable_guardian":
        got = disable_guardian_outcome(client, cross_world, key)
    else:
        got = outcome(call(client, endpoint, cross_world, key), cross_world["pupils"][key])
    assert got == expected


# --- Import runs ----------------------------------------------------------------------------
#
# A pupils import uploaded by school A's staff, checked and waiting for confirmation: who may see
# its page (the preview lists pupils' names) and who may confirm it. Only staff who may import
# for school A; school B's staff get a 404 (guessing a run's number reveals nothing).

IMPORT_RUN = {
    # role: (see the run's page, confirm it)
    "anonymous": (LOGIN, LOGIN),
    "pupil": (LOGIN, LOGIN),
    "guardian": (LOGIN, LOGIN),
    "teacher_a": (403, 403),
    "staff_a": (200, OK),
    "staff_b": (404, 404),
    "director_a": (200, OK),
    "directorate": (200, OK),
    "academy": (200, OK),
}
RUN_CSV = ("Code Massar;Nom;Prénom;Classe\r\nJ139999901;Runpupil;Salma;1BAC-SP-9\r\n").encode()


@pytest.mark.parametrize("role", list(IMPORT_RUN))
def test_import_run_page_and_confirm(world, role):
    from portal_auth.importers import runs

    school_a = world["pupils"]["own"].current_school
    run = runs.start_run(world["users"]["staff_a"], school_a, "pupils", "e.csv", RUN_CSV)
    runs.check_run(run.pk)
    run.refresh_from_db()
    assert run.status == "previewed"
    url = reverse("portal_auth_staff:import_run", args=[run.pk])
    client = client_for(world, role)
    got = []
    for response in (client.get(url), client.post(url, {"confirm": "1"})):
        if response.status_code == 302:
            got.append(LOGIN if "login" in response["Location"] else OK)
        else:
            got.append(response.status_code)
    assert tuple(got) == IMPORT_RUN[role]
    run.refresh_from_db()
    assert (run.status == "done") == (IMPORT_RUN[role][1] == OK)


# --- The records' viewsets, the records' pages and the request desk --------------------------
#
# Each of the five pupils of ``world`` has a mark, an absence, a document request and a message
# thread. Listings: whether the pupil's row is SEEN. An object's page: its status (200; 403 the
# role may not act on what it sees; 404 out of scope). The desk needs ``handle`` (administrative
# staff and directors): a teacher is refused with the 403 page, never sent back to the dashboard.

DESK_REACH = {
    "teacher_a": (403,) * 5,
    "staff_a": acts(200, SCHOOL_A_VIEW),
    "staff_b": acts(200, SCHOOL_B_VIEW),
    "director_a": acts(200, SCHOOL_A_VIEW),
    "directorate": acts(200, WIDE_VIEW),
    "academy": acts(200, WIDE_VIEW),
}
MANAGERS_ACT = {
    "teacher_a": (403, 403, 403, 404, 404),
    "staff_a": acts(200, SCHOOL_A_VIEW),
    "staff_b": acts(200, SCHOOL_B_VIEW),
    "director_a": acts(200, SCHOOL_A_VIEW),
    "directorate": acts(200, WIDE_VIEW),
    "academy": acts(200, WIDE_VIEW),
}
EVERY_ROLE_SEES = {
    "teacher_a": SCHOOL_A_VIEW,
    "staff_a": SCHOOL_A_VIEW,
    "staff_b": SCHOOL_B_VIEW,
    "director_a": SCHOOL_A_VIEW,
    "directorate": WIDE_VIEW,
    "academy": WIDE_VIEW,
}
HANDLERS_SEE = EVERY_ROLE_SEES | {"teacher_a": (403,) * 5}
NOT_STAFF = {"anonymous": (LOGIN,) * 5, "pupil": (LOGIN,) * 5, "guardian": (LOGIN,) * 5}

RECORD_MATRIX = {
    "marks_list": NOT_STAFF | EVERY_ROLE_SEES,
    "absences_list": NOT_STAFF | EVERY_ROLE_SEES,
    "mark_edit": NOT_STAFF | MANAGERS_ACT,
    "mark_delete": NOT_STAFF | MANAGERS_ACT,
    "mark_history": NOT_STAFF | MANAGERS_ACT,
    "absence_edit": NOT_STAFF | MANAGERS_ACT,
    "absence_delete": NOT_STAFF | MANAGERS_ACT,
    "request_queue": NOT_STAFF | HANDLERS_SEE,
    "thread_queue": NOT_STAFF | HANDLERS_SEE,
    "request_detail": NOT_STAFF | DESK_REACH,
    "thread_detail": NOT_STAFF | DESK_REACH,
}

# Pages that depend on the role only.
RECORD_ROLE_PAGES = {
    "portal_auth_records:publish_marks": (403, 200, 200, 200, 200, 200),
    "portal_auth_records:import": (403, 200, 200, 200, 200, 200),
    "portal_requests_staff:day_list": (403, 200, 200, 200, 200, 200),
    "portal_requests_staff:hours": (403, 200, 200, 200, 200, 200),
    "portal_marks:index": (200, 200, 200, 200, 200, 200),
    "portal_marks:add": (403, 403, 403, 403, 403, 403),
    "portal_absences:index": (200, 200, 200, 200, 200, 200),
    "portal_absences:add": (403, 403, 403, 403, 403, 403),
    "portal_assessments:index": (200, 200, 200, 200, 200, 200),
    "portal_assessments:add": (403, 200, 200, 200, 200, 200),
    "portal_timetable_slots:index": (200, 200, 200, 200, 200, 200),
    "portal_timetable_slots:add": (403, 200, 200, 200, 200, 200),
    "portal_semester_publications:index": (403, 200, 200, 200, 200, 200),
    "portal_semester_publications:add": (403, 403, 403, 403, 403, 403),
    "portal_subject_coefficients:index": (403, 200, 200, 200, 200, 200),
    "portal_subject_coefficients:add": (403, 403, 403, 403, 403, 403),
}
STAFF_ROLES = ("teacher_a", "staff_a", "staff_b", "director_a", "directorate", "academy")


@pytest.fixture
def records_world(world):
    from portal_auth.desk.document_requests import submit_request
    from portal_auth.desk.school_messages import start_thread
    from tests.factories.records import make_absence, put_mark

    guardians = {}
    for key, pupil in world["pupils"].items():
        school_class = pupil.current_class
        world.setdefault("marks", {})[key] = put_mark(
            pupil, school_class, "mathematiques", "test_1", "14"
        )
        world.setdefault("absences", {})[key] = make_absence(
            pupil, date=school_class.year.starts_on
        )
        guardian = world["links"][key].guardian
        if guardian.pk not in guardians:
            guardians[guardian.pk] = (
                world["users"]["guardian"] if key in ("own", "sibling") else None
            ) or give_guardian_account(guardian)
        account = guardians[guardian.pk]
        world.setdefault("requests", {})[key] = submit_request(account, pupil, "certificate")
        world.setdefault("threads", {})[key] = start_thread(
            account, pupil, MessageThread.Category.values[0], "Bulletin", "Question"
        )
    return world


def record_call(client: Client, endpoint: str, world, key: str):
    pupil = world["pupils"][key]
    by_name = {
        "marks_list": ("portal_marks:index", None),
        "absences_list": ("portal_absences:index", None),
        "mark_edit": ("portal_marks:edit", world["marks"]),
        "mark_delete": ("portal_marks:delete", world["marks"]),
        "mark_history": ("portal_marks:history", world["marks"]),
        "absence_edit": ("portal_absences:edit", world["absences"]),
        "absence_delete": ("portal_absences:delete", world["absences"]),
        "request_queue": ("portal_requests_staff:queue", None),
        "thread_queue": ("portal_requests_staff:threads", None),
        "request_detail": ("portal_requests_staff:detail", world["requests"]),
        "thread_detail": ("portal_requests_staff:thread", world["threads"]),
    }
    name, objects = by_name[endpoint]
    if objects is None:
        return client.get(reverse(name), {"q": pupil.massar_code} if "list" in endpoint else {})
    return client.get(reverse(name, args=[objects[key].pk]))


def record_outcome(response, pupil, endpoint: str) -> object:
    if response.status_code == 302 and "login" in response["Location"]:
        return LOGIN
    if response.status_code == 200 and (endpoint.endswith("_list") or "queue" in endpoint):
        page = response.content.decode()
        # the pupil's name in a row (the search box echoes the Massar code typed)
        return SEEN if pupil.last_name_latin in page or pupil.last_name_ar in page else HIDDEN
    return response.status_code


RECORD_CASES = cases(RECORD_MATRIX, OBJECTS, "records-")


@pytest.mark.parametrize("endpoint, role, key, expected", RECORD_CASES)
def test_records_and_desk_matrix(records_world, endpoint, role, key, expected):
    response = record_call(client_for(records_world, role), endpoint, records_world, key)
    got = record_outcome(response, records_world["pupils"][key], endpoint)
    assert got == expected


@pytest.mark.parametrize("name", list(RECORD_ROLE_PAGES))
def test_records_role_pages(world, name):
    got = tuple(client_for(world, role).get(reverse(name)).status_code for role in STAFF_ROLES)
    assert got == RECORD_ROLE_PAGES[name]
    for role in ("anonymous", "pupil", "guardian"):
        response = client_for(world, role).get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_a_refusal_is_a_403_page_not_a_redirect(world):
    """The same refusal everywhere: the admin's frame with the reason, status 403."""
    client = client_for(world, "teacher_a")
    for name in ("portal_requests_staff:queue", "portal_auth_staff:log", "portal_marks:add"):
        response = client.get(reverse(name))
        assert response.status_code == 403, name
        assert "portal_auth/staff/forbidden.html" in [t.name for t in response.templates], name


# --- Report cards ---------------------------------------------------------------------------
#
# Semester 1 is published for every class of the world. ``report_card``: the family's download of
# the object pupil's card; ``other_guardian`` is the classmate's guardian (their own account).
# ``class_report_cards``: the school's bulk print of the object pupil's class.

REPORT_CARD_MATRIX = {
    "report_card": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (PDF, 404, 404, 404, 404),
        "guardian": (PDF, PDF, 404, 404, 404),
        "other_guardian": (404, 404, PDF, 404, 404),
        "staff_a": (404,) * 5,
        "staff_b": (404,) * 5,
    },
    "class_report_cards": {
        "anonymous": (LOGIN,) * 5,
        "pupil": (LOGIN,) * 5,
        "guardian": (LOGIN,) * 5,
        "other_guardian": (LOGIN,) * 5,
        "teacher_a": (403,) * 5,
        "staff_a": acts(PDF, SCHOOL_A_VIEW),
        "staff_b": acts(PDF, SCHOOL_B_VIEW),
        "director_a": acts(PDF, SCHOOL_A_VIEW),
        "directorate": acts(PDF, WIDE_VIEW),
    },
}
REPORT_CARD_CASES = cases(REPORT_CARD_MATRIX, OBJECTS)


@pytest.mark.parametrize("endpoint, role, key, expected", REPORT_CARD_CASES)
def test_report_card_matrix(world, endpoint, role, key, expected):
    from portal_auth.models import SemesterPublication

    for pupil in world["pupils"].values():
        SemesterPublication.objects.get_or_create(school_class=pupil.current_class, semester=1)
    world["users"]["other_guardian"] = give_guardian_account(world["links"]["classmate"].guardian)
    pupil = world["pupils"][key]
    client = client_for(world, role)
    if endpoint == "report_card":
        url = reverse("portal_auth:report_card", args=[pupil.pk, 1])
    else:
        url = reverse("portal_auth_records:class_report_cards", args=[pupil.current_class.pk, 1])
    assert outcome(client.get(url), pupil) == expected
