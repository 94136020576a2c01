"""The backend, its per-root-model indexes, the rebuilder and the results.

Settings (the backend entry)::

    {"BACKEND": "library.search.postgres.backend.MaktabaPostgresSearchBackend",
     "FUZZY_EXPANSIONS": 50}   # at most this many vocabulary terms per fuzzy word

Writes happen where modelsearch calls the backend: in its ``insert_or_update_object_task`` (a
task on the ``default`` queue), ``library.search.signals``' many-to-many re-queues, and
``update_index``. PostgreSQL takes concurrent writers (upserts by object), so unlike Whoosh no
single ``search`` worker is needed and the backend never enqueues anything itself.
"""

from collections import Counter, OrderedDict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import CharField, Count, FloatField, IntegerField, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Length
from modelsearch.backends.base import (
    BaseIndex,
    BaseSearchBackend,
    BaseSearchResults,
    get_model_root,
)
from modelsearch.index import class_is_indexed
from modelsearch.utils import get_descendants_content_types_pks

from library.search.backend.query import limit_words
from library.search.backend.results import facet_attname
from library.search.backend.schema import HARAKAT

from .distance import within_distance
from .expressions import Matches, Rank, Unindexed
from .models import HeadTerm, IndexEntry, Word
from .query import ALL, NONE, PostgresAutocompleteQueryCompiler, PostgresSearchQueryCompiler
from .vectors import RANK_WEIGHTS, build_indexed_document

ENTRY_TABLE = IndexEntry._meta.db_table
WORD_TABLE = Word._meta.db_table
HEAD_TABLE = HeadTerm._meta.db_table

#: A ranked search whose query matches at most this many rows ranks them all (``ts_rank`` on each
#: row's vector: about 25 µs a row); above it, only the candidates below are ranked.
EXACT_RANK_ROWS = 500
#: Candidates per query term (and language): the entries where the term weighs most in the head.
CANDIDATES_PER_TERM = 100
#: Pages reaching further than this use the exact ranking (the candidates would not suffice).
CANDIDATE_DEPTH = 50


@contextmanager
def _searching():
    """A transaction in which the planner prefers the GIN indexes to a sequential scan.

    Without it PostgreSQL picks a sequential scan for a common word (it does not count that
    ``@@`` then detoasts and decompresses every row's vector: 0.7 s at 50,000 rows), where the
    GIN bitmap scan reads the index and, for a count, only the heap pages not all-visible.
    Inside a caller's transaction the caller's setting is put back when the search is done."""
    connection = connections[router.db_for_read(IndexEntry)]
    outer = connection.in_atomic_block
    with transaction.atomic(using=connection.alias, savepoint=False):
        with connection.cursor() as cursor:
            previous = ""
            if outer:
                cursor.execute("SELECT current_setting('enable_seqscan')")
                previous = cursor.fetchone()[0]
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield
        if outer:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])


def index_name_for_model(model) -> str:
    return get_model_root(model)._meta.label_lower


