"""What the configured search backend can do, so that pages ask before they use it.

Backends differ: Maktaba's own (Whoosh, PostgreSQL) suggest a spelling, count facets on every
FilterField and filter on many-to-many FilterFields; modelsearch's stock database backends have no
``suggest()``, look facet fields up by their column name (``subject_id``) and refuse a filter on a
many-to-many field (``FilterFieldError``); Elasticsearch/OpenSearch suggest nothing either.

``capabilities(backend)`` answers for one backend instance. Detection is by what the backend
offers (a ``suggest`` method, a ``facet`` of its own), by asking its query compiler to check a
queryset (no query runs), and, as a last guard, by catching the backend's own refusal once and
remembering it for the backend's class: whatever a backend cannot do is left out of the page,
never turned into an error page.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from modelsearch.backends.base import BaseSearchBackend, BaseSearchResults, FieldError
from modelsearch.query import MATCH_ALL

logger = logging.getLogger("maktaba.search")

# Backends written for Maktaba (Whoosh, PostgreSQL): known to take any text safely.
MAKTABA_BACKENDS = ("library.search.backend", "library.search.postgres")

# (backend class, model label, what) of facets and suggestions a backend refused once.
_REFUSED: set[tuple[type, str, str]] = set()
# (backend class, model label, lookup) → whether the backend's compiler accepts the lookup.
_ACCEPTED: dict[tuple[type, str, str], bool] = {}


def _refuse(backend: BaseSearchBackend, model: type[Model], what: str, error: Exception) -> None:
    key = (type(backend), model._meta.label, what)
    if key not in _REFUSED:
        _REFUSED.add(key)
        logger.warning(
            "Search backend %s cannot %s on %s; left out of the page: %s",
            type(backend).__name__,
            what,
            model._meta.label,
            error,
        )


def filter_field_attname(model: type[Model], name: str) -> str | None:
    """The column name of ``model``'s FilterField called ``name`` (``subject`` → ``subject_id``)."""
    for search_field in model.get_filterable_search_fields():
        if search_field.field_name == name or search_field.get_attname(model) == name:
            return search_field.get_attname(model)
    return None


def words_only(text: str) -> str:
    """Letters, digits, combining marks (harakat), spaces and double quotes; the rest → spaces."""
    return "".join(
        ch
        if ch.isalnum() or ch == '"' or ch.isspace() or unicodedata.category(ch).startswith("M")
        else " "
        for ch in text
    )


@dataclass
class SearchCapabilities:
    backend: BaseSearchBackend
    suggestions: bool
    facets: bool
    # Maktaba's backends build query objects and never parse the text; stock backends pass parts
    # of it to an engine's own syntax (SQLite FTS5 MATCH, tsquery), where «"x (» is an error.
    syntax_safe: bool
    autocompletes: bool = False

    def engine_text(self, text: str) -> str:
        """The query text as this backend may receive it (punctuation dropped where unsafe)."""
        return text if self.syntax_safe else " ".join(words_only(text).split())

    # --- filters
    def accepts(self, queryset: QuerySet) -> bool:
        """Whether the backend can search within ``queryset`` (its compiler's check, no query)."""
        compiler_class = self.backend.query_compiler_class
        if compiler_class is None:
            return False
        try:
            compiler_class(queryset, MATCH_ALL).check()
        except (FieldError, NotImplementedError):
            return False
        return True

    def narrow(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """``queryset`` filtered by ``name=value`` in a form the backend accepts.

        A lookup the backend refuses (a many-to-many field on the stock backends) becomes a
        primary-key subquery, which every backend accepts (the database ones keep it in SQL,
        Elasticsearch/OpenSearch run it and send the keys).
        """
        direct = queryset.filter(**{name: value})
        key = (type(self.backend), queryset.model._meta.label, name)
        if key not in _ACCEPTED:
            _ACCEPTED[key] = self.accepts(direct)
        if _ACCEPTED[key]:
            return direct
        matching = queryset.model._default_manager.filter(**{name: value}).values("pk")
        return queryset.filter(pk__in=matching)

    # --- facets
    def facet(self, results: BaseSearchResults, model: type[Model], name: str) -> dict | None:
        """Counts per value of the FilterField ``name`` among ``results``, or None if the backend
        cannot count them (then the page shows no such facet)."""
        attname = filter_field_attname(model, name)
        if not self.facets or attname is None:
            return None
        if (type(self.backend), model._meta.label, f"facet {attname}") in _REFUSED:
            return None
        try:
            return dict(results.facet(attname))
        except (FieldError, NotImplementedError) as error:
            _refuse(self.backend, model, f"facet {attname}", error)
            return None

    # --- "did you mean"
    # --- autocomplete (titles as the pupil types)
    def autocomplete(
        self, queryset: QuerySet, text: str, limit: int, fields: list[str] | None = None
    ) -> list:
        """Up to ``limit`` objects of ``queryset`` whose ``fields`` have words starting as
        ``text``'s do, best first; an empty list when the backend cannot autocomplete."""
        model = queryset.model
        if not self.autocompletes or (type(self.backend), model._meta.label, "autocomplete") in (
            _REFUSED
        ):
            return []
        try:
            return list(self.backend.autocomplete(text, queryset, fields=fields)[:limit])
        except (FieldError, NotImplementedError) as error:
            _refuse(self.backend, model, "autocomplete", error)
            return []

    def suggest(self, model: type[Model], text: str) -> str | None:
        if not self.suggestions:
            return None
        try:
            return self.backend.suggest(model, text)
        except NotImplementedError as error:
            _refuse(self.backend, model, "suggest", error)
            return None


def capabilities(backend: BaseSearchBackend) -> SearchCapabilities:
    results_class = getattr(backend, "results_class", None)
    facets = bool(results_class) and results_class.facet is not BaseSearchResults.facet
    return SearchCapabilities(
        backend=backend,
        suggestions=callable(getattr(backend, "suggest", None)),
        facets=facets,
        syntax_safe=type(backend).__module__.startswith(MAKTABA_BACKENDS),
        autocompletes=getattr(backend, "autocomplete_query_compiler_class", None) is not None,
    )
