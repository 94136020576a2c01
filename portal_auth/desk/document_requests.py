"""Document requests: submitting them and moving them through their status machine.

The allowed moves are the table ``TRANSITIONS`` and nothing else: each entry says which side
(the school's staff or the requester) may make it. Every move locks the request row, checks the
table, takes or gives back appointment seats, writes a ``RequestEvent`` and, once the
transaction commits, notifies the requester. A refused move changes nothing.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import portal_setting
from ..models import DocumentRequest, Pupil, RequestEvent
from ..schools.permissions import HANDLE
from ..schools.scoping import account_may_see_pupil, pupils_for_account
from . import notifications, scheduling
from .permissions import document_request_policy

Status = DocumentRequest.Status


class Side(StrEnum):
    STAFF = "staff"
    REQUESTER = "requester"


TRANSITIONS: dict[tuple[str, str], frozenset[Side]] = {
    # An appointment: the school gives one, or the family picks a free slot (on the request
    # form, or later while it is pending).
    (Status.PENDING, Status.SCHEDULED): frozenset({Side.STAFF, Side.REQUESTER}),
    (Status.PENDING, Status.REJECTED): frozenset({Side.STAFF}),
    (Status.PENDING, Status.CANCELLED): frozenset({Side.REQUESTER}),
    # Another slot: staff move it, or the requester picks another free one.
    (Status.SCHEDULED, Status.SCHEDULED): frozenset({Side.STAFF, Side.REQUESTER}),
    (Status.SCHEDULED, Status.READY): frozenset({Side.STAFF}),
    (Status.SCHEDULED, Status.REJECTED): frozenset({Side.STAFF}),
    (Status.SCHEDULED, Status.CANCELLED): frozenset({Side.REQUESTER}),
    (Status.READY, Status.COLLECTED): frozenset({Side.STAFF}),
    (Status.READY, Status.CANCELLED): frozenset({Side.REQUESTER}),
}


class RequestError(Exception):
    """A request or a move that is refused; ``message`` is shown to the user as is."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


def allowed_moves(status: str, side: Side) -> set[str]:
    return {to for (frm, to), sides in TRANSITIONS.items() if frm == status and side in sides}


def duplicate_message(existing: DocumentRequest):
    return _(
        "A request for this document is already open for this pupil (status: %(status)s). "
        "Follow it in “My requests” or cancel it first."
    ) % {"status": existing.get_status_display()}


def submit_request(
    user,
    pupil: Pupil,
    kind: str,
    other_label: str = "",
    note: str = "",
    slot_start: datetime.datetime | None = None,
) -> DocumentRequest:
    """Create a pending request after checking ownership, duplicates and the daily limit.

    With ``slot_start`` (the family chose a slot) the request is scheduled into it in the same
    transaction, through ``move``: if that seat cannot be taken (full meanwhile, past...) nothing
    is created and ``RequestError`` says why.
    """
    if not account_may_see_pupil(user, pupil.pk):
        raise RequestError(_("You can only ask for documents about your own children."))
    if kind not in DocumentRequest.Kind.values:
        raise RequestError(_("Choose a document."))
    other_label = other_label.strip() if kind == DocumentRequest.Kind.OTHER else ""
    if kind == DocumentRequest.Kind.OTHER and not other_label:
        raise RequestError(_("Name the document you need."))
    note = note.strip()
    if len(other_label) > 120 or len(note) > 500:
        raise RequestError(_("Your text is too long."))
    school = pupil.current_school
    if school is None:
        raise RequestError(_("This pupil is not enrolled in a school this year."))
    today_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if DocumentRequest.objects.filter(
        requester=user, created_at__gte=today_start
    ).count() >= portal_setting("REQUESTS_PER_DAY"):
        raise RequestError(_("You have sent many requests today. Please try again tomorrow."))
    open_same = DocumentRequest.objects.filter(
        pupil=pupil, kind=kind, other_label=other_label, status__in=DocumentRequest.OPEN_STATUSES
    ).first()
    if open_same is not None:
        raise RequestError(duplicate_message(open_same))
    try:
        with transaction.atomic():
            request = DocumentRequest.objects.create(
                requester=user,
                pupil=pupil,
                school=school,
                kind=kind,
                other_label=other_label,
                note=note,
            )
            RequestEvent.objects.create(request=request, actor=user, to_status=Status.PENDING)
            if slot_start is not None:
                request = move(
                    request, Status.SCHEDULED, user, slot_start=slot_start, side=Side.REQUESTER
                )
    except IntegrityError:
        # Two submissions at the same moment: the unique constraint let only one through.
        raise RequestError(
            _("A request for this document is already open for this pupil.")
        ) from None
    return request


