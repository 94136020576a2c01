"""Activation codes: generation, normalisation, keyed hashing, issuing, revoking and redeeming.

A code is 14 symbols of Crockford's base32 (70 bits from ``secrets``), printed as
``XXXX-XXXX-XXXX-XX`` so it can be read aloud. Only an HMAC-SHA256 of the normalised code,
keyed with ``SECRET_KEY``, is stored: a database leak does not reveal usable codes, and a code
cannot be checked offline without the key. Codes are single use, expire after
``MAKTABA_PORTAL["CODE_TTL_DAYS"]`` days, can be revoked, and issuing a new one for the same
person revokes the old one. The plain code exists only in the return value of ``issue_*``: it is
printed on the slip there and then, never stored or logged.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..conf import portal_setting
from ..models import ActivationCode, Enrolment, Guardian, GuardianLink, Pupil, SchoolClass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 14  # 14 × 5 = 70 bits
GROUPS = (4, 4, 4, 2)
_HMAC_SALT = "maktaba.portal_auth.activation_code"

# Crockford's decoding rules for the letters people confuse with digits.
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Arabic-Indic and extended Arabic-Indic digits typed on Arabic phone keyboards.
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = str.maketrans("", "", " -_.\u00a0\u2010\u2011\u2012\u2013\u2014\t\r\n")


def generate_code() -> str:
    """A new random code in its canonical (ungrouped, upper-case) form."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group a canonical code for printing: ``ABCD-EFGH-JKMN-PQ``."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)


def normalise_code(raw: str) -> str | None:
    """What the user typed → the canonical code, or ``None`` if it cannot be a code.

    Accepts any case, spaces and dashes, Arabic-Indic digits, and Crockford's confusables
    (O → 0, I and L → 1).
    """
    if not raw or len(raw) > 64:
        return None
    code = raw.translate(_ARABIC_DIGITS).translate(_SEPARATORS).upper().translate(_CONFUSABLES)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def hash_code(code: str, secret: str | None = None) -> str:
    """The keyed hash stored for a canonical code."""
    return salted_hmac(_HMAC_SALT, code, secret=secret, algorithm="sha256").hexdigest()


def _matches(code: str, stored_hash: str) -> bool:
    """Constant-time comparison, also accepting hashes made with a rotated-out ``SECRET_KEY``."""
    secrets_to_try = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        hmac.compare_digest(hash_code(code, secret), stored_hash) for secret in secrets_to_try
    )


@dataclass(frozen=True)
class IssuedCode:
    """A freshly issued code: the record and the plain code, to print once."""

    record: ActivationCode
    plain: str

    @property
    def printable(self) -> str:
        return format_code(self.plain)


def _issue(kind: str, pupil: Pupil, guardian: Guardian | None, issued_by) -> IssuedCode:
    now = timezone.now()
    with transaction.atomic():
        ActivationCode.objects.filter(kind=kind, pupil=pupil, guardian=guardian).usable().update(
            revoked_at=now
        )
        plain = generate_code()
        record = ActivationCode.objects.create(
            kind=kind,
            pupil=pupil,
            guardian=guardian,
            code_hash=hash_code(plain),
            issued_by=issued_by,
            issued_at=now,
            expires_at=now + timedelta(days=portal_setting("CODE_TTL_DAYS")),
        )
    return IssuedCode(record=record, plain=plain)


def issue_pupil_code(pupil: Pupil, issued_by=None) -> IssuedCode:
    """A new code for the pupil's own account; any earlier unused one is revoked."""
    return _issue(ActivationCode.Kind.PUPIL, pupil, None, issued_by)


def issue_guardian_code(link: GuardianLink, issued_by=None) -> IssuedCode:
    """A new code for this guardian and this child; any earlier unused one is revoked."""
    return _issue(ActivationCode.Kind.GUARDIAN, link.pupil, link.guardian, issued_by)


@dataclass(frozen=True)
class SlipEntry:
    """One printed slip: who it is for and the code."""

    pupil: Pupil
    guardian: Guardian | None
    issued: IssuedCode


