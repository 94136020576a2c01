"""Everything the portal holds about one account and the children it may see (law 09-08 access).

``gather(user)`` is the only collector: the "My data" page and the download both show what it
returns, so they can never disagree. It reaches pupils only through ``scoping.pupils_for_account``
(the pupil themself, or the children whose links the guardian confirmed), and the account's own
words (threads) through ``school_messages.threads_for_account``.

Other apps add what they keep about a pupil through ``MAKTABA_PORTAL["PERSONAL_DATA_SECTIONS"]``
(collectors named by dotted path, so the portal imports none of them): the assignments app lists
each child's assignments and progress there.

What is left out, on purpose: secrets (password hashes, code hashes, session keys, calendar
feed tokens), marks of semesters the school has not published yet, the other guardians of a
child (their codes, their security events), and the names of staff (shown as "the school").
Choice fields carry the stored value and, beside it, the label in the active language.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from ..conf import portal_setting
from ..desk.document_requests import requests_for_account
from ..desk.notifying import preferences
from ..desk.school_messages import threads_for_account
from ..models import (
    Absence,
    ActivationCode,
    Guardian,
    GuardianLink,
    Mark,
    Notification,
    Pupil,
    SecurityEvent,
    SemesterPublication,
)
from ..schools.scoping import pupils_for_account

FORMAT_VERSION = 1


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _choice(obj, field: str) -> dict[str, str]:
    return {
        field: getattr(obj, field),
        f"{field}_label": str(getattr(obj, f"get_{field}_display")()),
    }


def _names(person) -> dict[str, str]:
    return {
        "first_name_ar": person.first_name_ar,
        "last_name_ar": person.last_name_ar,
        "first_name_latin": person.first_name_latin,
        "last_name_latin": person.last_name_latin,
    }


def _code(code: ActivationCode) -> dict[str, Any]:
    """Dates and state of a code; never the code or its hash."""
    return {
        "for": code.kind,
        "issued_at": _when(code.issued_at),
        "expires_at": _when(code.expires_at),
        "used_at": _when(code.used_at),
        "revoked_at": _when(code.revoked_at),
        "state": code.status,
        "state_label": str(code.status_label),
    }


def _sections(pupil: Pupil, taken: set[str]) -> dict[str, Any]:
    """What other apps keep about ``pupil``, one entry per configured section."""
    sections = {}
    for key, spec in portal_setting("PERSONAL_DATA_SECTIONS").items():
        if key in taken:
            raise ImproperlyConfigured(f"PERSONAL_DATA_SECTIONS: {key!r} is already a part")
        sections[key] = import_string(spec["collect"])(pupil)
    return sections


def _pupil(pupil: Pupil, guardian: Guardian | None, user) -> dict[str, Any]:
    link = (
        GuardianLink.objects.filter(guardian=guardian, pupil=pupil).first()
        if guardian is not None
        else None
    )
    codes = ActivationCode.objects.filter(pupil=pupil).filter(
        Q(kind=ActivationCode.Kind.PUPIL) | Q(guardian=guardian)
        if guardian is not None
        else Q(kind=ActivationCode.Kind.PUPIL)
    )
    published = SemesterPublication.objects.filter(
        school_class=OuterRef("school_class"), semester=OuterRef("semester")
    )
    marks = (
        Mark.objects.filter(pupil=pupil)
        .filter(Exists(published))
        .select_related("subject", "school_class__year")
        .order_by("school_class__year__starts_on", "semester", "subject__sort_order", "component")
    )
    requests = (
        requests_for_account(user)
        .filter(pupil=pupil)
        .select_related("slot", "school")
        .prefetch_related("events")
        .order_by("created_at")
    )
    data = {
        "profile": {
            "massar_code": pupil.massar_code,
            **_names(pupil),
            "birth_date": _when(pupil.birth_date),
            "has_account": pupil.user_id is not None,
        },
        "relationship": _choice(link, "relationship") if link else None,
        "link_confirmed_at": _when(link.confirmed_at) if link else None,
        "enrolments": [
            {
                "year": e.year.label,
                "school": e.school_class.school.name,
                "class": e.school_class.name,
            }
            for e in pupil.enrolments.select_related("year", "school_class__school").order_by(
                "year__starts_on"
            )
        ],
        "activation_codes": [_code(c) for c in codes.order_by("issued_at")],
        "marks": [
            {
                "year": m.school_class.year.label,
                "class": m.school_class.name,
                **_choice(m, "semester"),
                "subject": str(m.subject),
                **_choice(m, "component"),
                **_choice(m, "status"),
                "value": str(m.value) if m.value is not None else None,
            }
            for m in marks
        ],
        "absences": [
            {
                "date": _when(a.date),
                **_choice(a, "period"),
                "hours": str(a.hours),
                "justified": a.justified,
                "reason": a.reason,
                "recorded_at": _when(a.recorded_at),
            }
            for a in Absence.objects.filter(pupil=pupil).order_by("date", "period")
        ],
        "requests": [
            {
                "document": r.document_name,
                **_choice(r, "kind"),
                **_choice(r, "status"),
                "note": r.note,
                "rejection_reason": r.rejection_reason,
                "school": r.school.name,
                "appointment": _when(r.slot.starts_at) if r.slot else None,
                "requested_at": _when(r.created_at),
                "requested_by_you": r.requester_id == user.pk,
                "history": [
                    {
                        "at": _when(e.created_at),
                        "to_status": e.to_status,
                        "to_status_label": str(e.get_to_status_display()),
                        "note": e.note,
                    }
                    for e in sorted(r.events.all(), key=lambda e: (e.created_at, e.pk))
                ],
            }
            for r in requests
        ],
    }
    return data | _sections(pupil, set(data))


def _threads(user) -> list[dict[str, Any]]:
    threads = (
        threads_for_account(user)
        .select_related("pupil", "school")
        .prefetch_related("posts")
        .order_by("created_at")
    )
    return [
        {
            "subject": t.subject,
            **_choice(t, "category"),
            "about": t.pupil.massar_code,
            "school": t.school.name,
            "started_at": _when(t.created_at),
            "posts": [
                {
                    "at": _when(p.created_at),
                    "from_school": p.from_staff,
                    "body": p.body,
                    "attachment": (
                        {"type": p.attachment_type, "size": p.attachment_size}
                        if p.attachment
                        else None
                    ),
                }
                for p in sorted(t.posts.all(), key=lambda p: (p.created_at, p.pk))
            ],
        }
        for t in threads
    ]


def _security_events(user, pupil: Pupil | None, guardian: Guardian | None) -> list[dict]:
    about = Q(actor=user)
    if guardian is not None:
        about |= Q(guardian=guardian)
    if pupil is not None:
        about |= Q(pupil=pupil, guardian__isnull=True)
    events = SecurityEvent.objects.filter(about).order_by("created_at", "pk")
    return [
        {
            "at": _when(e.created_at),
            **_choice(e, "kind"),
            "by_you": e.actor_id == user.pk,
            "ip_address": e.ip_address,
            "detail": e.detail,
        }
        for e in events
    ]


def gather(user: AbstractBaseUser) -> dict[str, Any] | None:
    """The data held about ``user``'s pupil or guardian account, or ``None`` for other users."""
    if not user.is_authenticated or not user.is_active:
        return None
    own_pupil = Pupil.objects.filter(user=user).first()
    guardian = Guardian.objects.filter(user=user).first() if own_pupil is None else None
    if own_pupil is None and guardian is None:
        return None
    pupils = pupils_for_account(user).order_by("last_name_latin", "first_name_latin", "pk")
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": _when(timezone.now()),
        "account": {
            "kind": "pupil" if own_pupil is not None else "guardian",
            "login": own_pupil.massar_code if own_pupil is not None else guardian.cin,
            "created_at": _when(user.date_joined),
            "last_sign_in": _when(user.last_login),
            "email": user.email,
        },
        "guardian": (
            {
                "cin": guardian.cin,
                **_names(guardian),
                "phone": guardian.phone,
                "email": guardian.email,
                **_choice(guardian, "preferred_language"),
                "consented_at": _when(guardian.consented_at),
            }
            if guardian is not None
            else None
        ),
        "pupils": [_pupil(p, guardian, user) for p in pupils],
        "messages": _threads(user),
        "notifications": [
            {
                "at": _when(n.created_at),
                **_choice(n, "kind"),
                "read_at": _when(n.read_at),
                **_choice(n, "email_status"),
                "email_sent_at": _when(n.email_sent_at),
                "text_message": (
                    {
                        "to": n.sms.to or n.sms.raw_number,
                        "text": n.sms.text,
                        **_choice(n.sms, "status"),
                    }
                    if n.sms_id
                    else None
                ),
            }
            for n in Notification.objects.filter(
                Q(recipient=user) | (Q(guardian=guardian) if guardian is not None else Q(pk=None))
            )
            .select_related("sms")
            .order_by("created_at", "pk")
        ],
        "notification_choices": {
            kind: sorted(channels)
            for kind, channels in preferences.table(preferences.preference_of(user)).items()
        },
        "security_events": _security_events(user, own_pupil, guardian),
    }


class _Chunks(io.RawIOBase):
    """A write-only, unseekable sink that hands out what was written so far."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out, self._parts = b"".join(self._parts), []
        return out


def archive_chunks(data: dict[str, Any], base_name: str, language: str) -> Iterator[bytes]:
    """The download, streamed: a ZIP with ``<base_name>.json`` and a readable ``.html``.

    The HTML is rendered while the response is sent, after the request's language may have been
    reset, hence ``language``.
    """
    sink = _Chunks()
    with (
        translation.override(language),
        zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(
            f"{base_name}.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
        )
        yield sink.take()
        html = render_to_string("portal_auth/personal_data_file.html", {"data": data})
        archive.writestr(f"{base_name}.html", html)
        yield sink.take()
    yield sink.take()