class PostgresIndex(BaseIndex):
    """The rows of one root model (a ``Page`` index holds every page type)."""

    def __init__(self, backend, name: str):
        super().__init__(backend)
        self.name = name

    def get_key(self):
        return self.name

    def __str__(self):
        return self.name

    @property
    def connection(self):
        return connections[router.db_for_write(IndexEntry)]

    def refresh(self):
        """Committed rows are visible to every search: nothing to do."""

    def reset(self):
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {HEAD_TABLE} WHERE index_name = %s", [self.name])
            cursor.execute(f"DELETE FROM {ENTRY_TABLE} WHERE index_name = %s", [self.name])
            cursor.execute(f"DELETE FROM {WORD_TABLE} WHERE index_name = %s", [self.name])

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        rows: dict[str, tuple] = {}
        terms: Counter = Counter()
        spell: Counter = Counter()
        head: list[tuple[str, str, float]] = []
        for item in items:
            indexed = build_indexed_document(item)
            content_type = ContentType.objects.get_for_model(type(item)).pk
            rows[str(item.pk)] = (content_type, indexed.language, indexed.document)
            rows[str(item.pk)] += (indexed.autocomplete,)
            terms.update(indexed.terms)
            spell.update(indexed.spell_words)
            head.extend((str(item.pk), key, impact) for key, impact in indexed.head.items())
        if not rows:
            return
        keys = sorted(rows)  # one order for every writer: no deadlock between two batches
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {ENTRY_TABLE}
                    (index_name, content_type_id, object_id, language, document, autocomplete)
                SELECT %s, ct, oid, lang, doc::tsvector, ac::tsvector
                FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::text[])
                    AS t(ct, oid, lang, doc, ac)
                ON CONFLICT (index_name, object_id) DO UPDATE SET
                    content_type_id = EXCLUDED.content_type_id,
                    language = EXCLUDED.language,
                    document = EXCLUDED.document,
                    autocomplete = EXCLUDED.autocomplete
                """,
                [
                    self.name,
                    [rows[k][0] for k in keys],
                    keys,
                    [rows[k][1] for k in keys],
                    [rows[k][2] for k in keys],
                    [rows[k][3] for k in keys],
                ],
            )
            cursor.execute(
                f"""
                DELETE FROM {HEAD_TABLE} WHERE entry_id IN (
                    SELECT id FROM {ENTRY_TABLE} WHERE index_name = %s AND object_id = ANY(%s)
                )
                """,
                [self.name, keys],
            )
            if head:
                cursor.execute(
                    f"""
                    INSERT INTO {HEAD_TABLE} (index_name, term, impact, entry_id)
                    SELECT %s, t.term, t.impact, e.id
                    FROM unnest(%s::text[], %s::text[], %s::float8[]) AS t(oid, term, impact)
                    JOIN {ENTRY_TABLE} e ON e.index_name = %s AND e.object_id = t.oid
                    """,
                    [
                        self.name,
                        [row[0] for row in head],
                        [row[1] for row in head],
                        [row[2] for row in head],
                        self.name,
                    ],
                )
            for kind, counts in ((Word.TERM, terms), (Word.SPELL, spell)):
                words = sorted(counts)
                if not words:
                    continue
                cursor.execute(
                    f"""
                    INSERT INTO {WORD_TABLE} (index_name, kind, word, documents)
                    SELECT %s, %s, w, n FROM unnest(%s::text[], %s::int[]) AS t(w, n)
                    ON CONFLICT (index_name, kind, word) DO UPDATE SET
                        documents = {WORD_TABLE}.documents + EXCLUDED.documents
                    """,
                    [self.name, kind, words, [counts[w] for w in words]],
                )

    def delete_item(self, item):
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""
                DELETE FROM {HEAD_TABLE} WHERE entry_id IN (
                    SELECT id FROM {ENTRY_TABLE} WHERE index_name = %s AND object_id = %s
                )
                """,
                [self.name, str(item.pk)],
            )
            cursor.execute(
                f"DELETE FROM {ENTRY_TABLE} WHERE index_name = %s AND object_id = %s",
                [self.name, str(item.pk)],
            )


class PostgresRebuilder:
    """Rebuilds an index from scratch in one transaction: searches keep seeing the old rows until
    it commits, and a write by a worker meanwhile waits for it, then applies (nothing is lost)."""

    def __init__(self, index: PostgresIndex):
        self.index = index
        self.atomic = transaction.atomic(using=index.connection.alias)

    def start(self) -> PostgresIndex:
        self.atomic.__enter__()
        self.index.reset()
        return self.index

    def finish(self):
        self.atomic.__exit__(None, None, None)
        connection = self.index.connection
        if not connection.in_atomic_block:
            # Fresh statistics for the planner, and an up-to-date visibility map, so that a
            # count reads the GIN index instead of every heap page (VACUUM needs autocommit).
            with connection.cursor() as cursor:
                for table in (ENTRY_TABLE, HEAD_TABLE, WORD_TABLE):
                    cursor.execute(f"VACUUM (ANALYZE) {table}")


def _pk_output_field(model):
    pk = model._meta.pk
    return getattr(pk, "target_field", None) or pk


