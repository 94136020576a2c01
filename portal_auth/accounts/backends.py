"""Sign-in with a Massar code (pupils) or a CIN (guardians) and a password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ..models import Guardian, Pupil
from ..validators import is_cin, is_massar_code, normalise_cin, normalise_massar_code


def account_for_identifier(identifier: str):
    """The user behind a Massar code or CIN, or ``None``; the identifier is normalised first."""
    massar = normalise_massar_code(identifier)
    if is_massar_code(massar):
        pupil = Pupil.objects.select_related("user").filter(massar_code=massar).first()
        return pupil.user if pupil else None
    cin = normalise_cin(identifier)
    if is_cin(cin):
        guardian = Guardian.objects.select_related("user").filter(cin=cin).first()
        return guardian.user if guardian else None
    return None


class MassarOrCinBackend(ModelBackend):
    """Authenticates ``identifier`` + ``password``; runs the hasher even for unknown identifiers
    so response times do not tell which Massar codes or CINs have an account."""

    def authenticate(
        self,
        request: HttpRequest | None,
        identifier: str | None = None,
        password: str | None = None,
        **kwargs,
    ):
        if identifier is None or password is None:
            return None
        user = account_for_identifier(identifier)
        if user is None:
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def is_portal_account(user) -> bool:
    """Whether ``user`` is a pupil's or a guardian's account (they sign in on the portal only)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return Pupil.objects.filter(user=user).exists() or Guardian.objects.filter(user=user).exists()


class StaffModelBackend(ModelBackend):
    """Username and password, for staff, teachers and editors only.

    Pupils and guardians also have a username (``pupil-<massar>``, ``guardian-<cin>``) that
    anybody can guess; they sign in on the portal, through its throttled form, never here.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return None if is_portal_account(user) else user
