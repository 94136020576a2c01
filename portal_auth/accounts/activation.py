"""Account life: activation by code, adding a child, disabling and re-enabling accounts.

Views call these functions; they hold the rules so the admin, the views and the tests share them.
Every function that consumes a code does it in one transaction with the code row locked, so the
same slip cannot activate two accounts.

A school acts on its own guardian–pupil links; it acts on a guardian's account only when the
guardian is wholly in its scope (``scoping.guardian_wholly_in_staff_scope``). So a guardian code
resets an existing guardian account only if whoever issued it manages every child the account
reaches. Otherwise each link is activated on its own: the first school's code creates the account
and opens its own link only; another school's code, entered on the activation form, asks for the
existing account's password on the same page (``views.activation.ExistingAccountAddChildView``)
and then opens that school's link; the code is spent only then. Whoever cannot give that password
sees nothing of any child, keeps the code, and is told to show their ID card at the school. Disabling a guardian suspends the links of the staff member's pupils; the
account itself is disabled only when it is wholly theirs or no link is left active.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from ..models import ActivationCode, Guardian, GuardianLink, Pupil, SignedInSession
from ..schools import scoping
from . import codes

EXISTING_ACCOUNT_MESSAGE = _(
    "An account already exists for this ID card number. Enter its password below to add this "
    "child to it (or sign in, then enter this code under “Add a child”)."
)
NOT_YOUR_ACCOUNT_HELP = _(
    "If you never opened an account on Maktaba, someone else opened one with your ID card number "
    "through another school. Do not try again: show your ID card at your child’s school, which "
    "will have the mistake corrected. Your code stays valid until then."
)


class ActivationRefused(Exception):
    """The code is right but may not be used here; ``message`` tells the person what to do."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


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


def code_may_reset_guardian(code: ActivationCode, guardian: Guardian) -> bool:
    """Whether ``code`` may reset the guardian's existing account: its issuer (or, for codes
    issued from the shell, the child's current school) reaches every child of the account."""
    if code.issued_by_id is not None:
        return scoping.guardian_wholly_in_staff_scope(code.issued_by, guardian)
    school = code.pupil.current_school
    if school is None:
        return False
    return scoping.guardian_wholly_within(guardian, scoping.pupils_of_schools([school]))


def _open_link(link: GuardianLink, now) -> None:
    """The guardian entered a code the school issued for this link: confirmed and active (an
    ended link, moved to the right guardian, stays closed)."""
    GuardianLink.objects.filter(pk=link.pk, confirmed_at__isnull=True).update(confirmed_at=now)
    GuardianLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(suspended_at=None)


def activate_guardian(
    cin: str, massar_code: str, raw_code: str, password: str, email: str = ""
) -> ActivationResult | None:
    """Create (or reset) the guardian's account and confirm the link to this child.

    Raises ``ActivationRefused`` (the code stays usable) when the account exists and reaches
    children beyond the code's issuer: the guardian signs in and adds the child instead.
    """
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
        if user is not None and not code_may_reset_guardian(code, guardian):
            raise ActivationRefused(EXISTING_ACCOUNT_MESSAGE, detail="account spans schools")
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
        _open_link(link, now)
        return ActivationResult(user, pupil, guardian, was_reset=was_reset)


def add_child(guardian: Guardian, massar_code: str, raw_code: str) -> Pupil | None:
    """A signed-in guardian confirms one more child with that child's guardian code (a link the
    school suspended is active again: the school issued the code)."""
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
        _open_link(link, timezone.now())
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


@dataclass(frozen=True)
class GuardianStateChange:
    """What disabling or enabling a guardian changed."""

    links: int  # links of the staff member's pupils whose state changed
    whole_account: bool  # the account itself was disabled or enabled
    sessions_ended: int = 0


def _has_active_link(guardian: Guardian) -> bool:
    return guardian.links.filter(suspended_at__isnull=True).exists()


def disable_guardian(guardian: Guardian, staff) -> GuardianStateChange:
    """Staff suspend their links to the guardian; the account itself is disabled (every session
    ends) only if the guardian is wholly in their scope or no active link remains."""
    user = guardian.user
    with transaction.atomic():
        links = scoping.links_for_staff(staff, scoping.Capability.MANAGE_ACCOUNTS).filter(
            guardian=guardian, suspended_at__isnull=True
        )
        changed = links.update(suspended_at=timezone.now())
        whole = scoping.guardian_wholly_in_staff_scope(staff, guardian) or not _has_active_link(
            guardian
        )
    if user is None or not whole or not user.is_active:
        return GuardianStateChange(changed, whole_account=False)
    return GuardianStateChange(changed, whole_account=True, sessions_ended=disable_account(user))


def enable_guardian(guardian: Guardian, staff) -> GuardianStateChange:
    """Staff lift the suspension of their links; a disabled account opens again with them (it
    then sees only the children whose links are active)."""
    user = guardian.user
    with transaction.atomic():
        changed = (
            scoping.links_for_staff(staff, scoping.Capability.MANAGE_ACCOUNTS)
            .filter(guardian=guardian, suspended_at__isnull=False, ended_at__isnull=True)
            .update(suspended_at=None)
        )
        reopen = user is not None and not user.is_active and _has_active_link(guardian)
        if reopen:
            enable_account(user)
    return GuardianStateChange(changed, whole_account=reopen)