class PostgresSearchResults(BaseSearchResults):
    supports_facet = True

    @property
    def _compiler(self):
        return self.query_compiler

    def _compiled(self):
        return self._compiler.compiled(self.backend)

    def _entries(self):
        """The index rows of the query's matches that the queryset allows."""
        compiler = self._compiler
        compiled = self._compiled()
        model = compiler.queryset.model
        entries = IndexEntry.objects.alias(
            _maktaba_index=Unindexed("index_name", CharField()),
            _maktaba_type=Unindexed("content_type_id", IntegerField()),
        ).filter(
            _maktaba_index=index_name_for_model(model),
            _maktaba_type__in=get_descendants_content_types_pks(model),
        )
        if compiled.match != ALL:
            entries = entries.filter(Matches(compiler.column, compiled.match))
        queryset = compiler.queryset
        if queryset.query.where or queryset.query.is_empty():
            keys = queryset.order_by().annotate(_maktaba_key=Cast("pk", TextField()))
            entries = entries.filter(object_id__in=keys.values("_maktaba_key"))
        return entries

    def _rank(self):
        ranks = self._compiled().ranks
        if not ranks:
            return Value(0.0, output_field=FloatField())
        return Rank(self._compiler.column, RANK_WEIGHTS, ranks)

    def _matching_queryset(self):
        """The queryset restricted to the matches (every Django lookup applies as usual)."""
        queryset = self._compiler.queryset
        if self._compiled().match == ALL:
            return queryset
        model = queryset.model
        keys = self._entries().annotate(_maktaba_pk=Cast("object_id", _pk_output_field(model)))
        return queryset.filter(pk__in=keys.values("_maktaba_pk"))

    def _load(self, pks: list) -> dict:
        queryset = self._compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return {obj.pk: obj for obj in queryset.filter(pk__in=pks)}

    def _scores(self, pks: list) -> dict:
        to_python = self._compiler.queryset.model._meta.pk.to_python
        rows = (
            self._entries()
            .filter(object_id__in=[str(pk) for pk in pks])
            .annotate(_score=self._rank())
            .values_list("object_id", "_score")
        )
        return {to_python(key): score for key, score in rows}

    def _matches_total(self) -> int:
        """How many index rows match (kept on the compiler, which the result clones share)."""
        compiler = self._compiler
        total = getattr(compiler, "_maktaba_total", None)
        if total is None:
            total = compiler._maktaba_total = self._entries().count()
        return total

    def _candidates(self, terms: tuple[str, ...]) -> RawSQL:
        """The entries where some query term weighs most in the head, per term."""
        name = index_name_for_model(self._compiler.queryset.model)
        return RawSQL(
            f"""
            SELECT c.entry_id FROM unnest(%s::text[]) AS t(term)
            CROSS JOIN LATERAL (
                SELECT h.entry_id FROM {HEAD_TABLE} h
                WHERE h.index_name = %s AND h.term = t.term
                ORDER BY h.impact DESC LIMIT %s
            ) c
            """,
            [list(terms), name, CANDIDATES_PER_TERM],
        )

    def _ranked(self) -> list[tuple[str, float]]:
        """``(object_id, score)`` of the page, best first.

        Few matches: every one is ranked. Many (a common word): only the candidates are, when
        they fill the page; ``ts_rank`` reads a row's whole vector, and ranking tens of
        thousands of rows is what made a common word slow."""
        compiled = self._compiled()
        ranked = self._entries().annotate(_score=self._rank()).order_by("-_score", "id")
        ranked = ranked.values_list("object_id", "_score")
        wanted = None if self.stop is None else self.stop - self.start
        if (
            compiled.terms
            and wanted is not None
            and self.stop <= CANDIDATE_DEPTH
            and self._matches_total() > EXACT_RANK_ROWS
        ):
            rows = list(
                ranked.filter(id__in=self._candidates(compiled.terms))[self.start : self.stop]
            )
            if len(rows) == wanted:
                return rows
        return list(ranked[self.start : self.stop])

    def _do_search(self):
        compiler = self._compiler
        compiled = self._compiled()
        if compiled.match == NONE:
            return []
        with _searching():
            return self._search(compiler, compiled)

    def _search(self, compiler, compiled):
        if compiler.order_by_relevance and compiled.match != ALL:
            to_python = compiler.queryset.model._meta.pk.to_python
            hits = [(to_python(key), score) for key, score in self._ranked()]
            objects = self._load([pk for pk, _ in hits])
            ordered = []
            for pk, score in hits:
                obj = objects.get(pk)
                if obj is not None:
                    if self._score_field:
                        setattr(obj, self._score_field, score)
                    ordered.append(obj)
            return ordered
        queryset = self._matching_queryset()
        if not queryset.query.order_by and not compiler.order_by_relevance:
            queryset = queryset.order_by("-pk")
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        ordered = list(queryset[self.start : self.stop])
        if self._score_field and ordered:
            scores = self._scores([obj.pk for obj in ordered])
            for obj in ordered:
                setattr(obj, self._score_field, scores.get(obj.pk, 0.0))
        return ordered

    def _do_count(self):
        compiled = self._compiled()
        if compiled.match == NONE:
            return 0
        if compiled.match == ALL:
            total = self._compiler.queryset.count()
        else:
            with _searching():
                total = self._matches_total()
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
        attname = facet_attname(self._compiler, field_name)
        if self._compiled().match == NONE:
            return OrderedDict()
        with _searching():
            rows = list(
                self._matching_queryset()
                .order_by()
                .values(attname)
                .annotate(_maktaba_count=Count("pk"))
                .values_list(attname, "_maktaba_count")
            )
        counts: Counter = Counter()
        for value, count in rows:
            counts[value] += count
        return OrderedDict(sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))))


