"""Evaluating a compiled Whoosh query over whole segments with numpy arrays.

Whoosh walks posting lists one document at a time in Python, which for a common word at 50,000
resources means hundreds of thousands of Python calls per query. Here each node of the compiled
query becomes two arrays the size of the segment (``matched``, ``scores``): a term scatters its
postings' BM25F scores (the same formula and statistics as Whoosh's scorer, over the cached
postings and field lengths of ``postings.py``), and ``And``, ``Or``, best-field, ``Not`` and
boosts combine those arrays at C speed. Every match is scored exactly, so the first page, the
count, and the full list for database filtering all come from one pass.

Scores follow Whoosh's own matchers: a compound with several children multiplies by its boost, one
with a single child is that child (Whoosh ignores the boost there too), ``BestField`` combines its
children in Whoosh's order-preserving binary tree as ``dismax.py`` does, sums are sums. ``Not``
excludes (it adds no score; Whoosh's ``And`` with a ``Not`` child does not exclude at all, see
docs/search.md). Anything else (phrases, fuzzy and prefix terms, ``Every`` on a field…) is run by
Whoosh's own matcher on that segment and turned into arrays, so every query keeps working.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25FScorer, WeightScorer

from .dismax import BestField
from .filters import Lookup, MatchNone, NotPushable, lookup_mask
from .postings import SegmentArrays
from .schema import FILTERS_FIELD


class Matches:
    """Every matching document of a query: global document numbers and scores, segment by
    segment (``parts``: each segment with its first document number and its slice of matches)."""

    def __init__(self, docnums: np.ndarray, scores: np.ndarray, parts: list):
        self.docnums = docnums
        self.scores = scores
        self._parts = parts  # (segment, offset, start, stop)

    def __len__(self) -> int:
        return int(self.docnums.size)

    def best(self, limit: int | None = None) -> np.ndarray:
        """Positions of the best ``limit`` matches (all if None): score desc, then index order."""
        total = self.docnums.size
        if limit is None or limit >= total:
            return np.lexsort((self.docnums, -self.scores))
        if limit <= 0:
            return np.zeros(0, dtype=np.int64)
        # The limit-th best score; everything at or above it competes, ties by document number.
        threshold = np.partition(self.scores, total - limit)[total - limit]
        candidates = np.flatnonzero(self.scores >= threshold)
        order = np.lexsort((self.docnums[candidates], -self.scores[candidates]))
        return candidates[order[:limit]]

    def facet_counts(self, attname: str) -> Counter | None:
        """How many matches hold each stored value of ``attname`` (a many-to-many field counts
        once per related key), or None when the index does not store it."""
        counts: Counter = Counter()
        for segment, offset, start, stop in self._parts:
            if start == stop:
                continue
            coded = segment.facet_codes(FILTERS_FIELD, attname)
            if coded is None:
                return None
            documents, codes, values = coded
            selected = np.zeros(segment.doc_count, dtype=bool)
            selected[self.docnums[start:stop] - offset] = True
            tally = np.bincount(codes[selected[documents]], minlength=len(values))
            for code in np.flatnonzero(tally).tolist():
                counts[values[code]] += int(tally[code])
        return counts

    def keys(self, positions: np.ndarray, id_field: str) -> list:
        """The stored keys of the matches at ``positions``, in that order."""
        found = np.empty(positions.size, dtype=object)
        for segment, offset, start, stop in self._parts:
            here = (positions >= start) & (positions < stop)
            if here.any():
                found[here] = segment.keys(id_field)[self.docnums[positions[here]] - offset]
        return found.tolist()


class ArraySearch:
    """Runs compiled queries against one searcher (all its segments)."""

    def __init__(self, searcher, index_path: str):
        self.searcher = searcher
        self.weighting = searcher.weighting
        subsearchers = searcher.subsearchers or [(searcher, 0)]
        self._parts = [
            (SegmentArrays(sub.reader(), index_path), offset, sub) for sub, offset in subsearchers
        ]
        self._scorers: dict = {}

    def matches(self, query, filters=None) -> Matches:
        """Every match of ``query``; with ``filters`` (see filters.py) only those that pass.

        Raises ``NotPushable`` when a segment cannot answer the filters (indexed without them).
        """
        docnums, scores, parts = [], [], []
        found = 0
        for segment, offset, subsearcher in self._parts:
            if not segment.doc_count:
                continue
            matched, values = self._node(query, segment, subsearcher)
            if filters is not None:
                matched &= self._filter_mask(filters, segment)
            live = segment.live_mask()
            if live is not None:
                matched &= live
            positions = np.flatnonzero(matched)
            docnums.append(positions + offset)
            scores.append(values[positions])
            parts.append((segment, offset, found, found + positions.size))
            found += positions.size
        if not docnums:
            return Matches(np.zeros(0, dtype=np.int64), np.zeros(0), [])
        return Matches(np.concatenate(docnums), np.concatenate(scores), parts)

    # -- filters -----------------------------------------------------------------------------
    def _filter_mask(self, node, segment) -> np.ndarray:
        if isinstance(node, Lookup):
            columns = segment.filter_columns(FILTERS_FIELD)
            if columns is None:
                raise NotPushable("documents indexed without their filter values")
            values = columns.get(node.attname)
            if values is None:
                values = np.full(segment.doc_count, None, dtype=object)
            return segment.mask((node,), lambda: lookup_mask(values, node))
        if isinstance(node, MatchNone):
            return np.zeros(segment.doc_count, dtype=bool)
        if not node.children:
            return np.ones(segment.doc_count, dtype=bool)
        masks = [self._filter_mask(child, segment) for child in node.children]
        reduce = np.logical_and.reduce if node.connector == "AND" else np.logical_or.reduce
        mask = reduce(masks)
        return ~mask if node.negated else mask

    # -- nodes -------------------------------------------------------------------------------
    def _empty(self, segment):
        return np.zeros(segment.doc_count, dtype=bool), np.zeros(segment.doc_count)

    def _node(self, q, segment, subsearcher):
        kind = type(q)
        if q is wq.NullQuery or kind is type(wq.NullQuery):
            return self._empty(segment)
        if kind is wq.Term:
            return self._term(q, segment, subsearcher)
        compound = {BestField: self._best_field, wq.And: self._and, wq.Or: self._or}.get(kind)
        if compound is not None and not getattr(q, "minmatch", 0) and not getattr(q, "scale", 0):
            # As Whoosh: no child matches nothing, a single child is that child (boost ignored).
            if not q.subqueries:
                return self._empty(segment)
            if len(q.subqueries) == 1:
                return self._node(q.subqueries[0], segment, subsearcher)
            return compound(q, segment, subsearcher)
        if kind is wq.Every and not q.fieldname:
            return np.ones(segment.doc_count, dtype=bool), np.full(segment.doc_count, q.boost)
        if kind is wq.Not:
            matched, _ = self._node(q.query, segment, subsearcher)
            return ~matched, np.where(matched, 0.0, q.boost)
        return self._by_whoosh(q, segment, subsearcher)

    def _parameters(self, fieldname: str, text: str, subsearcher):
        """BM25 parameters of a term, "weight" for unscored fields, or None (ask Whoosh)."""
        key = (fieldname, text)
        if key not in self._scorers:
            parameters = None
            bm25_parameters = getattr(self.weighting, "bm25_parameters", None)
            if bm25_parameters is not None:
                parameters = bm25_parameters(subsearcher, fieldname, text)
                if parameters is None:
                    parameters = "weight"
            else:
                scorer = self.weighting.scorer(subsearcher, fieldname, text)
                if isinstance(scorer, BM25FScorer):
                    parameters = (scorer.idf, scorer.avgfl, scorer.B, scorer.K1)
                elif type(scorer) is WeightScorer:
                    parameters = "weight"
            self._scorers[key] = parameters
        return self._scorers[key]

    def _term(self, q, segment, subsearcher):
        fieldname = q.fieldname
        field = self.searcher.schema[fieldname] if fieldname in self.searcher.schema else None
        if field is None:
            return self._empty(segment)
        text = field.to_bytes(q.text) if isinstance(q.text, str) else q.text
        ids, weights = segment.postings(fieldname, text)
        matched, scores = self._empty(segment)
        if not ids.size:
            return matched, scores
        parameters = self._parameters(fieldname, q.text, subsearcher)
        if parameters is None:
            return self._by_whoosh(q, segment, subsearcher)
        weights = weights.astype(np.float64)  # stored as float32, scored in double as Whoosh
        if parameters == "weight":
            values = weights
        else:
            idf, average, b, k1 = parameters
            lengths = segment.lengths(fieldname)[ids]
            values = idf * (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average))
        if q.boost != 1:
            values = values * q.boost
        matched[ids] = True
        scores[ids] = values
        return matched, scores

    def _children(self, q, segment, subsearcher):
        return [self._node(sub, segment, subsearcher) for sub in q.subqueries]

    def _best_field(self, q, segment, subsearcher):
        tiebreak = q.tiebreak

        def tree(parts):
            # Whoosh's make_binary_tree: halves, in order.
            if len(parts) == 1:
                return parts[0]
            half = len(parts) // 2
            (a_matched, a_scores), (b_matched, b_scores) = tree(parts[:half]), tree(parts[half:])
            both = a_matched & b_matched
            combined = np.where(
                both,
                np.maximum(a_scores, b_scores) + tiebreak * np.minimum(a_scores, b_scores),
                a_scores + b_scores,  # one side only (the other is 0 there)
            )
            return a_matched | b_matched, combined

        matched, scores = tree(self._children(q, segment, subsearcher))
        return matched, self._boosted(scores, q.boost)

    def _and(self, q, segment, subsearcher):
        subs = q.subqueries
        positives = [s for s in subs if type(s) is not wq.Not]
        negatives = [s.query for s in subs if type(s) is wq.Not]
        if positives:
            matched, scores = None, None
            for sub in positives:
                sub_matched, sub_scores = self._node(sub, segment, subsearcher)
                if matched is None:
                    matched, scores = sub_matched, sub_scores
                else:
                    matched = matched & sub_matched
                    scores = scores + sub_scores
                if not matched.any():
                    return self._empty(segment)
        else:
            matched = np.ones(segment.doc_count, dtype=bool)
            scores = np.zeros(segment.doc_count)
        for sub in negatives:
            excluded, _ = self._node(sub, segment, subsearcher)
            matched = matched & ~excluded
        scores = np.where(matched, scores, 0.0)
        return matched, self._boosted(scores, q.boost)

    def _or(self, q, segment, subsearcher):
        matched, scores = None, None
        for sub_matched, sub_scores in self._children(q, segment, subsearcher):
            if matched is None:
                matched, scores = sub_matched.copy(), sub_scores.copy()
            else:
                matched |= sub_matched
                scores += sub_scores
        return matched, self._boosted(scores, q.boost)

    @staticmethod
    def _boosted(scores, boost):
        return scores * boost if boost != 1 else scores

    def _by_whoosh(self, q, segment, subsearcher):
        """Any other query: Whoosh's own matcher on this segment, read into arrays."""
        matched, scores = self._empty(segment)
        matcher = q.matcher(subsearcher, subsearcher.context())
        ids, values = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(matcher.score())
            matcher.next()
        if ids:
            index = np.array(ids, dtype=np.int64)
            matched[index] = True
            scores[index] = values
        return matched, scores