def requests_for_account(user):
    """Requests about the pupils this account may see (itself, or its confirmed children)."""
    return DocumentRequest.objects.filter(pupil__in=pupils_for_account(user))


def requests_for_staff(user):
    """Requests of the schools where ``user`` handles requests."""
    return document_request_policy.instances_user_has_permission_for(user, HANDLE)


def side_of(user, request: DocumentRequest) -> Side | None:
    """Which side ``user`` is on for ``request``, or ``None`` if they have no business with it."""
    if document_request_policy.user_has_permission_for_instance(user, HANDLE, request):
        return Side.STAFF
    # The requester, the pupil and the pupil's other confirmed guardians act for the family
    # (one open request per document and child, so they must all be able to follow and cancel
    # it); a guardian whose link to the child was removed no longer can.
    if account_may_see_pupil(user, request.pupil_id):
        return Side.REQUESTER
    return None


def move(
    request: DocumentRequest,
    to_status: str,
    user,
    *,
    slot_start: datetime.datetime | None = None,
    reason: str = "",
    side: Side | None = None,
) -> DocumentRequest:
    """Move ``request`` to ``to_status`` on behalf of ``user``; raises ``RequestError`` if refused.

    ``slot_start`` is required to schedule (or move to another slot); ``reason`` to reject.
    """
    if to_status not in Status.values:
        raise RequestError(_("Unknown status."))
    side = side or side_of(user, request)
    if side is None:
        raise RequestError(_("You may not change this request."))
    with transaction.atomic():
        locked = DocumentRequest.objects.select_for_update().get(pk=request.pk)
        sides = TRANSITIONS.get((locked.status, to_status), frozenset())
        if side not in sides:
            raise RequestError(
                _("A request that is “%(current)s” cannot become “%(target)s”.")
                % {
                    "current": locked.get_status_display(),
                    "target": Status(to_status).label,
                }
            )
        old_slot = locked.slot
        note = ""
        if to_status == Status.SCHEDULED:
            if slot_start is None:
                raise RequestError(_("Choose an appointment slot."))
            if old_slot is not None and old_slot.starts_at == slot_start:
                raise RequestError(_("This is already the appointment."))
            try:
                locked.slot = scheduling.take_seat(locked.school, slot_start, giving_back=old_slot)
            except scheduling.SlotError as error:
                raise RequestError(error.message) from None
        elif to_status in (Status.REJECTED, Status.CANCELLED):
            if to_status == Status.REJECTED:
                reason = reason.strip()
                if not reason:
                    raise RequestError(_("Give the reason for the refusal."))
                locked.rejection_reason = reason[:500]
                note = locked.rejection_reason
            if old_slot is not None:
                scheduling.release_seat(old_slot)
                locked.slot = None
        from_status = locked.status
        locked.status = to_status
        locked.save()
        event = RequestEvent.objects.create(
            request=locked,
            actor=user,
            from_status=from_status,
            to_status=to_status,
            slot_starts_at=locked.slot.starts_at if locked.slot else None,
            note=note,
        )
        if side == Side.STAFF:
            notifications.notify_request_event(event)
    return locked
