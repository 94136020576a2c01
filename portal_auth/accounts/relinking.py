"""Moving a guardian link to the right guardian, when the school recorded the wrong CIN.

A link made under a wrong CIN (a typo at import, or someone else activated with it) gives the
wrong person a child. Staff of the child's school end that link and make one for the right
guardian. The rules, checked before anything changes:

- the link is one of the staff member's own (a pupil they reach with ``MANAGE_ACCOUNTS``),
  and not already ended;
- the CIN is a valid one and names another guardian than the link's;
- that guardian has no link to this child yet;
- a guardian who does not exist yet is created with the names given (one name at least).

Only the link changes: the old guardian's account, names and other links (perhaps at other
schools) are left as they are, and so are those of an existing right guardian. The old link is
ended (``ended_at`` and ``suspended_at``, kept for the audit), its unused codes are revoked, so
the old account stops seeing the child at its next request. The new link waits for a code
printed with the existing flow. The link row is held with ``SELECT ... FOR UPDATE`` so two staff
members moving the same link at once cannot make two new links.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import ActivationCode, Guardian, GuardianLink, SecurityEvent
from ..schools import scoping
from ..validators import normalise_cin, validate_cin
from . import security_log


class RelinkError(Exception):
    """A link that cannot be moved; ``message`` is shown to the user."""

    message = _("This link cannot be moved.")

    def __init__(self, message=None) -> None:
        super().__init__(message or self.message)
        if message is not None:
            self.message = message


class LinkOutOfScope(RelinkError):
    message = _("This link is not one of your school's.")


class LinkAlreadyEnded(RelinkError):
    message = _("This link was already moved to another guardian.")


class InvalidCin(RelinkError):
    message = _(
        "A national ID card number is one or two letters followed by digits, for example AB123456."
    )


class SameGuardian(RelinkError):
    message = _("This CIN is the one the link already has; enter the right guardian's CIN.")


class AlreadyLinked(RelinkError):
    message = _(
        "The guardian with this CIN is already linked to this child: suspend the wrong link "
        "instead."
    )


class NameRequired(RelinkError):
    message = _("No guardian has this CIN yet: enter their name in Arabic or in Latin script.")


NAME_FIELDS = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin")


@dataclass(frozen=True)
class Relinked:
    """What a move did: the ended link, the new one, and whether the guardian is new."""

    old_link: GuardianLink
    new_link: GuardianLink
    guardian_created: bool
    codes_revoked: int


def _clean_cin(raw: str) -> str:
    cin = normalise_cin(raw)
    try:
        validate_cin(cin)
    except ValidationError as error:
        raise InvalidCin from error
    return cin


def _right_guardian(cin: str, names: dict[str, str]) -> tuple[Guardian, bool]:
    found = Guardian.objects.select_for_update().filter(cin=cin).first()
    if found is not None:
        return found, False
    given = {field: (names.get(field) or "").strip()[:80] for field in NAME_FIELDS}
    if not any(given.values()):
        raise NameRequired
    try:
        with transaction.atomic():
            return Guardian.objects.create(cin=cin, **given), True
    except IntegrityError:  # created by someone else meanwhile
        return Guardian.objects.select_for_update().get(cin=cin), False


def move_link(
    link_id: int,
    cin: str,
    staff,
    *,
    names: dict[str, str] | None = None,
    request: HttpRequest | None = None,
) -> Relinked:
    """Move the link ``link_id`` to the guardian with ``cin``; ``staff`` acts for the school.

    Raises ``LinkOutOfScope``, ``LinkAlreadyEnded``, ``InvalidCin``, ``SameGuardian``,
    ``AlreadyLinked`` or ``NameRequired``; nothing changes then.
    """
    cin = _clean_cin(cin)
    with transaction.atomic():
        link = (
            scoping.links_for_staff(staff, scoping.Capability.MANAGE_ACCOUNTS)
            .select_for_update(of=("self",))
            .select_related("guardian", "pupil")
            .filter(pk=link_id)
            .first()
        )
        if link is None:
            raise LinkOutOfScope
        if link.ended_at is not None:
            raise LinkAlreadyEnded
        old_guardian = link.guardian
        if old_guardian.cin == cin:
            raise SameGuardian
        if GuardianLink.objects.filter(guardian__cin=cin, pupil=link.pupil).exists():
            raise AlreadyLinked
        guardian, created = _right_guardian(cin, names or {})
        now = timezone.now()
        link.ended_at = now
        link.suspended_at = link.suspended_at or now
        link.save(update_fields=["ended_at", "suspended_at"])
        revoked = (
            ActivationCode.objects.usable()
            .filter(kind=ActivationCode.Kind.GUARDIAN, pupil=link.pupil, guardian=old_guardian)
            .update(revoked_at=now)
        )
        new_link = GuardianLink.objects.create(
            guardian=guardian, pupil=link.pupil, relationship=link.relationship
        )
        security_log.record(
            SecurityEvent.Kind.LINK_MOVED,
            request=request,
            actor=staff,
            pupil=link.pupil,
            guardian=guardian,
            detail=(
                f"link {link.pk} of guardian {old_guardian.pk} ({old_guardian.cin}) → "
                f"link {new_link.pk} of guardian {guardian.pk} ({guardian.cin}); "
                f"{revoked} codes revoked"
            ),
        )
    return Relinked(link, new_link, created, revoked)
