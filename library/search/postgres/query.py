"""Compiling modelsearch query objects into ``tsquery`` text over Maktaba's analysed lexemes.

Each query word is analysed once per language, exactly as on Whoosh (``backend/query.py``): a
word becomes the OR of its lexemes ``<path>.<language>:<term>`` over the searched fields and
languages, and a word that is a stopword in any language is dropped. Only analysed terms reach
the ``tsquery`` literal, each one quoted: no character of the user's text has a syntax meaning,
and the literal is always passed as a query parameter.
"""

from dataclasses import dataclass, field

from django.db.models.expressions import Col
from django.db.models.lookups import Lookup as DjangoLookup
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText

from library.search.analysis import LANGUAGES, analyze
from library.search.analysis.pipeline import analyze_word, autocomplete_forms
from library.search.backend.documents import (
    FieldPath,
    autocomplete_paths,
    chosen_paths,
    searchable_paths,
)
from library.search.backend.filters import primary_key_or_many_to_many
from library.search.backend.query import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    limit_words,
)

from .vectors import autocomplete_lexeme, head_term, lexeme, quote

#: Markers for the two queries that need no ``tsquery``: every document, no document.
ALL = "ALL"
NONE = "NONE"


@dataclass
class Compiled:
    """A ``tsquery`` literal (or ALL / NONE) and the parts that score, with their boosts."""

    match: str
    ranks: list[tuple[str, float]] = field(default_factory=list)
    #: Head-term keys (``<language>:<term>``) of the plain words that score: where the
    #: candidates of a ranked search come from. Empty: every match is ranked.
    terms: tuple[str, ...] = ()


def _combine(parts: list[Compiled], operator: str) -> Compiled:
    ranks = [rank for part in parts for rank in part.ranks]
    # Candidates can come from the terms only if every part that may match has some.
    scoring = [part for part in parts if part.match not in (ALL, NONE)]
    terms = ()
    if scoring and all(part.terms for part in scoring):
        terms = tuple(dict.fromkeys(term for part in scoring for term in part.terms))
    matches = [part.match for part in parts]
    if operator == "and":
        if NONE in matches:
            return Compiled(NONE)
        matches = [m for m in matches if m != ALL]
        if not matches:
            return Compiled(ALL, ranks)
        return Compiled(" & ".join(f"({m})" for m in matches), ranks, terms)
    if ALL in matches:
        return Compiled(ALL, ranks)
    matches = [m for m in matches if m != NONE]
    if not matches:
        return Compiled(NONE)
    return Compiled(" | ".join(f"({m})" for m in matches), ranks, terms)


def _any_of(lexemes: list[str], prefix: bool = False) -> str:
    suffix = ":*" if prefix else ""
    return " | ".join(f"{quote(text)}{suffix}" for text in dict.fromkeys(lexemes))


