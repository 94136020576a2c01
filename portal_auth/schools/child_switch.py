"""The child a guardian is looking at, kept in the session; the pupil pages read it here."""

from __future__ import annotations

from django.http import HttpRequest

from ..models import Pupil
from .scoping import pupils_for_account

SESSION_KEY = "portal_active_pupil"


def visible_pupils(request: HttpRequest):
    return pupils_for_account(request.user).order_by("first_name_latin", "massar_code")


def get_active_pupil(request: HttpRequest) -> Pupil | None:
    """The selected child if still visible to this account, else the first one (or ``None``)."""
    pupils = visible_pupils(request)
    selected = request.session.get(SESSION_KEY)
    if selected is not None:
        pupil = pupils.filter(pk=selected).first()
        if pupil is not None:
            return pupil
    return pupils.first()


def set_active_pupil(request: HttpRequest, pupil_id: int) -> Pupil | None:
    """Select a child; ``None`` (and nothing changes) if this account may not see it."""
    pupil = visible_pupils(request).filter(pk=pupil_id).first()
    if pupil is not None:
        request.session[SESSION_KEY] = pupil.pk
    return pupil
