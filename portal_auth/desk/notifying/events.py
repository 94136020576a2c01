"""The portal's events as notifications: absences, published marks, test dates, the desk.

Each function reads its event fresh (a task may run long after it was queued), builds one
``Event`` with a key of its own and hands it to ``service.notify`` with its audience.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from ...conf import portal_setting
from ...models import (
    Absence,
    Assessment,
    Enrolment,
    Notification,
    RequestEvent,
    SemesterPublication,
    ThreadPost,
)
from .service import Event, account, family_of, guardians_only, notify

K = Notification.Kind


def absence(absence_id: int) -> list[Notification]:
    """The guardians of the pupil, about an unjustified absence (nothing for a justified one)."""
    found = (
        Absence.objects.select_related("pupil__user", "school_class__school")
        .filter(pk=absence_id)
        .first()
    )
    if found is None or found.justified:
        return []
    school_class = found.school_class
    max_age = int(portal_setting("ABSENCE_SMS_MAX_AGE_DAYS"))
    recent = not max_age or (timezone.localdate() - found.date).days <= max_age
    event = Event(
        kind=K.ABSENCE,
        key=f"absence:{found.pk}",
        pupil=found.pupil,
        school=school_class.school,
        data={"date": found.date.isoformat(), "period": found.period, "absence": found.pk},
        link=reverse("portal_auth:absences"),
        batch=f"absences:{school_class.pk}:{found.date.isoformat()}",
        sms_allowed=recent,
    )
    return notify(event, guardians_only(found.pupil))


def marks_published(publication_id: int) -> list[Notification]:
    """Every pupil of the class and their guardians: the semester's marks can be read."""
    publication = (
        SemesterPublication.objects.select_related("school_class__school")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None:
        return []
    school_class = publication.school_class
    created = []
    enrolments = Enrolment.objects.filter(
        school_class=school_class, year_id=school_class.year_id
    ).select_related("pupil__user")
    for enrolment in enrolments.order_by("pk"):
        event = Event(
            kind=K.MARKS_PUBLISHED,
            key=f"marks:{school_class.pk}:{publication.semester}:{publication.pk}",
            pupil=enrolment.pupil,
            school=school_class.school,
            data={"semester": publication.semester},
            link=reverse("portal_auth:marks"),
            batch=f"marks:{school_class.pk}:{publication.semester}",
        )
        created += notify(event, family_of(enrolment.pupil))
    return created


def assessment(assessment_id: int) -> list[Notification]:
    """Every pupil of the class and their guardians, about a test or exam and its date; a date
    moved later is news again (the key holds the date)."""
    found = (
        Assessment.objects.select_related("school_class__school", "subject")
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        return []
    school_class, subject = found.school_class, found.subject
    created = []
    enrolments = Enrolment.objects.filter(
        school_class=school_class, year_id=school_class.year_id
    ).select_related("pupil__user")
    for enrolment in enrolments.order_by("pk"):
        event = Event(
            kind=K.ASSESSMENT,
            key=f"assessment:{found.pk}:{found.date.isoformat()}",
            pupil=enrolment.pupil,
            school=school_class.school,
            data={
                "date": found.date.isoformat(),
                "kind": found.kind,
                "subject": {"ar": subject.name_ar, "fr": subject.name_fr, "en": subject.name_en},
            },
            link=reverse("portal_auth:calendar"),
            batch=f"assessment:{found.pk}:{found.date.isoformat()}",
        )
        created += notify(event, family_of(enrolment.pupil))
    return created


def request_event(event: RequestEvent) -> Notification | None:
    """The requester learns of a status change made by the school."""
    request = event.request
    created = notify(
        Event(
            kind=K.REQUEST_STATUS,
            key=f"event:{event.pk}",
            pupil=request.pupil,
            school=request.school,
            data={"status": event.to_status},
            link=reverse("portal_auth:request_detail", args=[request.pk]),
            batch=f"request:{request.pk}",
            links={"request_event": event},
            accounts_only=True,
        ),
        [account(request.requester)],
    )
    return created[0] if created else None


def reply(post: ThreadPost) -> Notification | None:
    """The author of a thread learns that the school replied."""
    thread = post.thread
    created = notify(
        Event(
            kind=K.MESSAGE_REPLY,
            key=f"post:{post.pk}",
            pupil=thread.pupil,
            school=thread.school,
            link=reverse("portal_auth:thread_detail", args=[thread.pk]),
            batch=f"thread:{thread.pk}",
            links={"post": post},
            accounts_only=True,
        ),
        [account(thread.author)],
    )
    return created[0] if created else None
