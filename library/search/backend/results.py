"""Search results: the index finds, scores and (when it can) filters; the database loads.

The backend returns every matching document of the model with its score (relevance ties broken
by index order, so slices never repeat or skip). Filters on the model's own FilterFields
(``live``, ``public()``'s paths, ``kind``…) are answered by the index (filters.py), so only the
page's objects are loaded and facets are counted from stored values. Any other filter is applied
by intersecting the matching primary keys with the queryset in the database: every lookup Django
supports, through any ``RelatedFields``, behaves exactly as it would without search. Either way
unpublished or private objects never leak into results, counts or facets.
"""

from collections import Counter, OrderedDict

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError

#: Primary keys per ``pk__in`` query (under SQLite's variable limit).
PK_CHUNK = 30000


def _chunks(items: list, size: int = PK_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def facet_attname(compiler, field_name: str) -> str:
    """The column a facet on ``field_name`` counts, or ``FilterFieldError`` if it is no filter."""
    model = compiler.queryset.model
    field = compiler._get_filterable_field(field_name) or next(
        (f for f in model.get_filterable_search_fields() if f.field_name == field_name), None
    )
    if field is None:
        raise FilterFieldError(
            f'Cannot facet search results with field "{field_name}". Please add '
            f'index.FilterField("{field_name}") to {model.__name__}.search_fields.',
            field_name=field_name,
        )
    return field.get_attname(model)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    # -- matching ----------------------------------------------------------------------------
    def _hits(self) -> list[tuple[object, float]]:
        """(pk, score) for every match, best first; cached on the compiler shared by clones."""
        compiler = self.query_compiler
        if getattr(compiler, "_whoosh_hits", None) is None:
            compiler._whoosh_hits = self.backend.run_query(compiler)
        return compiler._whoosh_hits

    def _page_only(self) -> bool:
        """Relevance order and no filter left for the database: only the page leaves the index."""
        return self.query_compiler.order_by_relevance and self._filtered_in_index()

    def _filtered_in_index(self) -> bool:
        return self.backend.filtered_in_index(self.query_compiler)

    def _allowed_hits(self) -> list[tuple[object, float]]:
        """Every match the queryset allows, best first (the database checks what the index
        could not)."""
        compiler = self.query_compiler
        if getattr(compiler, "_allowed_hits", None) is None:
            hits = self._hits()
            if not self._filtered_in_index():
                queryset = compiler.queryset.order_by()
                allowed = set()
                for chunk in _chunks([pk for pk, _ in hits]):
                    allowed.update(queryset.filter(pk__in=chunk).values_list("pk", flat=True))
                hits = [(pk, score) for pk, score in hits if pk in allowed]
            compiler._allowed_hits = hits
        return compiler._allowed_hits

    # -- BaseSearchResults API ---------------------------------------------------------------
    def _load(self, pks: list) -> dict:
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return {obj.pk: obj for obj in queryset.filter(pk__in=pks)}

    def _do_search(self):
        compiler = self.query_compiler
        if self._page_only():
            # No database filter, relevance order: only the page's keys leave the index.
            hits = self.backend.run_query(compiler, limit=self.stop)
        else:
            hits = self._allowed_hits()
        scores = dict(hits)
        if compiler.order_by_relevance:
            page = hits[self.start : self.stop]
            objects = self._load([pk for pk, _ in page])
            ordered = [objects[pk] for pk, _ in page if pk in objects]
        else:
            queryset = compiler.queryset
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            if self.prefetch_related:
                queryset = queryset.prefetch_related(*self.prefetch_related)
            if len(scores) <= PK_CHUNK:
                ordered = list(queryset.filter(pk__in=list(scores))[self.start : self.stop])
            else:
                # Too many keys for one IN (...): walk the queryset's own order and keep matches.
                keys = [pk for pk in queryset.values_list("pk", flat=True) if pk in scores]
                keys = keys[self.start : self.stop]
                objects = self._load(keys)
                ordered = [objects[pk] for pk in keys if pk in objects]
        if self._score_field:
            for obj in ordered:
                setattr(obj, self._score_field, scores.get(obj.pk))
        return ordered

    def _do_count(self):
        if self._page_only():
            total = self.backend.count_query(self.query_compiler)
        else:
            total = len(self._allowed_hits())
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def _facet_from_index(self, attname: str) -> Counter | None:
        """Counts from the stored filter values of the matches, or None (ask the database)."""
        if not self._filtered_in_index():
            return None
        return self.backend.matches(self.query_compiler).facet_counts(attname)

    def facet(self, field_name):
        compiler = self.query_compiler
        model = compiler.queryset.model
        attname = facet_attname(compiler, field_name)
        counts = self._facet_from_index(attname)
        if counts is not None:
            return OrderedDict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))
        counts = Counter()
        base = model._default_manager.order_by()
        for chunk in _chunks([pk for pk, _ in self._allowed_hits()]):
            rows = base.filter(pk__in=chunk).values(attname).annotate(_count=Count("pk"))
            for row in rows:
                counts[row[attname]] += row["_count"]
        return OrderedDict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))
