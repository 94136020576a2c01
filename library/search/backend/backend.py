"""The backend, its per-model indexes and the rebuilder.

Settings (backend entry, else ``MAKTABA_SEARCH``, else ``library/search/conf.py``)::

    {"BACKEND": "library.search.backend",
     "INDEX_DIR": "/var/lib/maktaba/search_index",   # MAKTABA_SEARCH["INDEX_DIR"]
     "WRITE_THROUGH_QUEUE": True,   # index writes run as tasks on the ``search`` queue
     "WRITE_QUEUE": "library.search.tasks.QueuedWrites",  # who runs them (injected)
     "WRITE_LOCK_TIMEOUT": 60}      # seconds a writer waits for another writer

The backend never enqueues: with ``WRITE_THROUGH_QUEUE`` it hands its writes to the
``WRITE_QUEUE`` object (named by dotted path, as Django names its backends), which
``library/search/tasks.py`` provides.
"""

import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string
from modelsearch.backends.base import BaseIndex, BaseSearchBackend, get_model_root
from modelsearch.index import class_is_indexed

from ..conf import search_setting
from .documents import build_document
from .evaluation import ArraySearch, Matches
from .filters import NotPushable
from .postings import configure_array_cache, warm_index
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults
from .schema import FILTERS_FIELD, ID_FIELD
from .storage import IndexStore, IndexUnavailable
from .write_queue import WriteQueue

logger = logging.getLogger("maktaba.search")


def _setting(params: dict, key: str):
    if key in params:
        return params[key]
    options = params.get("OPTIONS") or {}
    if key in options:
        return options[key]
    return search_setting(key)


def _known_fields(documents: list[dict], schema, index_name: str) -> list[dict]:
    """Only the fields the index on disk knows: an index built by an older release lacks newer
    ones (``m_filters``) until ``update_index`` rebuilds it; searches then filter in the
    database. Said once per write, not once per document."""
    unknown = {name for document in documents for name in document if name not in schema}
    if not unknown:
        return documents
    logger.warning(
        "Search index %s predates the fields %s; run `manage.py update_index` to rebuild it.",
        index_name,
        ", ".join(sorted(unknown)),
    )
    return [{k: v for k, v in document.items() if k not in unknown} for document in documents]


def _has_filters(queryset) -> bool:
    return bool(queryset.query.where) or queryset.query.is_empty()


def index_name_for_model(model) -> str:
    return get_model_root(model)._meta.label_lower


class WhooshIndex(BaseIndex):
    """One Whoosh index per root model (a ``Page`` index holds every page type)."""

    def __init__(self, backend, name: str, directory: Path | None = None):
        super().__init__(backend)
        self.name = name
        self.store = IndexStore(
            backend.index_dir, name, backend.write_lock_timeout, warm=backend.warm_on_open
        )
        self.directory = directory  # set while a rebuild fills a new generation
        self._rebuild_writer = None

    def get_key(self):
        return self.name

    def __str__(self):
        return self.name

    def refresh(self):
        """Searches reopen their searcher when the index changed, so nothing to do here."""

    def reset(self):
        self.store.swap_to(self.store.new_generation())

    # -- writing -----------------------------------------------------------------------------
    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        items = list(items)
        if not items:
            return
        if self.directory is None and self.backend.write_through_queue:
            self.backend.write_queue().index(
                str(self.backend.index_dir),
                model._meta.label_lower,
                [str(item.pk) for item in items],
            )
            return
        self.write_documents([build_document(item) for item in items])

    def write_documents(self, documents: list[dict], deleted_keys: list[str] = ()) -> None:
        if self.directory is not None:
            if self._rebuild_writer is None:
                self._rebuild_writer = self.store.writer(self.directory)
            for document in documents:
                self._rebuild_writer.add_document(**document)
            return
        self._ensure_readable()
        writer = self.store.writer()
        try:
            for key in deleted_keys:
                writer.delete_by_term(ID_FIELD, key)
            for document in _known_fields(documents, writer.schema, self.name):
                writer.update_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def delete_item(self, item):
        key = str(item.pk)
        if self.directory is None and self.backend.write_through_queue:
            self.backend.write_queue().delete(str(self.backend.index_dir), self.name, [key])
            return
        self.write_documents([], deleted_keys=[key])

    def finish_rebuild(self):
        if self._rebuild_writer is not None:
            self._rebuild_writer.commit(optimize=True)
            self._rebuild_writer = None
        self.store.swap_to(self.directory)
        self.directory = None

    # -- reading -----------------------------------------------------------------------------
    def _ensure_readable(self):
        """A missing or corrupt index is reported, replaced by an empty one and rebuilt."""
        try:
            self.store.open()
        except IndexUnavailable as exc:
            self.backend.recover(self, exc)

    def searcher(self):
        try:
            return self.store.searcher()
        except IndexUnavailable as exc:
            self.backend.recover(self, exc)
            return self.store.searcher()


