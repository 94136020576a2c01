"""A text message's life, from queued to delivered, as one table of allowed moves.

Invariants:
- one row per ``key``: queueing the same event twice gives back the first message;
- a message is handed to the gateway at most once: a worker claims it (``queued`` → ``sending``)
  with a conditional update, and a message left ``sending`` by a killed worker is failed with
  that reason, never sent again (the gateway may already have it);
- a number that cannot receive text messages is recorded as ``refused`` and never tried;
- a gateway that is down or busy leaves the message ``queued`` for a later attempt, each one
  further away (doubling), until ``MAX_ATTEMPTS``;
- delivery reports move a message forward only: a late "taken by the operator" never undoes
  "delivered";
- nothing leaves during the quiet hours (``quiet_hours.py``): a message due then, first try or
  retry, waits for the morning.

This module never enqueues: ``library/sms/tasks.py`` does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import encoding, numbers, quiet_hours
from .backends import GatewayError, Outgoing, PermanentGatewayError, base, get_backend
from .conf import sms_setting
from .models import SmsMessage, SmsStatus

logger = logging.getLogger("maktaba.sms")

S = SmsStatus
# status → the statuses it may move to
MOVES: dict[str, frozenset[str]] = {
    S.QUEUED: frozenset({S.SENDING, S.FAILED}),
    S.SENDING: frozenset({S.SENT, S.QUEUED, S.FAILED}),
    S.SENT: frozenset({S.DELIVERED, S.UNDELIVERED}),
    S.DELIVERED: frozenset(),
    S.UNDELIVERED: frozenset({S.DELIVERED}),
    S.FAILED: frozenset(),
    S.REFUSED: frozenset(),
}


# ``last_error`` is a code, then for gateway errors the technical detail (English, for the log):
NUMBER_REFUSED = "number:"  # "number:<numbers.reason code>"
GATEWAY = "gateway:"  # "gateway:<backends.base code>: <detail>"
INTERRUPTED = "interrupted while sending; not sent again (the gateway may have it)"


def gateway_error(error: GatewayError) -> str:
    """``last_error`` for a gateway's refusal or failure."""
    return f"{GATEWAY}{error.code}: {error.detail}"[:300]


def _gateway_reasons() -> dict[str, str]:
    return {
        base.UNREACHABLE: _("The text-message gateway could not be reached."),
        base.BUSY: _("The text-message gateway answered with an error of its own."),
        base.UNEXPECTED: _("The text-message gateway gave an answer Maktaba does not understand."),
        base.REFUSED: _(
            "The text-message gateway refused the message: check the gateway's user name, "
            "password and sender name in the server's settings."
        ),
    }


def error_display(message: SmsMessage) -> str:
    """The message's error for staff, in the active language, with what happens next."""
    error = message.last_error
    if error.startswith(NUMBER_REFUSED):
        return numbers.reason(error.removeprefix(NUMBER_REFUSED))
    if error == INTERRUPTED:
        return _(
            "The server stopped while handing this message to the gateway. It is not sent again, "
            "because the gateway may already have it."
        )
    if not error.startswith(GATEWAY):
        return error
    code = error.removeprefix(GATEWAY).partition(":")[0]
    reason = _gateway_reasons().get(code, _("The text-message gateway did not take the message."))
    if message.status == S.QUEUED:
        then = _("Maktaba tries again by itself.")
    elif code == base.REFUSED:
        then = _("It is not tried again.")
    else:
        then = ngettext(
            "Maktaba gave up after %(count)d attempt.",
            "Maktaba gave up after %(count)d attempts.",
            message.attempts,
        ) % {"count": message.attempts}
    return f"{reason} {then}"


class TransitionError(Exception):
    pass


def check_move(current: str, new: str) -> None:
    if new not in MOVES[current]:
        raise TransitionError(f"{current} → {new}")


