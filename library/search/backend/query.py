"""Compiling modelsearch query objects (PlainText, Phrase, Fuzzy, Boost, And, Or, Not, MatchAll)
into Whoosh queries over the per-language fields.

Each query word is analysed once per language, exactly as documents of that language were; a word
that is a stopword in any of the languages is dropped (it carries no meaning and would make an
AND query fail on the other languages' fields).
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import DateTimeField
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup as DjangoLookup
from django.utils import timezone
from modelsearch.backends.base import (
    BaseSearchQueryCompiler,
    FilterError,
    FilterFieldError,
    get_model_root,
)
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from library.search.analysis import LANGUAGES, analyze, split_words
from library.search.analysis.pipeline import analyze_word, autocomplete_forms

from .dismax import BestField
from .documents import FieldPath, autocomplete_paths, chosen_paths, searchable_paths
from .filters import (
    LOOKUPS,
    MATCH_NONE,
    MEMBERSHIP,
    Connective,
    NotPushable,
    primary_key_or_many_to_many,
    query_value,
)
from .filters import Lookup as IndexLookup
from .schema import ID_FIELD, TYPES_FIELD, autocomplete_field_name, text_field_name

#: Guards so that no query, however long, becomes slow.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 16


# Matches no document, and unlike NullQuery is not dropped from an And by normalisation.
_NOTHING = wq.Term(ID_FIELD, "\x00")


def limit_words(text: str) -> list[str]:
    return split_words(text[:MAX_QUERY_CHARS])[:MAX_QUERY_WORDS]


def _combine(queries: list, operator: str):
    queries = [q for q in queries if q is not None]
    if not queries:
        return wq.NullQuery
    if len(queries) == 1:
        return queries[0]
    return wq.And(queries) if operator == "and" else wq.Or(queries)


def _with_boost(query, boost: float):
    """Multiply a query's scores by ``boost`` (Whoosh drops the boost of one-child compounds)."""
    if boost == 1 or query is wq.NullQuery or isinstance(query, wq.Not):
        return query
    if isinstance(query, wq.compound.CompoundQuery) and len(query.subqueries) == 1:
        return query.__class__([_with_boost(query.subqueries[0], boost)], boost=query.boost)
    return query.with_boost(query.boost * boost)


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    HANDLES_ORDER_BY_EXPRESSIONS = True

    def _field_paths(self) -> list[FieldPath]:
        return chosen_paths(searchable_paths(self.queryset.model), self.fields)

    # -- filters answered by the index (filters.py) --------------------------------------------
    def index_filters(self):
        """The queryset's filters as a tree the index can answer, or None (the database will)."""
        if not hasattr(self, "_index_filters"):
            try:
                self._index_filters = self._get_filters_from_queryset()
            except (NotPushable, FilterError, FilterFieldError):
                self._index_filters = None
        return self._index_filters

    def _get_filters_from_where_node(self, where_node, check_only=False):
        # Two kinds of lookup modelsearch cannot place, both answered by the index: on the
        # primary key or a parent link (``pk__in=[…]``, and ``public()``'s ``page_ptr IN (…)``,
        # which modelsearch would silently drop), and on a many-to-many FilterField
        # (``levels=3``, whose column lives in the through table), which modelsearch refuses
        # with FilterFieldError although the FilterField is declared.
        if isinstance(where_node, DjangoLookup) and isinstance(where_node.lhs, Col):
            column = where_node.lhs
            attname = primary_key_or_many_to_many(self.queryset.model, column)
            if attname is not None:
                if check_only:
                    return None
                lookup = where_node.lookup_name
                if lookup not in LOOKUPS or (attname != "pk" and lookup not in MEMBERSHIP):
                    raise NotPushable(f"{lookup} on {attname}")
                return IndexLookup(attname, lookup, query_value(lookup, where_node.rhs))
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _process_lookup(self, field_path, lookup, value):
        if len(field_path) != 1 or lookup not in LOOKUPS:
            raise NotPushable(f"{lookup} through {len(field_path) - 1} relation(s)")
        filter_field = field_path[0]
        model = self.queryset.model
        try:
            field = filter_field.get_field(model)
        except FieldDoesNotExist as exc:
            raise NotPushable("not a model field") from exc
        if field.many_to_many or field.one_to_many:
            # A lookup on the related table's own columns: the database answers it.
            raise NotPushable("many-to-many lookup")
        if (
            isinstance(field, DateTimeField)
            and isinstance(value, datetime.date)
            and not isinstance(value, datetime.datetime)
        ):
            # As the database does: a date against a datetime column means its midnight.
            value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
        return IndexLookup(filter_field.get_attname(model), lookup, query_value(lookup, value))

    def _process_match_none(self):
        return MATCH_NONE

    def _connect_filters(self, filters, connector, negated):
        if connector not in ("AND", "OR"):
            raise NotPushable(f"{connector} connector")
        return Connective(connector, tuple(filters), negated)

    def model_filter(self):
        return wq.Term(TYPES_FIELD, self.queryset.model._meta.label_lower)

    def compile(self, reader=None):
        """The whole Whoosh query: the search expression restricted to this model's documents.

        Given the index ``reader``, word terms absent from the index are left out, so a word
        usually becomes one or two field terms instead of fields × languages.
        """
        self._reader = reader
        expression = self._compile(self.query)
        if get_model_root(self.queryset.model) is self.queryset.model:
            # The index holds only this model and its subclasses: no type filter needed.
            return expression
        return wq.And([self.model_filter(), expression])

    # -- words -------------------------------------------------------------------------------
    def _word_query(self, word: str, paths: list[FieldPath]):
        terms = {}
        for language in LANGUAGES:
            term = analyze_word(word, language)
            if term is None:
                return None
            terms[language] = term
        leaves = [
            wq.Term(text_field_name(p.path, language), term, boost=p.boost)
            for p in paths
            for language, term in terms.items()
        ]
        reader = getattr(self, "_reader", None)
        if reader is not None:
            leaves = [leaf for leaf in leaves if (leaf.fieldname, leaf.text) in reader]
            if not leaves:
                return _NOTHING
            if len(leaves) == 1:
                return leaves[0]
        # Best field wins (with a small tie-break), as Elasticsearch's best_fields does, so a
        # word found in many fields does not outweigh two words found in the title.
        return BestField(leaves, tiebreak=0.1)

    def _fuzzy_word_query(self, word: str, paths: list[FieldPath]):
        subqueries = []
        for language in LANGUAGES:
            term = analyze_word(word, language)
            if term is None:
                return None
            distance = 1 if len(term) <= 5 else 2
            for p in paths:
                subqueries.append(
                    wq.FuzzyTerm(
                        text_field_name(p.path, language),
                        term,
                        boost=p.boost,
                        maxdist=distance,
                        prefixlength=1,
                    )
                )
        return wq.Or(subqueries)

    def _phrase_query(self, text: str, paths: list[FieldPath]):
        subqueries = []
        for language in LANGUAGES:
            words = [t.text for t in analyze(text[:MAX_QUERY_CHARS], language)][:MAX_QUERY_WORDS]
            if not words:
                continue
            for p in paths:
                field = text_field_name(p.path, language)
                if len(words) == 1:
                    subqueries.append(wq.Term(field, words[0], boost=p.boost))
                else:
                    subqueries.append(wq.Phrase(field, words, boost=p.boost))
        return wq.Or(subqueries) if subqueries else wq.NullQuery

    # -- query tree --------------------------------------------------------------------------
    def _compile(self, query):
        paths = self._field_paths()
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            words = [self._word_query(w, paths) for w in limit_words(query.query_string)]
            return _with_boost(_combine(words, query.operator), query.boost)
        if isinstance(query, Phrase):
            return self._phrase_query(query.query_string, paths)
        if isinstance(query, Fuzzy):
            words = [self._fuzzy_word_query(w, paths) for w in limit_words(query.query_string)]
            return _combine(words, query.operator)
        if isinstance(query, Boost):
            return _with_boost(self._compile(query.subquery), query.boost)
        if isinstance(query, And):
            return wq.And([self._compile(q) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self._compile(q) for q in query.subqueries])
        if isinstance(query, Not):
            return wq.And([wq.Every(), wq.Not(self._compile(query.subquery))])
        raise NotImplementedError(f"{type(query).__name__} is not supported by the Whoosh backend")


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Prefix matching on unstemmed words of the AutocompleteField paths."""

    def _field_paths(self) -> list[FieldPath]:
        return chosen_paths(autocomplete_paths(self.queryset.model), self.fields)

    def _compile(self, query):
        if not isinstance(query, PlainText):
            # MatchAll, And/Or/Not/Boost around plain text (the admin's parsed queries), Phrase:
            # the search compiler's own handling, with plain text completing as prefixes.
            return super()._compile(query)
        paths = self._field_paths()
        words = []
        for word in limit_words(query.query_string):
            forms = [f for f in autocomplete_forms(word) if f]
            words.append(
                wq.Or(
                    [
                        wq.Prefix(autocomplete_field_name(p.path), form)
                        for p in paths
                        for form in forms
                    ]
                )
                if forms and paths
                else None
            )
        if not paths:
            return wq.NullQuery
        return _combine(words, query.operator)
