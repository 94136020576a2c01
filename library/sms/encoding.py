"""How a text travels by SMS, and what it costs in segments.

GSM 03.38's 7-bit alphabet carries 160 characters in one message, 153 in each part of a longer
one; characters of its extension table (``€ [ ] { } ^ ~ \\ |``) take two places. Anything else
(Arabic, most accented capitals, emoji) needs UCS-2: 70 characters, 67 a part; a character beyond
the Basic Multilingual Plane takes two.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7 = "gsm7"
UCS2 = "ucs2"
LIMITS = {GSM7: (160, 153), UCS2: (70, 67)}


@dataclass(frozen=True)
class Layout:
    encoding: str  # GSM7 or UCS2
    units: int  # septets (GSM7) or UTF-16 code units (UCS2)
    segments: int

    @property
    def single_limit(self) -> int:
        return LIMITS[self.encoding][0]


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def layout(text: str) -> Layout:
    """The encoding ``text`` needs and the number of messages it makes."""
    if is_gsm7(text):
        encoding = GSM7
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    else:
        encoding = UCS2
        units = len(text.encode("utf-16-be")) // 2
    single, part = LIMITS[encoding]
    segments = 1 if units <= single else -(-units // part)
    return Layout(encoding, units, segments)
