"""Script-aware analysis: one entry point for documents, queries, autocomplete and highlighting.

A document is analysed in its own language (``ar``, ``fr`` or ``en``), but a word in Arabic script
always takes the Arabic path, whatever the document's language, and a Latin word inside an Arabic
document takes the French path (the second language of Moroccan schools). Because the query side
runs the same functions per language field, an Arabic query meets Arabic forms and a French query
French forms, and a mixed query meets both.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import arabic, english, french
from .tokenizer import is_arabic_script, tokenize

LANGUAGES = ("ar", "fr", "en")

_LATIN_PATH = {"ar": french.analyze_word, "fr": french.analyze_word, "en": english.analyze_word}


@dataclass(frozen=True, slots=True)
class Term:
    """An index term with its position (counting only kept words) and its span in the text."""

    text: str
    position: int
    start: int
    end: int


@lru_cache(maxsize=262_144)
def analyze_word(word: str, language: str) -> str | None:
    """One token → its index term in ``language``'s analysis, or None for a stopword.

    Cached: word frequencies are Zipfian, so most tokens of a corpus are seen before.
    """
    if is_arabic_script(word):
        return arabic.analyze_word(word)
    return _LATIN_PATH.get(language, french.analyze_word)(word)


def analyze(text: str, language: str) -> list[Term]:
    """Analyse running text; positions skip stopwords so phrases match across them."""
    terms: list[Term] = []
    for token in tokenize(text):
        term = analyze_word(token.text, language)
        if term:
            terms.append(Term(term, len(terms), token.start, token.end))
    return terms


def autocomplete_forms(word: str) -> list[str]:
    """Unstemmed, normalised forms of a word for prefix matching (article-less form too)."""
    if is_arabic_script(word):
        plain = arabic.normalise(word.lower())
        bare = arabic.strip_article(plain)
        return [plain] if bare == plain else [plain, bare]
    plain = french.fold_accents(word.lower()).replace("\u2019", "'")
    bare = french.fold_accents(french.strip_elision(word).lower())
    return [plain] if bare == plain else [plain, bare]


def analyze_for_autocomplete(text: str) -> Iterator[Term]:
    """Every word, unstemmed and without stopword removal, for prefix queries."""
    for position, token in enumerate(tokenize(text)):
        for form in autocomplete_forms(token.text):
            if form:
                yield Term(form, position, token.start, token.end)


def split_words(text: str) -> list[str]:
    """The words of a query, as the tokenizer sees them."""
    return [token.text for token in tokenize(text)]


_FRENCH_MARKERS = frozenset(
    "le la les des du une est et en pour dans sur avec au aux qui que ce cette sont par".split()
)
_ENGLISH_MARKERS = frozenset(
    "the and of to in is for with on that this are by from as an be it".split()
)


def detect_language(text: str, default: str = "fr") -> str:
    """Guess ``ar``, ``fr`` or ``en`` from script and a few function words.

    Used for models that do not say their language: mostly-Arabic-script text is Arabic; for Latin
    text, French function words outvoting English ones means French.
    """
    arabic_words = latin_words = french_votes = english_votes = 0
    for token in tokenize(text[:5000]):
        if is_arabic_script(token.text):
            arabic_words += 1
            continue
        latin_words += 1
        lowered = token.text.lower()
        french_votes += lowered in _FRENCH_MARKERS or lowered[:2] in ("l'", "d'")
        english_votes += lowered in _ENGLISH_MARKERS
    if arabic_words and arabic_words >= latin_words:
        return "ar"
    if english_votes > french_votes:
        return "en"
    if french_votes:
        return "fr"
    return "ar" if arabic_words else default