class MaktabaPostgresSearchBackend(BaseSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
    rebuilder_class = PostgresRebuilder
    index_class = PostgresIndex

    def __init__(self, params):
        super().__init__(params)
        options = {**(params.get("OPTIONS") or {}), **params}
        self.fuzzy_expansions = int(options.get("FUZZY_EXPANSIONS", 50))
        vendor = connections[router.db_for_read(IndexEntry)].vendor
        if vendor != "postgresql":
            raise ImproperlyConfigured(
                "library.search.postgres needs a PostgreSQL database (this one is "
                f"{vendor}); use library.search.backend (Whoosh) instead."
            )
        self._indexes: dict[str, PostgresIndex] = {}

    def get_index_for_model(self, model):
        name = index_name_for_model(model)
        index = self._indexes.get(name)
        if index is None:
            index = self._indexes[name] = PostgresIndex(self, name)
        return index

    # -- vocabulary ----------------------------------------------------------------------------
    def _similar(self, model, kind: str, word: str, distance: int, limit: int) -> list[str]:
        """Vocabulary words within ``distance`` edits of ``word`` that share its first letter,
        closest first, then the most frequent."""
        if not word:
            return []
        candidates = (
            Word.objects.filter(
                index_name=index_name_for_model(model), kind=kind, word__startswith=word[0]
            )
            .annotate(_length=Length("word"))
            .filter(_length__gte=len(word) - distance, _length__lte=len(word) + distance)
            .values_list("word", "documents")
        )
        scored = []
        for candidate, documents in candidates.iterator(chunk_size=2000):
            found = within_distance(word, candidate, distance)
            if found is not None:
                scored.append((found, -documents, candidate))
        scored.sort()
        return [candidate for _, _, candidate in scored[:limit]]

    def similar_terms(self, model, term: str, distance: int) -> list[str]:
        """Indexed terms close to ``term`` (itself included when indexed), for Fuzzy queries."""
        return self._similar(model, Word.TERM, term, distance, self.fuzzy_expansions)

    def suggest(self, model, text: str) -> str | None:
        """A "did you mean" rewrite of ``text`` from the indexed public vocabulary, or None."""
        words = limit_words(text)
        lowered = [word.lower().translate(HARAKAT) for word in words]
        known = set(
            Word.objects.filter(
                index_name=index_name_for_model(model), kind=Word.SPELL, word__in=lowered
            ).values_list("word", flat=True)
        )
        changed, result = False, []
        for word, plain in zip(words, lowered, strict=True):
            if len(plain) < 3 or plain.isdigit() or plain in known:
                result.append(word)
                continue
            found = self._similar(model, Word.SPELL, plain, 2, 1)
            if found and found[0] != plain:
                result.append(found[0])
                changed = True
            else:
                result.append(word)
        return " ".join(result) if changed else None


SearchBackend = MaktabaPostgresSearchBackend
