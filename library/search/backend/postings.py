"""Index segments read into arrays: postings, field lengths, keys, filter values, deletions.

A Whoosh segment never changes once written (only its deletion set does), so what is decoded from
it can be kept for the life of the process. ``SegmentArrays`` reads a term's posting list as two
numpy arrays (document numbers, weights), a field's lengths as one array, the stored keys and
the stored FilterField values as object arrays (plus filter masks and facet value codes made
from them); a process-wide ``ArrayCache`` keeps them, least recently used first out, within a byte
budget (``MAKTABA_SEARCH["ARRAY_CACHE_MB"]``). Keys include the segment's directory and id, so a
rebuilt index (a new generation directory) never meets stale arrays.

Decoding uses Whoosh's own block reader where it can (one zlib + unpickle per 128 postings, then
C-speed array work) and falls back to walking the matcher one posting at a time for any other
postings format. Decoding is the slow part (Whoosh pickles each block with its positions), so a
process warms the cache when it opens an index: ``warm_in_background`` decodes the most frequent
terms of each segment it has not seen yet, on a thread of its own.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from itertools import accumulate
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

logger = logging.getLogger("maktaba.search")

#: Field-length byte (Whoosh stores lengths lossily in one byte) → length.
_LENGTH_TABLE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

# Postings are kept compact (8 bytes each); Whoosh stores weights as float32 too.
EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)


class ArrayCache:
    """A thread-safe LRU mapping with a budget in bytes (numpy ``nbytes``, lists estimated)."""

    def __init__(self, budget_bytes: int):
        self.budget = budget_bytes
        self.used = 0
        self._items: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self._lock = threading.Lock()

    @staticmethod
    def _size(value) -> int:
        if isinstance(value, tuple):
            return sum(ArrayCache._size(v) for v in value)
        if isinstance(value, np.ndarray):
            if value.dtype == object:
                return int(value.nbytes) + 64 * value.size  # plus each short str object
            return int(value.nbytes)
        return 64

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value, size: int | None = None) -> None:
        if size is None:
            size = self._size(value)
        with self._lock:
            if key in self._items:
                return
            if size > self.budget:
                return  # larger than the whole budget: computed again when needed
            self._items[key] = value
            self._sizes[key] = size
            self.used += size
            while self.used > self.budget and self._items:
                old_key, _ = self._items.popitem(last=False)
                self.used -= self._sizes.pop(old_key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self.used = 0

    def __len__(self) -> int:
        return len(self._items)


_cache = ArrayCache(256 * 1024 * 1024)


def array_cache() -> ArrayCache:
    return _cache


def clear_array_cache() -> None:
    """Empty the cache (and forget which segments were warmed)."""
    _cache.clear()
    _warmed.clear()


def configure_array_cache(budget_mb: float) -> None:
    """Set the cache budget (called by the backend from its settings)."""
    budget = int(budget_mb * 1024 * 1024)
    if budget != _cache.budget:
        _cache.budget = budget
        if _cache.used > budget:
            clear_array_cache()


def _raw_matcher(reader, fieldname: str, text: bytes):
    matcher = reader.postings(fieldname, text)
    # Deletions are applied by the caller (one mask per segment), not posting by posting.
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def _decode_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        block_ids, block_weights, _ = matcher._data
        count = len(block_ids)
        # Ids are delta-encoded from 0 in each block.
        ids.extend(accumulate(block_ids))
        if block_weights is None:
            weights.extend([1.0] * count)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * count)
        else:
            weights.extend(block_weights)
        matcher._next_block()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


def _walk(matcher) -> tuple[np.ndarray, np.ndarray]:
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


class SegmentArrays:
    """Arrays of one segment reader (a leaf reader of a Whoosh searcher)."""

    def __init__(self, reader, index_path: str):
        self.reader = reader
        self.doc_count = reader.doc_count_all()
        segment = getattr(reader, "_segment", None)
        segment_id = segment.segment_id() if segment is not None else id(reader)
        self._key = (index_path, segment_id, self.doc_count)

    def postings(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term in this segment (deleted ones included)."""
        key = (*self._key, "p", fieldname, text)
        found = _cache.get(key)
        if found is not None:
            return found
        if (fieldname, text) not in self.reader:
            found = (EMPTY_IDS, EMPTY_WEIGHTS)
        else:
            matcher = _raw_matcher(self.reader, fieldname, text)
            if isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "_data"):
                found = _decode_blocks(matcher)
            else:
                found = _walk(matcher)
        _cache.put(key, found)
        return found

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length in ``fieldname`` as Whoosh's scorer sees it (lossy byte)."""
        key = (*self._key, "l", fieldname)
        found = _cache.get(key)
        if found is not None:
            return found
        length_bytes = self._length_bytes(fieldname)
        found = _LENGTH_TABLE[length_bytes]
        _cache.put(key, found)
        return found

    def _length_bytes(self, fieldname: str) -> np.ndarray:
        perdoc = getattr(self.reader, "_perdoc", None)
        cached_reader = getattr(perdoc, "_cached_reader", None)
        if cached_reader is not None:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

            column = cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            found = np.zeros(self.doc_count, dtype=np.uint8)
            if column is None:
                return found
            if getattr(column, "_fixedlen", None) == 1 and hasattr(column, "_dbfile"):
                # One byte per document, stored back to back: read them in one go.
                count = min(column._count, self.doc_count)
                raw = column._dbfile.get(column._basepos, count)
                found[:count] = np.frombuffer(raw, dtype=np.uint8, count=count)
            else:
                found[:] = np.fromiter(column, dtype=np.uint8, count=self.doc_count)
            return found
        # Any other codec: ask document by document.
        from whoosh.util.numeric import length_to_byte

        return np.array(
            [
                length_to_byte(self.reader.doc_field_length(n, fieldname) or 0)
                for n in range(self.doc_count)
            ],
            dtype=np.uint8,
        )

    def keys(self, id_field: str) -> np.ndarray:
        """The stored key of every document (an object array, indexable by document number)."""
        key = (*self._key, "k", id_field)
        found = _cache.get(key)
        if found is None:
            found = np.empty(self.doc_count, dtype=object)
            found[:] = list(self.reader.column_reader(id_field, translate=True))
            _cache.put(key, found)
        return found

    def filter_columns(self, filters_field: str) -> dict[str, np.ndarray] | None:
        """Each stored FilterField value as a column (object array), or None when a document
        of this segment was indexed without them (an index older than stored filters)."""
        key = (*self._key, "f", filters_field)
        found = _cache.get(key)
        if found is not None:
            return found or None
        rows = self._stored_rows()
        columns: dict[str, np.ndarray] = {}
        complete = True
        objects = 0
        for docnum, stored in enumerate(rows):
            values = stored.get(filters_field) if stored else None
            if values is None:
                complete = False
                break
            for attname, value in values.items():
                column = columns.get(attname)
                if column is None:
                    column = columns[attname] = np.full(self.doc_count, None, dtype=object)
                column[docnum] = value
                if isinstance(value, (str, tuple, float)):
                    objects += 1
        found = columns if complete else {}
        size = sum(column.nbytes for column in columns.values()) + 72 * objects
        _cache.put(key, found, size=size)
        return found or None

    def facet_codes(self, filters_field: str, attname: str) -> tuple | None:
        """A stored filter value as codes for counting: (document of each pair, code of each
        pair, value of each code). A many-to-many tuple gives one pair per related key (an empty
        one, one pair with None), any other value one pair. None when not stored."""
        key = (*self._key, "c", filters_field, attname)
        found = _cache.get(key)
        if found is not None:
            return found
        columns = self.filter_columns(filters_field)
        if columns is None or attname not in columns:
            return None
        codes_of: dict = {}
        documents, codes = [], []
        for docnum, value in enumerate(columns[attname].tolist()):
            for item in (value or (None,)) if isinstance(value, tuple) else (value,):
                documents.append(docnum)
                codes.append(codes_of.setdefault(item, len(codes_of)))
        found = (
            np.array(documents, dtype=np.int32),
            np.array(codes, dtype=np.int32),
            list(codes_of),
        )
        _cache.put(key, found, size=found[0].nbytes + found[1].nbytes + 72 * len(codes_of))
        return found

    def _stored_rows(self) -> list:
        perdoc = getattr(self.reader, "_perdoc", None)
        read = perdoc.stored_fields if perdoc is not None else self.reader.stored_fields
        return [read(docnum) for docnum in range(self.doc_count)]

    def mask(self, key: tuple, compute) -> np.ndarray:
        """A filter's mask over this segment, computed once (segments never change)."""
        cache_key = (*self._key, "m", *key)
        found = _cache.get(cache_key)
        if found is None:
            found = compute()
            _cache.put(cache_key, found)
        return found

    def live_mask(self) -> np.ndarray | None:
        """False for deleted documents, or None when the segment has no deletions."""
        deleted_set = getattr(self.reader, "deleted_docs_set", None)
        if deleted_set is None:
            deleted_set = {n for n in range(self.doc_count) if self.reader.is_deleted(n)}
        if not deleted_set:
            return None
        # A segment's deletions only ever grow, so their count identifies the set.
        key = (*self._key, "d", len(deleted_set))
        mask = _cache.get(key)
        if mask is None:
            mask = np.ones(self.doc_count, dtype=bool)
            deleted = np.fromiter(deleted_set, dtype=np.int64, count=len(deleted_set))
            mask[deleted[deleted < self.doc_count]] = False
            _cache.put(key, mask)
        return mask


