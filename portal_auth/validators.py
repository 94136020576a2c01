"""Identifier formats of the Moroccan school system: Massar codes, CIN numbers, phone numbers.

Each identifier has one ``normalise_*`` function (what users type → what we store) and one
validator, so forms, importers, the login backend and the models agree on a single rule.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MASSAR_CODE_RE = re.compile(r"^[A-Z][0-9]{9}$")
# The national identity card number: one or two letters (the issuing office), then digits.
CIN_RE = re.compile(r"^[A-Z]{1,2}[0-9]{4,6}$")
# Moroccan mobile or fixed numbers, stored in the international form +212XXXXXXXXX.
PHONE_RE = re.compile(r"^\+212[5-8][0-9]{8}$")

_SPACES = re.compile(r"[\s\-_.]+")


def normalise_massar_code(raw: str) -> str:
    """Upper-case and strip spaces/dashes: ``j 130 045 678`` → ``J130045678``."""
    return _SPACES.sub("", (raw or "").strip()).upper()


def normalise_cin(raw: str) -> str:
    """Upper-case and strip spaces/dashes: ``ab-123 456`` → ``AB123456``."""
    return _SPACES.sub("", (raw or "").strip()).upper()


def normalise_phone(raw: str) -> str:
    """Return a Moroccan number as ``+212…``; ``06 12 34 56 78`` → ``+212612345678``.

    Anything that does not look Moroccan is returned cleaned but unchanged so the validator can
    reject it with a message instead of silently guessing.
    """
    digits = re.sub(r"[\s\-.()/]", "", (raw or "").strip())
    if digits.startswith("00212"):
        digits = "+" + digits[2:]
    elif digits.startswith("212"):
        digits = "+" + digits
    elif digits.startswith("0") and len(digits) == 10:
        digits = "+212" + digits[1:]
    return digits


def is_massar_code(value: str) -> bool:
    return bool(MASSAR_CODE_RE.match(value or ""))


def is_cin(value: str) -> bool:
    return bool(CIN_RE.match(value or ""))


validate_massar_code = RegexValidator(
    MASSAR_CODE_RE,
    _("A Massar code is one letter followed by nine digits, for example J130045678."),
    code="invalid_massar_code",
)
validate_cin = RegexValidator(
    CIN_RE,
    _("A national ID card number is one or two letters followed by digits, for example AB123456."),
    code="invalid_cin",
)
validate_phone = RegexValidator(
    PHONE_RE,
    _("Enter a Moroccan phone number, for example 0612345678."),
    code="invalid_phone",
)


def validate_school_day(day) -> None:
    """Tests and exams are sat Monday to Saturday (Saturday mornings are taught); not Sunday."""
    if day is not None and day.isoweekday() == 7:
        raise ValidationError(
            _("Sunday is not a school day: choose a date from Monday to Saturday."),
            code="not_a_school_day",
        )
