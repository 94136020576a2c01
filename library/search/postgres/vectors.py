"""Turning an object into the analysed lexemes PostgreSQL stores, and terms into ``tsquery`` text.

A lexeme is ``<field path>.<language>:<term>`` (``title.ar:معادل``): the same fields per language
as the Whoosh index (``title__ar``), so a query word analysed in each language meets exactly the
forms documents of that language were indexed with, and ``fields=[…]`` searches stay possible.
Vectors and queries are written as ``tsvector``/``tsquery`` literals and cast, so no text search
configuration touches them (the ``simple`` configuration's parser would split or fold them again).
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from modelsearch.index import SearchField

from library.search.analysis import analyze
from library.search.analysis.pipeline import autocomplete_forms
from library.search.analysis.tokenizer import tokenize
from library.search.backend.documents import SPELL_TEXT_CHARS, _collect, document_language
from library.search.backend.schema import HARAKAT

#: PostgreSQL limits: positions 1..16383, 256 positions per lexeme, lexemes < 2 KB.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
MAX_LEXEME_BYTES = 1000
#: Positions left between two values, so a phrase never spans two fields or two tags.
VALUE_GAP = 8

#: Field boosts → tsvector weights, in the order of the Whoosh boosts on ResourcePage:
#: title (6) → A, tags (4) → B, subject/level/track names (3) and summary (2) → C, body (1) → D.
WEIGHT_THRESHOLDS = ((5.0, "A"), (3.5, "B"), (1.5, "C"))
#: ts_rank's weights, in its order {D, C, B, A}: the boosts 1, 2.5, 4, 6 divided by 6.
RANK_WEIGHTS = "{0.1667,0.4167,0.6667,1.0}"
#: The weights of the "head" (title, tags, taxonomy names, summary): what a head term's impact
#: counts (the body, D, only matches).
HEAD_WEIGHTS = {"A": 1.0, "B": 0.6667, "C": 0.4167}


def weight_for_boost(boost: float | None) -> str:
    boost = float(boost or 1.0)
    for threshold, weight in WEIGHT_THRESHOLDS:
        if boost >= threshold:
            return weight
    return "D"


def lexeme(path: str, language: str, term: str) -> str:
    return f"{path}.{language}:{term}"


def head_term(language: str, term: str) -> str:
    """The key of a term in the head-term table: ``<language>:<term>`` (every head field)."""
    return f"{language}:{term}"


def autocomplete_lexeme(path: str, form: str) -> str:
    return f"{path}:{form}"


def quote(text: str) -> str:
    """A lexeme as a tsvector/tsquery literal (quotes doubled, backslashes escaped)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _fits(text: str) -> bool:
    return len(text.encode("utf-8")) <= MAX_LEXEME_BYTES


@dataclass
class IndexedDocument:
    """What one object contributes to the index."""

    language: str
    document: str  # tsvector literal
    autocomplete: str  # tsvector literal
    terms: set[str] = field(default_factory=set)  # analysed terms, for fuzzy queries
    #: ``<language>:<term>`` → impact (the head's weights of its occurrences over 1 + log of the
    #: head's length): a cheap, precomputed score that orders candidates for ranking.
    head: dict[str, float] = field(default_factory=dict)
    spell_words: set[str] = field(default_factory=set)  # public words, for suggestions


def spelling_words(text: str) -> set[str]:
    """Words offered as "did you mean" (as the Whoosh ``m_spell`` field keeps them)."""
    words = set()
    for token in tokenize(text):
        word = token.text.lower().translate(HARAKAT)
        if len(word) > 2 and not word.isdigit() and _fits(word):
            words.add(word)
    return words


def _vector_literal(positions: dict[str, list[str]]) -> str:
    parts = []
    for text, entries in positions.items():
        if entries:
            parts.append(f"{quote(text)}:{','.join(entries[:MAX_POSITIONS_PER_LEXEME])}")
        else:
            parts.append(quote(text))
    return " ".join(parts)


def build_indexed_document(obj) -> IndexedDocument:
    search_values: list[tuple[str, object, str]] = []
    autocomplete_values: list[tuple[str, str]] = []
    for path, definition, text in _collect(obj, type(obj).get_search_fields()):
        if isinstance(definition, SearchField):
            search_values.append((path, definition, text))
        else:
            autocomplete_values.append((path, text))
    all_text = "\n".join(text for _, _, text in search_values)
    language = document_language(obj, all_text)

    positions: dict[str, list[str]] = defaultdict(list)
    terms: set[str] = set()
    head: dict[str, float] = defaultdict(float)
    head_length = 0
    next_position = 1
    for path, definition, text in search_values:
        weight = weight_for_boost(getattr(definition, "boost", None))
        analysed = analyze(text, language)
        for term in analysed:
            text_lexeme = lexeme(path, language, term.text)
            if not _fits(text_lexeme):
                continue
            position = min(next_position + term.position, MAX_POSITION)
            positions[text_lexeme].append(f"{position}{weight}")
            terms.add(term.text)
            if weight in HEAD_WEIGHTS:
                head[head_term(language, term.text)] += HEAD_WEIGHTS[weight]
                head_length += 1
        next_position += (analysed[-1].position + 1 if analysed else 0) + VALUE_GAP

    forms: dict[str, list[str]] = {}
    for path, text in autocomplete_values:
        for token in tokenize(text):
            for form in autocomplete_forms(token.text):
                form_lexeme = autocomplete_lexeme(path, form)
                if form and _fits(form_lexeme):
                    forms[form_lexeme] = []

    spell_words: set[str] = set()
    suggestable = getattr(obj, "search_suggestions_allowed", None)
    if suggestable is None or (suggestable() if callable(suggestable) else suggestable):
        spell_words = spelling_words(all_text[:SPELL_TEXT_CHARS])
    return IndexedDocument(
        language=language,
        document=_vector_literal(positions),
        autocomplete=_vector_literal(forms),
        terms=terms,
        spell_words=spell_words,
        head={key: value / (1 + math.log1p(head_length)) for key, value in head.items()},
    )
