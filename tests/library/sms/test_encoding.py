"""Encodings and segment counts, at the limits where a message splits."""

import pytest

from library.sms.encoding import GSM7, UCS2, layout


@pytest.mark.parametrize(
    "text, encoding, units, segments",
    [
        ("Absence de Salma le 3 déc.", GSM7, 26, 1),  # é is in GSM 03.38's basic table
        ("a" * 160, GSM7, 160, 1),
        ("a" * 161, GSM7, 161, 2),
        ("a" * 306, GSM7, 306, 2),
        ("a" * 307, GSM7, 307, 3),
        ("€" * 80, GSM7, 160, 1),  # the extension table takes two septets
        ("€" * 81, GSM7, 162, 2),
        ("Élève absente", GSM7, 13, 1),
        ("élève: à l'école", GSM7, 16, 1),
        ("Leçon", UCS2, 5, 1),  # ç is not in GSM 03.38 (only Ç is)
        ("غياب سلمى يوم 3 دجنبر", UCS2, 21, 1),
        ("غ" * 70, UCS2, 70, 1),
        ("غ" * 71, UCS2, 71, 2),
        ("غ" * 134, UCS2, 134, 2),
        ("غ" * 135, UCS2, 135, 3),
        ("👍", UCS2, 2, 1),  # beyond the BMP: a surrogate pair
    ],
)
def test_layout(text, encoding, units, segments):
    shape = layout(text)
    assert (shape.encoding, shape.units, shape.segments) == (encoding, units, segments)