def issue_for_pupils(
    pupils,
    issued_by=None,
    *,
    for_pupils: bool = True,
    for_guardians: bool = True,
    skip_activated: bool = False,
) -> list[SlipEntry]:
    """Bulk issue for a set of pupils (a class, a school): one slip per pupil and per guardian.

    With ``skip_activated``, pupils who have an account and guardians who already confirmed
    that child get no new code (their existing access is left alone). A link ended by a move to
    the right guardian never gets a code again.
    """
    entries: list[SlipEntry] = []
    with transaction.atomic():
        for pupil in pupils:
            if for_pupils and not (skip_activated and pupil.user_id):
                entries.append(SlipEntry(pupil, None, issue_pupil_code(pupil, issued_by)))
            if for_guardians:
                links = pupil.guardian_links.filter(ended_at__isnull=True)
                for link in links.select_related("guardian").order_by("pk"):
                    if skip_activated and link.confirmed_at:
                        continue
                    entries.append(
                        SlipEntry(pupil, link.guardian, issue_guardian_code(link, issued_by))
                    )
    return entries


def issue_for_class(school_class: SchoolClass, issued_by=None, **kinds) -> list[SlipEntry]:
    pupils = Pupil.objects.filter(
        pk__in=Enrolment.objects.filter(school_class=school_class).values("pupil")
    ).order_by("last_name_latin", "first_name_latin", "massar_code")
    return issue_for_pupils(pupils, issued_by, **kinds)


def issue_for_school(school, issued_by=None, **kinds) -> list[SlipEntry]:
    """Bulk issue for every pupil enrolled this year in ``school``, class by class."""
    from ..models import SchoolYear

    year = SchoolYear.objects.current()
    pupils = Pupil.objects.filter(
        enrolments__year=year, enrolments__school_class__school=school
    ).order_by(
        "enrolments__school_class__name", "last_name_latin", "first_name_latin", "massar_code"
    )
    return issue_for_pupils(pupils, issued_by, **kinds)


def revoke(code: ActivationCode) -> bool:
    """Revoke an unused code; returns whether anything changed."""
    return bool(
        ActivationCode.objects.filter(pk=code.pk).usable().update(revoked_at=timezone.now())
    )


def find_usable_code(
    raw: str, *, pupil: Pupil, guardian: Guardian | None = None, lock: bool = False
) -> ActivationCode | None:
    """The usable code of this pupil (and guardian) matching what the user typed, or ``None``.

    Candidates are looked up by owner, not by hash, and each is compared in constant time. With
    ``lock`` (inside a transaction) the row is locked so two tabs cannot redeem it twice.
    """
    code = normalise_code(raw)
    if code is None:
        return None
    kind = ActivationCode.Kind.GUARDIAN if guardian else ActivationCode.Kind.PUPIL
    candidates = ActivationCode.objects.usable().filter(kind=kind, pupil=pupil, guardian=guardian)
    if lock:
        candidates = candidates.select_for_update()
    found = None
    for candidate in candidates:
        if _matches(code, candidate.code_hash):
            found = candidate
    return found


def was_used(raw: str, *, pupil: Pupil | None, guardian: Guardian | None = None) -> bool:
    """Whether what was typed is this pupil's (and guardian's) code, already redeemed.

    Only someone holding the real slip can learn this, so saying it leaks nothing a guess
    could find; it lets the answer tell a reused slip from a typo.
    """
    code = normalise_code(raw)
    if code is None or pupil is None:
        return False
    kind = ActivationCode.Kind.GUARDIAN if guardian else ActivationCode.Kind.PUPIL
    used = ActivationCode.objects.filter(
        kind=kind, pupil=pupil, guardian=guardian, used_at__isnull=False
    )
    return any(_matches(code, candidate.code_hash) for candidate in used)


def mark_used(code: ActivationCode) -> bool:
    """Consume the code; ``False`` if another request consumed it first."""
    return bool(ActivationCode.objects.filter(pk=code.pk).usable().update(used_at=timezone.now()))
