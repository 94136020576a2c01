"""Writing to the security log (``SecurityEvent``); callers never pass a secret."""

from __future__ import annotations

import logging

from django.http import HttpRequest

from ..models import Guardian, Pupil, School, SecurityEvent
from .throttling import client_ip

logger = logging.getLogger("maktaba.portal.security")


def record(
    kind: str,
    *,
    request: HttpRequest | None = None,
    actor=None,
    pupil: Pupil | None = None,
    guardian: Guardian | None = None,
    school: School | None = None,
    detail: str = "",
) -> SecurityEvent:
    """Store one event; the school defaults to the pupil's current school."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if school is None and pupil is not None:
        school = pupil.current_school
    event = SecurityEvent.objects.create(
        kind=kind,
        actor=actor,
        ip_address=client_ip(request) if request is not None else None,
        school=school,
        pupil=pupil,
        guardian=guardian,
        detail=detail[:255],
    )
    logger.info(
        "security event %s school=%s ip=%s", kind, getattr(school, "pk", None), event.ip_address
    )
    return event
