"""The audit as part of the suite: every role reads every portal URL, with every object's id.

Three pupils in three schools: ``a`` (school A), ``b`` (school B, same directorate as A) and
``l`` (school L, in another academy). One guardian has children ``a`` and ``l``, across two
schools in two academies; another has ``b``. Each pupil's records carry a marker that nothing
else shows: the pupil's name, a published mark, an absence reason, a document request's note, a
message thread with a PDF attachment, a notification of the school's reply, a staff import of
the pupil waiting for confirmation.

Each role then requests every URL of the portal, the pupils' and guardians' spaces and the staff
screens, instantiated with the ids of *every* object of the world (guessed ids included), and
for a guardian or a pupil with each child selected. The markers met must be exactly the ones the
role may see: its own (pupil), its children's (guardian), its schools' (staff), none (the
catalogue's roles and the anonymous visitor). ``test_every_portal_url_is_swept`` fails when a URL
is added without being swept here or excluded with its reason.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from assignments import assigning, progress
from assignments.models import Assignment, Teaching
from catalog.site_setup import EDITORS, MODERATORS, TEACHERS
from portal_auth.accounts import codes
from portal_auth.desk import document_requests, school_messages
from portal_auth.models import (
    Absence,
    Academy,
    Assessment,
    DocumentRequest,
    GuardianLink,
    ImportRun,
    Mark,
    MessageThread,
    SemesterPublication,
    SubjectCoefficient,
    ThreadPost,
    TimetableSlot,
)
from tests.factories.catalog import make_resource
from tests.factories.desk import open_every_day
from tests.factories.records import (
    make_absence,
    make_assessment,
    make_slot,
    publish,
    put_mark,
    year_containing_today,
)
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

PUPILS = ("a", "b", "l")
MARK_VALUES = {"a": "11.37", "b": "12.48", "l": "13.59"}

# role → the pupils whose markers it may meet
MAY_SEE = {
    "anonymous": set(),
    "pupil_a": {"a"},
    "pupil_l": {"l"},
    "guardian_al": {"a", "l"},
    "guardian_b": {"b"},
    "teacher_a": {"a"},
    "staff_a": {"a"},
    "director_a": {"a"},
    "staff_b": {"b"},
    "staff_l": {"l"},
    "director_l": {"l"},
    "directorate_ab": {"a", "b"},
    "academy_casa": {"a", "b"},
    "academy_rabat": {"l"},
    "catalog_teacher": set(),
    "moderator": set(),
    "editor": set(),
}

# The records' Wagtail viewsets: every view, with every object's id.
STAFF_VIEWSETS = {
    "portal_marks": Mark,
    "portal_absences": Absence,
    "portal_assessments": Assessment,
    "portal_timetable_slots": TimetableSlot,
    "portal_semester_publications": SemesterPublication,
    "portal_subject_coefficients": SubjectCoefficient,
}

# Namespaces of the portal: every URL in them is swept or excluded below.
NAMESPACES = (
    "portal_auth",
    "portal_auth_staff",
    "portal_auth_records",
    "portal_requests_staff",
    "assignments",
    *STAFF_VIEWSETS,
)

EXCLUDED = {
    "portal_auth:logout": "ends the session being swept",
    "portal_auth:switch_child": "POST only; the sweep selects each child with it",
    "portal_auth:calendar_feed": "a bearer URL (its token is the secret): test_calendar_feed.py",
    "portal_auth:password_reset_confirm": "a bearer URL (uid and token): test_throttling.py",
    "assignments:done": "POST only: tests/assignments/test_permission_matrix.py",
    "assignments:position": "POST only: tests/assignments/test_resume.py",
    "assignments:pack_file": "named by the built pack's hash: tests/assignments/test_assignment_packs.py",
}


def _pk_urls(name: str, pks: Callable[[dict], Iterator[int]]) -> Callable[[dict], Iterator[str]]:
    def urls(world: dict) -> Iterator[str]:
        for pk in pks(world):
            yield reverse(name, args=[pk])

    return urls


def _plain(name: str, **query: str) -> Callable[[dict], Iterator[str]]:
    def urls(world: dict) -> Iterator[str]:
        url = reverse(name)
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        yield url

    return urls


def _with_args(name: str, *args_list: tuple) -> Callable[[dict], Iterator[str]]:
    def urls(world: dict) -> Iterator[str]:
        for args in args_list:
            yield reverse(name, args=list(args))

    return urls


def _pupil_pks(world):
    return (pupil.pk for pupil in world["pupils"].values())


def _every(model) -> Callable[[dict], Iterator[int]]:
    return lambda world: model.objects.order_by("pk").values_list("pk", flat=True)


def _text_messages(world) -> Iterator[str]:
    """The text messages sent, per batch and per pupil (every pupil's id)."""
    url = reverse("portal_auth_records:text_messages")
    yield url
    for pk in _pupil_pks(world):
        yield f"{url}?pupil={pk}"


def _staff_searches(world) -> Iterator[str]:
    url = reverse("portal_auth_staff:pupils")
    yield url
    for pupil in world["pupils"].values():
        yield f"{url}?q={pupil.massar_code}"
        yield f"{url}?q={pupil.last_name_latin}"
        yield f"{url}?class={pupil.current_class.pk}"


# URL name → the URLs to request (GET), built from the world
SWEEP: dict[str, Callable[[dict], Iterator[str]]] = {
    "portal_auth:home": _plain("portal_auth:home"),
    "portal_auth:login": _plain("portal_auth:login"),
    "portal_auth:activate_pupil": _plain("portal_auth:activate_pupil"),
    "portal_auth:activate_guardian": _plain("portal_auth:activate_guardian"),
    "portal_auth:activate_guardian_existing": _plain("portal_auth:activate_guardian_existing"),
    "portal_auth:add_child": _plain("portal_auth:add_child"),
    "portal_auth:marks": _plain("portal_auth:marks"),
    "portal_auth:timetable": _plain("portal_auth:timetable"),
    "portal_auth:calendar": _plain("portal_auth:calendar"),
    "portal_auth:absences": _plain("portal_auth:absences"),
    "portal_auth:my_data": _plain("portal_auth:my_data"),
    "portal_auth:my_data_download": _plain("portal_auth:my_data_download"),
    "portal_auth:password_reset": _plain("portal_auth:password_reset"),
    "portal_auth:password_reset_done": _plain("portal_auth:password_reset_done"),
    "portal_auth:password_reset_complete": _plain("portal_auth:password_reset_complete"),
    "portal_auth:request_list": _plain("portal_auth:request_list"),
    "portal_auth:request_new": _plain("portal_auth:request_new"),
    "portal_auth:request_detail": _pk_urls("portal_auth:request_detail", _every(DocumentRequest)),
    "portal_auth:request_cancel": _pk_urls("portal_auth:request_cancel", _every(DocumentRequest)),
    "portal_auth:request_slot": _pk_urls("portal_auth:request_slot", _every(DocumentRequest)),
    "portal_auth:thread_list": _plain("portal_auth:thread_list"),
    "portal_auth:thread_new": _plain("portal_auth:thread_new"),
    "portal_auth:thread_detail": _pk_urls("portal_auth:thread_detail", _every(MessageThread)),
    "portal_auth:attachment": _pk_urls("portal_auth:attachment", _every(ThreadPost)),
    "portal_auth:notifications": _plain("portal_auth:notifications"),
    "portal_auth:report_card": lambda world: (
        reverse("portal_auth:report_card", args=[pk, semester])
        for pk in _pupil_pks(world)
        for semester in (1, 2)
    ),
    "portal_auth_staff:pupils": _staff_searches,
    "portal_auth_staff:pupil_marks": _pk_urls("portal_auth_staff:pupil_marks", _pupil_pks),
    "portal_auth_staff:pupil_code": _pk_urls("portal_auth_staff:pupil_code", _pupil_pks),
    "portal_auth_staff:pupil_account": _pk_urls("portal_auth_staff:pupil_account", _pupil_pks),
    "portal_auth_staff:guardians": _plain("portal_auth_staff:guardians"),
    "portal_auth_staff:guardian_account": _pk_urls(
        "portal_auth_staff:guardian_account", lambda w: (g.pk for g in w["guardians"].values())
    ),
    "portal_auth_staff:guardian_code": _pk_urls(
        "portal_auth_staff:guardian_code", _every(GuardianLink)
    ),
    "portal_auth_staff:move_link": _pk_urls("portal_auth_staff:move_link", _every(GuardianLink)),
    "portal_auth_staff:classes": _plain("portal_auth_staff:classes"),
    "portal_auth_staff:class_slips": _pk_urls(
        "portal_auth_staff:class_slips",
        lambda w: (p.current_class.pk for p in w["pupils"].values()),
    ),
    "portal_auth_staff:codes": _plain("portal_auth_staff:codes"),
    "portal_auth_staff:revoke_code": _pk_urls(
        "portal_auth_staff:revoke_code", lambda w: (c.pk for c in w["codes"].values())
    ),
    "portal_auth_staff:import": _plain("portal_auth_staff:import"),
    "portal_auth_staff:import_kind": _with_args(
        "portal_auth_staff:import_kind", ("pupils",), ("directors",)
    ),
    "portal_auth_staff:import_template": _with_args(
        "portal_auth_staff:import_template",
        *(
            (kind, file_format)
            for kind in ("pupils", "marks", "timetable", "absences", "directors")
            for file_format in ("csv", "xlsx")
        ),
    ),
    "portal_auth_staff:import_run": _pk_urls("portal_auth_staff:import_run", _every(ImportRun)),
    "portal_auth_staff:log": _plain("portal_auth_staff:log"),
    "portal_auth_staff:access_log": _plain("portal_auth_staff:access_log"),
    "portal_auth_records:publish_marks": _plain("portal_auth_records:publish_marks"),
    "portal_auth_records:import": _plain("portal_auth_records:import"),
    "portal_auth_records:import_kind": _with_args(
        "portal_auth_records:import_kind", ("marks",), ("timetable",), ("absences",)
    ),
    "portal_auth_records:text_messages": _text_messages,
    "portal_auth_records:class_report_cards": lambda world: (
        reverse("portal_auth_records:class_report_cards", args=[class_pk, semester])
        for class_pk in sorted({p.current_class.pk for p in world["pupils"].values()})
        for semester in (1, 2)
    ),
    "portal_requests_staff:queue": _plain("portal_requests_staff:queue", status="all"),
    "portal_requests_staff:bulk_schedule": _plain("portal_requests_staff:bulk_schedule"),
    "portal_requests_staff:detail": _pk_urls(
        "portal_requests_staff:detail", _every(DocumentRequest)
    ),
    "portal_requests_staff:action": _pk_urls(
        "portal_requests_staff:action", _every(DocumentRequest)
    ),
    "portal_requests_staff:day_list": _plain("portal_requests_staff:day_list"),
    "portal_requests_staff:threads": _plain("portal_requests_staff:threads"),
    "portal_requests_staff:thread": _pk_urls("portal_requests_staff:thread", _every(MessageThread)),
    "portal_requests_staff:hours": _plain("portal_requests_staff:hours"),
    "assignments:todo": _plain("assignments:todo"),
    "assignments:teacher_list": _plain("assignments:teacher_list"),
    "assignments:teacher_new": _plain("assignments:teacher_new"),
    "assignments:teacher_edit": _pk_urls("assignments:teacher_edit", _every(Assignment)),
    "assignments:teacher_postpone": _pk_urls("assignments:teacher_postpone", _every(Assignment)),
    "assignments:teacher_withdraw": _pk_urls("assignments:teacher_withdraw", _every(Assignment)),
    "assignments:teacher_progress": _pk_urls("assignments:teacher_progress", _every(Assignment)),
    "assignments:pack": _pk_urls("assignments:pack", _every(Assignment)),
    "assignments:teacher_progress_export": lambda world: (
        reverse("assignments:teacher_progress_export", args=[pk, fmt])
        for pk in _every(Assignment)(world)
        for fmt in ("csv", "xlsx")
    ),
}

for _namespace, _model in STAFF_VIEWSETS.items():
    for _view in ("index", "index_results", "add"):
        SWEEP[f"{_namespace}:{_view}"] = _plain(f"{_namespace}:{_view}")
    for _view in ("edit", "delete", "history", "history_results", "usage"):
        SWEEP[f"{_namespace}:{_view}"] = _pk_urls(
            f"{_namespace}:{_view}",
            lambda world, model=_model: model.objects.order_by("pk").values_list("pk", flat=True)[
                :6
            ],
        )

# Pages of a selected child: visited again with each child the account may select.
CHILD_PAGES = (
    "portal_auth:home",
    "portal_auth:marks",
    "portal_auth:timetable",
    "portal_auth:calendar",
    "portal_auth:absences",
    "portal_auth:my_data",
    "portal_auth:my_data_download",
    "portal_auth:request_list",
    "portal_auth:thread_list",
    "portal_auth:notifications",
)


def pdf_with(text: str) -> bytes:
    return (
        b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj << /Type /Catalog >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


@pytest.fixture
def world(library):
    year = year_containing_today()
    casa = Academy.objects.get(slug="casablanca-settat")
    rabat = Academy.objects.get(slug="rabat-sale-kenitra")
    directorate = make_directorate(casa)
    schools = {
        "a": make_school(directorate),
        "b": make_school(directorate),
        "l": make_school(make_directorate(rabat)),
    }
    pupils = {}
    for n, (key, school) in enumerate(schools.items()):
        open_every_day(school)
        school_class = make_class(school, level="2BAC", track="sciences-physiques", year=year)
        pupil = make_pupil(
            school_class,
            first_name_latin=f"Firstcanary{key}",
            last_name_latin=f"Lastcanary{key}",
            first_name_ar="سعاد",
            last_name_ar=f"العلوي{'ابج'[n]}ي",
        )
        pupils[key] = pupil
        put_mark(pupil, school_class, "mathematiques", "test_1", MARK_VALUES[key])
        publish(school_class)
        make_absence(
            pupil,
            date=max(year.starts_on, timezone.localdate() - datetime.timedelta(days=1)),
            reason=f"ABSENCE-CANARY-{key}",
        )
        make_slot(school_class, room=f"ROOM-CANARY-{key}")
        make_assessment(school_class, date=timezone.localdate(), note=f"EXAM-CANARY-{key}")
    guardians = {"al": make_guardian(), "b": make_guardian()}
    links = {
        "a": link_guardian(guardians["al"], pupils["a"]),
        "l": link_guardian(guardians["al"], pupils["l"]),
        "b": link_guardian(guardians["b"], pupils["b"]),
    }
    users = {
        "anonymous": None,
        "pupil_a": give_pupil_account(pupils["a"]),
        "pupil_l": give_pupil_account(pupils["l"]),
        "guardian_al": give_guardian_account(guardians["al"]),
        "guardian_b": give_guardian_account(guardians["b"]),
        "teacher_a": make_staff("teacher", schools["a"]),
        "staff_a": make_staff("admin_staff", schools["a"]),
        "director_a": make_staff("director", schools["a"]),
        "staff_b": make_staff("admin_staff", schools["b"]),
        "staff_l": make_staff("admin_staff", schools["l"]),
        "director_l": make_staff("director", schools["l"]),
        "directorate_ab": make_staff("director", directorate),
        "academy_casa": make_staff("admin_staff", casa),
        "academy_rabat": make_staff("admin_staff", rabat),
    }
    for role, group in (
        ("catalog_teacher", TEACHERS),
        ("moderator", MODERATORS),
        ("editor", EDITORS),
    ):
        user = make_user(role)
        group_row, _ = Group.objects.get_or_create(name=group)
        user.groups.add(group_row)
        users[role] = user
    give_pupil_account(pupils["b"])
    issued = {key: codes.issue_pupil_code(pupil).record for key, pupil in pupils.items()}
    guardian_of = {"a": users["guardian_al"], "l": users["guardian_al"], "b": users["guardian_b"]}
    staff_of = {"a": users["staff_a"], "b": users["staff_b"], "l": users["staff_l"]}
    for key, pupil in pupils.items():
        guardian = guardian_of[key]
        document_requests.submit_request(
            guardian, pupil, DocumentRequest.Kind.CERTIFICATE, note=f"REQUEST-CANARY-{key}"
        )
        thread = school_messages.start_thread(
            guardian,
            pupil,
            MessageThread.Category.values[0],
            f"SUBJECT-CANARY-{key}",
            f"BODY-CANARY-{key}",
            attachment=SimpleUploadedFile(
                "note.pdf", pdf_with(f"ATTACHMENT-CANARY-{key}"), "application/pdf"
            ),
        )
        school_messages.reply(thread, staff_of[key], f"REPLY-CANARY-{key}")
        # A checked import waiting for confirmation: its preview names the pupil.
        uploader = Client()
        uploader.force_login(
            staff_of[key], backend="portal_auth.accounts.backends.StaffModelBackend"
        )
        csv = (
            "Code Massar;Nom;Prénom;Classe\r\n"
            f"{pupil.massar_code};Lastcanary{key};Firstcanary{key};{pupil.current_class.name}\r\n"
        ).encode()
        uploaded = uploader.post(
            reverse("portal_auth_staff:import"),
            {"school": pupil.current_school.pk, "file": SimpleUploadedFile("p.csv", csv)},
        )
        assert uploaded.status_code == 302, uploaded.content[:500]
    assert ImportRun.objects.filter(status=ImportRun.Status.PREVIEWED).count() == 3
    # Pupil a's class has an assignment from teacher_a, opened and marked done by pupil a.
    Teaching.objects.create(teacher=users["teacher_a"], school_class=pupils["a"].current_class)
    lesson = make_resource(library, levels=("2BAC",), tracks=("sciences-physiques",))
    due = timezone.localdate() + datetime.timedelta(days=1)
    assignment = assigning.create_assignment(
        users["teacher_a"],
        classes=[pupils["a"].current_class],
        resources=[lesson],
        due_on=due,
        instructions="ASSIGNMENT-CANARY-a",
        confirm_non_school_day=True,
    )
    progress.record_opened(users["pupil_a"], lesson)
    progress.set_done(pupils["a"], assignment.pk, True)
    return {
        "schools": schools,
        "pupils": pupils,
        "guardians": guardians,
        "links": links,
        "codes": issued,
        "users": users,
    }


def markers_in(body: bytes, content_type: str, echoed: tuple[str, ...] = ()) -> set[str]:
    """The pupils whose markers a response carries (ZIP members read one by one).

    ``echoed`` are the query's own values: a search box showing what was typed reveals nothing.
    """
    if content_type.startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return set().union(*(markers_in(archive.read(name), "") for name in archive.namelist()))
    text = body.decode("utf-8", errors="replace")
    for value in echoed:
        text = text.replace(f'value="{value}"', "")
    found = set()
    for key in PUPILS:
        whole, decimals = MARK_VALUES[key].split(".")
        # A mark as shown (13.59 or 13,59), not digits of a longer number: a timestamp's
        # seconds and microseconds (<time datetime="…T10:41:13.590412">) spell the same digits.
        shown = rf"(?<![\d.,:]){whole}[.,]{decimals}(?!\d)"
        if (
            re.search(rf"[A-Z]+-CANARY-{key}\b", text)
            or f"canary{key}" in text
            or re.search(shown, text)
        ):
            found.add(key)
    return found


def client_for(world: dict, role: str) -> Client:
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    return client


def sweep(client: Client, world: dict) -> dict[str, set[str]]:
    """URL → the markers met there, for every URL of the sweep (and every selectable child)."""
    met: dict[str, set[str]] = {}

    def visit(url: str) -> None:
        response = client.get(url)
        if response.status_code == 200:
            body = b"".join(response) if response.streaming else response.content
            query = parse_qs(urlsplit(url).query)
            echoed = tuple(value for values in query.values() for value in values)
            found = markers_in(body, response.get("Content-Type", ""), echoed)
            if found:
                met.setdefault(url, set()).update(found)

    for urls in SWEEP.values():
        for url in urls(world):
            visit(url)
    for pupil in world["pupils"].values():
        client.post(reverse("portal_auth:switch_child"), {"pupil": pupil.pk})
        for name in CHILD_PAGES:
            visit(reverse(name))
    return met


@pytest.mark.parametrize("role", list(MAY_SEE))
def test_each_role_meets_only_what_it_may_see(world, role):
    with translation.override("ar"):
        met = sweep(client_for(world, role), world)
    seen = set().union(*met.values()) if met else set()
    leaks = {url: found - MAY_SEE[role] for url, found in met.items() if found - MAY_SEE[role]}
    assert leaks == {}, f"{role} met others' records: {leaks}"
    assert seen == MAY_SEE[role], f"{role} should meet {MAY_SEE[role]}, met {seen}"


def _names(resolver: URLResolver, namespace: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _names(pattern, f"{namespace}:{inner}".strip(":") if inner else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}"


def test_every_portal_url_is_swept():
    names = {name for name in _names(get_resolver()) if name.split(":", 1)[0] in NAMESPACES}
    assert names, "no portal URL found: the namespaces changed"
    assert names - set(SWEEP) - set(EXCLUDED) == set()
    assert (set(SWEEP) | set(EXCLUDED)) - names == set()


def test_a_posts_timestamp_is_not_taken_for_a_mark():
    # A post written at 10:41:13.590412 carries "13.59" (pupil l's mark) in its <time datetime>:
    # on a page that may show only pupil b, that once counted as pupil l's marker.
    written = timezone.make_aware(datetime.datetime(2026, 12, 4, 10, 41, 13, 590412))
    post = SimpleNamespace(from_staff=True, created_at=written, body="", attachment=None, pk=1)
    page = render_to_string(
        "portal_auth/requests/_posts.html",
        {"posts": [post], "attachment_url": "portal_auth:attachment"},
    )
    assert "13.59" in page
    assert markers_in(page.encode(), "text/html") == set()


@pytest.mark.parametrize(
    "shown", ["<td>13.59</td>", "<td>13,59</td>", "13,59/20", '"value": "13.59"', "13.59"]
)
def test_a_mark_as_shown_is_a_marker(shown):
    assert markers_in(shown.encode(), "text/html") == {"l"}


@pytest.mark.parametrize("longer", ["113.59", "13.591", "2:13.59", "1,13.59", "13.5"])
def test_digits_of_a_longer_number_are_not_a_marker(longer):
    assert markers_in(longer.encode(), "text/html") == set()