class WhooshRebuilder:
    """Fills a fresh generation while searches keep using the old one, then swaps atomically."""

    def __init__(self, index: WhooshIndex):
        self.index = index

    def start(self) -> WhooshIndex:
        self.index.directory = self.index.store.new_generation()
        return self.index

    def finish(self):
        self.index.finish_rebuild()


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshRebuilder
    index_class = WhooshIndex

    def __init__(self, params):
        super().__init__(params)
        default_dir = Path(getattr(settings, "BASE_DIR", ".")) / "search_index"
        self.index_dir = Path(_setting(params, "INDEX_DIR") or default_dir)
        self.write_through_queue = bool(_setting(params, "WRITE_THROUGH_QUEUE"))
        self.write_queue_path = str(_setting(params, "WRITE_QUEUE"))
        self.write_lock_timeout = float(_setting(params, "WRITE_LOCK_TIMEOUT"))
        configure_array_cache(float(_setting(params, "ARRAY_CACHE_MB")))
        self.warm_on_open = bool(_setting(params, "WARM_ON_OPEN"))
        self._indexes: dict[str, WhooshIndex] = {}

    def write_queue(self) -> WriteQueue:
        """The object that runs index writes and rebuilds elsewhere (``WRITE_QUEUE``)."""
        return import_string(self.write_queue_path)()

    def get_index_for_model(self, model):
        name = index_name_for_model(model)
        index = self._indexes.get(name)
        if index is None or index.directory is not None:
            # A rebuild in progress owns its index object; others get a fresh one.
            index = self._indexes[name] = WhooshIndex(self, name)
        return index

    def get_index_by_name(self, name: str) -> WhooshIndex:
        return self._indexes.get(name) or self._indexes.setdefault(name, WhooshIndex(self, name))

    def matches(self, compiler) -> Matches:
        """Every match of the compiled query, scored (kept on the compiler for its clones).

        The queryset's filters are applied here when the index can answer them (then
        ``compiler._filtered_in_index`` is True); otherwise the results filter in the database.
        """
        found = getattr(compiler, "_whoosh_matches", None)
        if found is None:
            index = self.get_index_for_model(compiler.queryset.model)
            searcher = index.searcher()
            search = ArraySearch(searcher, str(index.store.current.resolve()))
            query = compiler.compile(searcher.reader())
            filtered = _has_filters(compiler.queryset)
            filters = compiler.index_filters() if filtered else None
            found = None
            if filters is not None:
                try:
                    found = search.matches(query, filters)
                    compiler._filtered_in_index = True
                except NotPushable:
                    found = None
            if found is None:
                found = search.matches(query)
                compiler._filtered_in_index = not filtered
            compiler._whoosh_matches = found
        return found

    def filtered_in_index(self, compiler) -> bool:
        """Whether the matches already obey the queryset's filters (no database check needed)."""
        self.matches(compiler)
        return compiler._filtered_in_index

    def run_query(self, compiler, limit: int | None = None) -> list[tuple[object, float]]:
        """(pk, score) matches of a compiled query, best first, ties in index order.

        With ``limit`` only the best ``limit`` are returned (a page of results); without it every
        match is (for database filtering and facets).
        """
        matches = self.matches(compiler)
        positions = matches.best(limit)
        keys = matches.keys(positions, ID_FIELD)
        to_python = compiler.queryset.model._meta.pk.to_python
        return [
            (to_python(key), score)
            for key, score in zip(keys, matches.scores[positions].tolist(), strict=True)
        ]

    def count_query(self, compiler) -> int:
        """How many documents match."""
        return len(self.matches(compiler))

    def warm(self, model) -> int:
        """Decode the frequent postings of ``model``'s index now (servers do it on a thread)."""
        index = self.get_index_for_model(model)
        index.searcher()  # opens (or repairs) the index
        return warm_index(str(index.store.current), ID_FIELD, FILTERS_FIELD)

    def suggest(self, model, text: str) -> str | None:
        """A "did you mean" rewrite of ``text`` from the indexed public vocabulary, or None."""
        from .query import limit_words
        from .schema import HARAKAT, SPELL_FIELD

        searcher = self.get_index_for_model(model).searcher()
        reader = searcher.reader()
        corrector = searcher.corrector(SPELL_FIELD)
        changed, words = False, []
        for word in limit_words(text):
            lowered = word.lower().translate(HARAKAT)
            if len(lowered) < 3 or lowered.isdigit() or reader.frequency(SPELL_FIELD, lowered):
                words.append(word)
                continue
            found = corrector.suggest(lowered, limit=1, maxdist=2, prefix=1)
            if found and found[0] != lowered:
                words.append(found[0])
                changed = True
            else:
                words.append(word)
        return " ".join(words) if changed else None

    def recover(self, index: WhooshIndex, problem: IndexUnavailable) -> None:
        """A missing or corrupt index: say so in the log, serve an empty one, queue a rebuild."""
        level = logging.WARNING if problem.reason == "missing" else logging.ERROR
        logger.log(
            level,
            "Search index %s (%s) is %s; serving an empty index and rebuilding it.",
            index.name,
            index.store.path,
            problem.reason,
        )
        index.store.forget_searcher()
        index.store.swap_to(index.store.new_generation())
        self.write_queue().rebuild(str(self.index_dir), index.name)

    def rebuild_index(self, name: str, chunk_size: int = 1000) -> int:
        """Rebuild one index from the database (used by recovery); returns documents written."""
        models = [
            m for m in apps.get_models() if class_is_indexed(m) and index_name_for_model(m) == name
        ]
        index = WhooshIndex(self, name)
        rebuilder = WhooshRebuilder(index)
        index = rebuilder.start()
        written = 0
        for model in models:
            queryset = model.get_indexed_objects().order_by("pk")
            for start in range(0, queryset.count(), chunk_size):
                chunk = list(queryset[start : start + chunk_size])
                index.add_items(model, chunk)
                written += len(chunk)
        rebuilder.finish()
        return written
