"""A tokenizer that keeps Arabic diacritics (harakat), tatweel and inner apostrophes inside words.

Python's ``\\w`` does not match combining marks (Unicode category Mn/Mc), so a plain ``\\w+`` split
cuts «المُعَادَلَة» at every haraka. We accept letters, digits and combining marks, and join two
letter runs separated by one apostrophe (``l'équation``, ``aujourd'hui``) so elision can be handled
by the French filter rather than lost here.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_MARKS = "".join(
    chr(c) for c in range(0x300, 0x2000) if unicodedata.category(chr(c)) in ("Mn", "Mc")
)
_WORD_CHAR = rf"[^\W_]|[{re.escape(_MARKS)}]"
APOSTROPHES = "'\u2019\u02bc"
_WORD_RE = re.compile(rf"(?:{_WORD_CHAR})+(?:[{APOSTROPHES}](?:{_WORD_CHAR})+)*")

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits → ASCII, as Lucene's
# DecimalDigitFilter does for any Unicode decimal digit.
_DIGITS = {
    ord(ch): str(unicodedata.decimal(ch))
    for ch in map(chr, range(0x660, 0x6FA))
    if unicodedata.category(ch) == "Nd"
}


@dataclass(frozen=True, slots=True)
class RawToken:
    """A word as it appears in the text, with its character span."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> Iterator[RawToken]:
    """Yield the words of ``text`` with their offsets (for highlighting)."""
    for match in _WORD_RE.finditer(text):
        yield RawToken(match.group(0).translate(_DIGITS), match.start(), match.end())


def is_arabic_script(word: str) -> bool:
    """True when the word holds at least one letter of the Arabic script blocks."""
    for ch in word:
        code = ord(ch)
        if (
            0x0600 <= code <= 0x06FF
            or 0x0750 <= code <= 0x077F
            or 0x08A0 <= code <= 0x08FF
            or 0xFB50 <= code <= 0xFDFF
            or 0xFE70 <= code <= 0xFEFF
        ):
            if unicodedata.category(ch).startswith("L"):
                return True
    return False
