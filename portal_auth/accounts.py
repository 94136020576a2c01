"""Account life: activation by code, adding a child, disabling and re-enabling accounts.

Views call these functions; they hold the rules so the admin, the views and the tests share them.
Every function that consumes a code does it in one transaction with the code row locked, so the
same slip cannot activate two accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import codes
from .models import Guardian, GuardianLink, Pupil, SignedInSession


@dataclass(frozen=True)
class ActivationResult:
    user: object
    pupil: Pupil
    guardian: Guardian | None = None
    was_reset: bool = False  # the account existed: the code reset its password


def _new_user(username: str, password: str, email: str = ""):
    User = get_user_model()
    user = User(username=username, email=email)
    user.set_password(password)
    user.save()
    return user


def activate_pupil(massar_code: str, raw_code: str, password: str) -> ActivationResult | None:
    """Create (or reset) the pupil's account; ``None`` if anything does not match.

    A disabled account is not revived by a code: staff re-enable it first.
    """
    pupil = Pupil.objects.filter(massar_code=massar_code).first()
    if pupil is None:
        return None
    with transaction.atomic():
        code = codes.find_usable_code(raw_code, pupil=pupil, lock=True)
        if code is None:
            return None
        user = pupil.user
        if user is not None and not user.is_active:
            return None
        if not codes.mark_used(code):
            return None
        if user is None:
            user = _new_user(f"pupil-{pupil.massar_code.lower()}", password)
            pupil.user = user
            pupil.save(update_fields=["user"])
            return ActivationResult(user, pupil)
        user.set_password(password)
        user.save(update_fields=["password"])
        return ActivationResult(user, pupil, was_reset=True)


def activate_guardian(
    cin: str, massar_code: str, raw_code: str, password: str, email: str = ""
) -> ActivationResult | None:
    """Create (or reset) the guardian's account and confirm the link to this child."""
    guardian = Guardian.objects.filter(cin=cin).first()
    pupil = Pupil.objects.filter(massar_code=massar_code).first()
    if guardian is None or pupil is None:
        return None
    link = GuardianLink.objects.filter(guardian=guardian, pupil=pupil).first()
    if link is None:
        return None
    with transaction.atomic():
        code = codes.find_usable_code(raw_code, pupil=pupil, guardian=guardian, lock=True)
        if code is None:
            return None
        user = guardian.user
        if user is not None and not user.is_active:
            return None
        if not codes.mark_used(code):
            return None
        now = timezone.now()
        was_reset = user is not None
        if user is None:
            user = _new_user(f"guardian-{guardian.cin.lower()}", password, email)
            guardian.user = user
        else:
            user.set_password(password)
            if email:
                user.email = email
            user.save(update_fields=["password", "email"])
        if email:
            guardian.email = email
        guardian.consented_at = guardian.consented_at or now
        guardian.save(update_fields=["user", "email", "consented_at"])
        GuardianLink.objects.filter(pk=link.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        return ActivationResult(user, pupil, guardian, was_reset=was_reset)


def add_child(guardian: Guardian, massar_code: str, raw_code: str) -> Pupil | None:
    """A signed-in guardian confirms one more child with that child's guardian code."""
    pupil = Pupil.objects.filter(massar_code=massar_code).first()
    if pupil is None:
        return None
    link = GuardianLink.objects.filter(guardian=guardian, pupil=pupil).first()
    if link is None:
        return None
    with transaction.atomic():
        code = codes.find_usable_code(raw_code, pupil=pupil, guardian=guardian, lock=True)
        if code is None or not codes.mark_used(code):
            return None
        GuardianLink.objects.filter(pk=link.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    return pupil


def _session_store(session_key: str) -> SessionBase:
    engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    return engine(session_key=session_key)


def end_all_sessions(user) -> int:
    """Delete every recorded session of ``user`` (all devices); returns how many."""
    rows = list(SignedInSession.objects.filter(user=user))
    for row in rows:
        _session_store(row.session_key).delete()
    SignedInSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)


def disable_account(user) -> int:
    """Staff disable an account: it can no longer sign in and every session ends now."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return end_all_sessions(user)


def enable_account(user) -> None:
    user.is_active = True
    user.save(update_fields=["is_active"])