# -- warming ---------------------------------------------------------------------------------

#: Terms found in fewer documents decode in a block or two on first use: not worth warming.
WARM_MIN_DOC_FREQUENCY = 64
#: Warming fills at most this share of the cache budget, leaving room for what queries bring.
WARM_BUDGET_SHARE = 0.5

_warmed: set = set()
_warming_lock = threading.Lock()


def _scored_text_fields(reader) -> list[str]:
    schema = reader.schema
    return [
        name
        for name in reader.indexed_field_names()
        if name in schema and schema[name].scorable and "__" in name
    ]


def warm_index(
    path: str,
    id_field: str,
    filters_field: str,
    min_doc_frequency: int = WARM_MIN_DOC_FREQUENCY,
) -> int:
    """Decode the keys, stored filter values and most frequent terms of every segment of the
    index at ``path`` into the cache.

    Uses a reader of its own (Whoosh readers are not shared between threads). Returns how many
    posting lists were decoded; segments already warmed in this process are skipped.
    """
    from whoosh import index as whoosh_index

    resolved = str(Path(path).resolve())
    decoded = 0
    index = whoosh_index.open_dir(resolved)
    with index.reader() as reader:
        leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
        for leaf, _offset in leaves:
            segment = SegmentArrays(leaf, resolved)
            with _warming_lock:
                if segment._key in _warmed:
                    continue
                _warmed.add(segment._key)
            terms = []
            for fieldname in _scored_text_fields(leaf):
                for text, info in leaf.iter_field(fieldname):
                    frequency = info.doc_frequency()
                    if frequency >= min_doc_frequency:
                        terms.append((frequency, fieldname, text))
            terms.sort(reverse=True)
            segment.keys(id_field)
            segment.filter_columns(filters_field)
            segment.live_mask()
            for fieldname in {fieldname for _, fieldname, _ in terms}:
                segment.lengths(fieldname)
            for _frequency, fieldname, text in terms:
                if _cache.used >= _cache.budget * WARM_BUDGET_SHARE:
                    break
                segment.postings(fieldname, text)
                decoded += 1
    return decoded


def warm_in_background(path: str, id_field: str, filters_field: str) -> threading.Thread:
    """Warm the index at ``path`` on a daemon thread (a failure is logged, never raised)."""

    def run():
        try:
            warm_index(path, id_field, filters_field)
        except Exception:  # the index may be swapped or removed meanwhile: queries still work
            logger.debug("Warming the search index at %s stopped", path, exc_info=True)

    thread = threading.Thread(target=run, name="maktaba-search-warming", daemon=True)
    thread.start()
    return thread