def queue(
    key: str,
    number: str,
    text: str,
    *,
    category: str = "",
    batch: str = "",
    send_after: datetime | None = None,
) -> tuple[SmsMessage, bool]:
    """The message for ``key`` (created on first call); returns ``(message, created)``.

    It is due at ``send_after`` (now by default), or at the end of the quiet hours that time
    falls in. A number that cannot be reached is kept as written, with its reason, in a
    ``refused`` row.
    """
    existing = SmsMessage.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    shape = encoding.layout(text)
    fields = {
        "raw_number": number[:40],
        "text": text,
        "encoding": shape.encoding,
        "segments": shape.segments,
        "category": category,
        "batch": batch,
    }
    try:
        fields["to"] = numbers.normalize(number)
        fields["next_attempt_at"] = quiet_hours.earliest(send_after or timezone.now())
    except numbers.InvalidNumber as refused:
        fields.update(status=S.REFUSED, last_error=f"{NUMBER_REFUSED}{refused.code}")
    try:
        with transaction.atomic():
            return SmsMessage.objects.create(key=key, **fields), True
    except IntegrityError:
        return SmsMessage.objects.get(key=key), False


def _claim(message_id: int, now: datetime) -> bool:
    return bool(
        SmsMessage.objects.filter(pk=message_id, status=S.QUEUED, next_attempt_at__lte=now).update(
            status=S.SENDING, sending_since=now
        )
    )


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling, capped."""
    base = int(sms_setting("RETRY_SECONDS"))
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), int(sms_setting("RETRY_MAX_SECONDS")))
    )


@dataclass(frozen=True)
class Attempt:
    status: str
    retry_at: datetime | None = None


def deliver(message_id: int, report_url: str = "") -> Attempt | None:
    """Hands the message to the gateway if it is due and nobody else has it; ``None`` if not."""
    now = timezone.now()
    if quiet_hours.is_quiet(now):
        SmsMessage.objects.filter(pk=message_id, status=S.QUEUED, next_attempt_at__lte=now).update(
            next_attempt_at=quiet_hours.earliest(now)
        )
        return None
    if not _claim(message_id, now):
        return None
    message = SmsMessage.objects.get(pk=message_id)
    attempts = message.attempts + 1
    outgoing = Outgoing(message.to, message.text, message.encoding, report_url)
    try:
        reply = get_backend().send(outgoing)
    except GatewayError as error:
        permanent = isinstance(error, PermanentGatewayError)
        last = attempts >= int(sms_setting("MAX_ATTEMPTS"))
        logger.warning("sms %s attempt %s failed: %s", message_id, attempts, error)
        if permanent or last:
            _move(message, S.FAILED, attempts=attempts, last_error=gateway_error(error))
            return Attempt(S.FAILED)
        retry_at = quiet_hours.earliest(now + retry_delay(attempts))
        _move(
            message,
            S.QUEUED,
            attempts=attempts,
            last_error=gateway_error(error),
            next_attempt_at=retry_at,
        )
        return Attempt(S.QUEUED, retry_at)
    answered = {
        "attempts": attempts,
        "gateway_reply": reply[:200],
        "sent_at": timezone.now(),
        "last_error": "",
    }
    if SmsMessage.objects.filter(pk=message_id, status=S.SENDING).update(status=S.SENT, **answered):
        return Attempt(S.SENT)
    # A delivery report overtook the gateway's answer and already moved the message forward.
    SmsMessage.objects.filter(pk=message_id).update(**answered)
    return Attempt(SmsMessage.objects.values_list("status", flat=True).get(pk=message_id))


def _move(message: SmsMessage, status: str, **fields) -> None:
    check_move(message.status, status)
    updated = SmsMessage.objects.filter(pk=message.pk, status=message.status).update(
        status=status, **fields
    )
    if not updated:
        raise TransitionError(f"message {message.pk} changed under us")


def due_ids(now: datetime | None = None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(
        SmsMessage.objects.filter(status=S.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def fail_interrupted(now: datetime | None = None) -> int:
    """Fails the messages a killed worker left ``sending``; returns how many."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=int(sms_setting("SENDING_STALE_SECONDS")))
    return SmsMessage.objects.filter(status=S.SENDING, sending_since__lt=stale).update(
        status=S.FAILED, last_error=INTERRUPTED
    )
