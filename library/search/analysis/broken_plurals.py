"""Reading the broken-plural lexicon (``broken_plurals.tsv``): form → singular, as written.

Arabic broken plurals (جموع التكسير: كتب/كتاب, مدن/مدينة, أفكار/فكرة) change the word's inside,
which no light stemmer can undo; the lexicon lists the school vocabulary's ones. This module only
reads and checks the file; ``arabic.py`` normalises both sides and applies it, on documents and
queries alike (see the file's header for where the entries come from and how they are reviewed).
"""

from pathlib import Path

from .tokenizer import is_arabic_script

LEXICON_PATH = Path(__file__).with_name("broken_plurals.tsv")


class LexiconError(ValueError):
    """A malformed or contradictory line of the lexicon (the message names the line)."""


def read_lexicon(path: Path = LEXICON_PATH) -> list[tuple[str, str]]:
    """The ``(form, singular)`` pairs of the file, in order; a bad line raises LexiconError."""
    pairs: list[tuple[str, str]] = []
    singular_of: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(fields):
            raise LexiconError(f"{path.name}:{number}: expected '<plural><TAB><singular>'")
        form, singular = (field.strip() for field in fields)
        for word in (form, singular):
            if not word.isalpha() or not is_arabic_script(word):
                raise LexiconError(f"{path.name}:{number}: {word!r} is not one Arabic word")
        previous = singular_of.get(form)
        if previous is not None and previous[0] != singular:
            raise LexiconError(
                f"{path.name}:{number}: {form} is already the plural of {previous[0]} "
                f"(line {previous[1]})"
            )
        singular_of[form] = (singular, number)
        pairs.append((form, singular))
    return pairs
