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

# Combining marks kept inside words: Latin diacritics and the Arabic harakat, Quranic marks and
# superscript alef (categories Mn/Mc that ``\w`` leaves out).
_MARKS = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4"
    "\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
)
APOSTROPHES = "'\u2019\u02bc"
_WORD_RE = re.compile(rf"[\w{_MARKS}]+(?:[{APOSTROPHES}][\w{_MARKS}]+)*")
_ARABIC_LETTER_RE = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc]"
)

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
    # "_" is a word character for ``\w`` but a separator for us; same length keeps offsets.
    for match in _WORD_RE.finditer(text.replace("_", " ")):
        yield RawToken(match.group(0).translate(_DIGITS), match.start(), match.end())


def is_arabic_script(word: str) -> bool:
    """True when the word holds at least one letter of the Arabic script blocks."""
    return _ARABIC_LETTER_RE.search(word) is not None