class PostgresSearchQueryCompiler(BaseSearchQueryCompiler):
    HANDLES_ORDER_BY_EXPRESSIONS = True
    #: The vector column a compiled query is matched against.
    column = "document"

    def _get_filters_from_where_node(self, where_node, check_only=False):
        # The database answers every filter; as on Whoosh, a lookup on the primary key, a
        # parent link or a many-to-many FilterField (``levels=3``) is accepted, which
        # modelsearch would refuse although the FilterField is declared.
        if isinstance(where_node, DjangoLookup) and isinstance(where_node.lhs, Col):
            if primary_key_or_many_to_many(self.queryset.model, where_node.lhs):
                return None
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _field_paths(self) -> list[FieldPath]:
        return chosen_paths(searchable_paths(self.queryset.model), self.fields)

    def compiled(self, backend) -> Compiled:
        """The compiled query (kept: result clones share their compiler)."""
        if not hasattr(self, "_compiled"):
            self._backend = backend
            self._compiled = self._compile(self.query)
        return self._compiled

    # -- words -------------------------------------------------------------------------------
    def _word_terms(self, word: str) -> dict[str, str] | None:
        terms = {}
        for language in LANGUAGES:
            term = analyze_word(word, language)
            if term is None:
                return None
            terms[language] = term
        return terms

    def _word(self, word: str, paths: list[FieldPath]) -> Compiled | None:
        terms = self._word_terms(word)
        if terms is None:
            return None
        lexemes = [lexeme(p.path, lang, term) for p in paths for lang, term in terms.items()]
        if not lexemes:
            return Compiled(NONE)
        keys = tuple(dict.fromkeys(head_term(lang, term) for lang, term in terms.items()))
        return Compiled(_any_of(lexemes), terms=keys)

    def _fuzzy_word(self, word: str, paths: list[FieldPath]) -> Compiled | None:
        terms = self._word_terms(word)
        if terms is None:
            return None
        lexemes = []
        for language, term in terms.items():
            distance = 1 if len(term) <= 5 else 2
            for candidate in self._backend.similar_terms(self.queryset.model, term, distance):
                lexemes.extend(lexeme(p.path, language, candidate) for p in paths)
        return Compiled(_any_of(lexemes)) if lexemes else Compiled(NONE)

    def _words(self, query, word_compiler) -> Compiled:
        paths = self._field_paths()
        parts = [word_compiler(w, paths) for w in limit_words(query.query_string)]
        parts = [part for part in parts if part is not None]
        if not parts:
            return Compiled(NONE)
        combined = _combine(parts, query.operator)
        if combined.match in (ALL, NONE):
            return combined
        return Compiled(combined.match, [(combined.match, 1.0)], combined.terms)

    def _phrase(self, text: str) -> Compiled:
        alternatives = []
        for language in LANGUAGES:
            words = [t.text for t in analyze(text[:MAX_QUERY_CHARS], language)][:MAX_QUERY_WORDS]
            if not words:
                continue
            for p in self._field_paths():
                alternatives.append(
                    " <-> ".join(quote(lexeme(p.path, language, word)) for word in words)
                )
        if not alternatives:
            return Compiled(NONE)
        match = " | ".join(f"({a})" for a in dict.fromkeys(alternatives))
        return Compiled(match, [(match, 1.0)])

    # -- query tree --------------------------------------------------------------------------
    def _compile(self, query) -> Compiled:
        if isinstance(query, MatchAll):
            return Compiled(ALL)
        if isinstance(query, PlainText):
            return _boosted(self._words(query, self._word), query.boost)
        if isinstance(query, Phrase):
            return self._phrase(query.query_string)
        if isinstance(query, Fuzzy):
            return self._words(query, self._fuzzy_word)
        if isinstance(query, Boost):
            return _boosted(self._compile(query.subquery), query.boost)
        if isinstance(query, And):
            return _combine([self._compile(q) for q in query.subqueries], "and")
        if isinstance(query, Or):
            return _combine([self._compile(q) for q in query.subqueries], "or")
        if isinstance(query, Not):
            inner = self._compile(query.subquery).match
            if inner == ALL:
                return Compiled(NONE)
            if inner == NONE:
                return Compiled(ALL)
            return Compiled(f"!({inner})")
        raise NotImplementedError(f"{type(query).__name__} is not supported by this backend")


def _boosted(compiled: Compiled, boost: float) -> Compiled:
    if boost == 1:
        return compiled
    ranks = [(text, weight * boost) for text, weight in compiled.ranks]
    return Compiled(compiled.match, ranks, compiled.terms)


class PostgresAutocompleteQueryCompiler(PostgresSearchQueryCompiler):
    """Prefix matching on the unstemmed words of the AutocompleteField paths."""

    column = "autocomplete"

    def _field_paths(self) -> list[FieldPath]:
        return chosen_paths(autocomplete_paths(self.queryset.model), self.fields)

    def _compile(self, query) -> Compiled:
        if not isinstance(query, PlainText):
            # MatchAll, And/Or/Not/Boost around plain text (the admin's parsed queries), Phrase:
            # the search compiler's own handling, with plain text completing as prefixes.
            return super()._compile(query)
        paths = self._field_paths()
        if not paths:
            return Compiled(NONE)
        parts = []
        for word in limit_words(query.query_string):
            forms = [f for f in autocomplete_forms(word) if f]
            if forms:
                lexemes = [autocomplete_lexeme(p.path, form) for p in paths for form in forms]
                parts.append(Compiled(_any_of(lexemes, prefix=True)))
        if not parts:
            return Compiled(NONE)
        combined = _combine(parts, query.operator)
        return Compiled(combined.match, [(combined.match, 1.0)])
