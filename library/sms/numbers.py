"""Phone numbers as gateways want them: E.164 (``+212612345678``).

Moroccan forms are the ones guardians and imports write: ``06 12 34 56 78``, ``0612-345678``,
``+212 6 12 34 56 78``, ``00212612345678``, ``212612345678``, in Latin or Arabic-Indic digits.
Only mobiles (06, 07) receive text messages; a fixed line (05) or a short number is refused with
a message that says why. A number abroad (a parent working in France or Spain) is accepted in its
international form (``+33…``, ``0033…``).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…) digits, as phones type them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u200e\u200f]")
MOROCCO = "212"


class InvalidNumber(ValueError):
    """A number no text message can reach; ``str()`` is a message for the person who typed it,
    ``code`` its reason for records (``reason(code)`` gives the message in any language)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(reason(code))


def reason(code: str) -> str:
    """The message for a refusal ``code``, in the active language."""
    messages = {
        "empty": _("No phone number was given."),
        "characters": _("A phone number has only digits, spaces and a leading +."),
        "length": _("A Moroccan number has 10 digits (06 or 07 and 8 more), like 06 12 34 56 78."),
        "fixed_line": _("This is a fixed line: text messages reach only mobiles (06 or 07)."),
        "abroad": _("Write a number abroad with its country code, like +33 6 12 34 56 78."),
    }
    return messages.get(code, code)


def normalize(raw: str) -> str:
    """``raw`` as E.164, or ``InvalidNumber`` with the reason in plain words."""
    text = _SEPARATORS.sub("", (raw or "").translate(_DIGITS))
    if not text:
        raise InvalidNumber("empty")
    if text.startswith("+"):
        digits = text[1:]
    elif text.startswith("00"):
        digits = text[2:]
    elif text.startswith("0"):
        digits = MOROCCO + text[1:]
    elif text.startswith(MOROCCO) and len(text) == 12:
        digits = text
    else:
        digits = MOROCCO + text if len(text) == 9 else text
    if not digits.isdigit():
        raise InvalidNumber("characters")
    if digits.startswith(MOROCCO):
        national = digits[len(MOROCCO) :]
        if len(national) == 10 and national[0] == "0":  # "+212 06…": the trunk 0 kept by habit
            national = national[1:]
            digits = MOROCCO + national
        if len(national) != 9:
            raise InvalidNumber("length")
        if national[0] not in "67":
            raise InvalidNumber("fixed_line")
        return f"+{digits}"
    if not 8 <= len(digits) <= 15 or digits[0] == "0":
        raise InvalidNumber("abroad")
    return f"+{digits}"
