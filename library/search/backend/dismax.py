"""A best-field (max) disjunction for Whoosh.

Whoosh's own ``DisjunctionMaxMatcher.score`` takes the maximum of both sub-matchers' scores even
when one of them is positioned on another document, so every match gets the best score in the
whole posting list. This matcher scores only the sub-matchers that sit on the current document,
and adds ``tiebreak`` times the others' scores, as Lucene's DisjunctionMaxQuery does.

It also lets the top-k collector skip blocks that cannot reach the current k-th score, with the
bound ``best + tiebreak * other`` of the children's bounds (much tighter than the union's sum when
one word has a term in many fields). ``max_quality``, ``block_quality`` and ``skip_to_quality``
use the same bound, and ``skip_to_quality`` leaves the bound above the asked quality (or the
matcher inactive), which is what a parent union or intersection relies on to make progress.
"""

from whoosh import matching
from whoosh.query import DisjunctionMax


class _BestFieldMatcher(matching.UnionMatcher):
    def __init__(self, a, b, tiebreak=0.0):
        super().__init__(a, b)
        self.tiebreak = tiebreak

    def copy(self):
        return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

    def replace(self, minquality=0):
        a = self.a.replace() if self.a.is_active() else self.a
        b = self.b.replace() if self.b.is_active() else self.b
        if not a.is_active() and not b.is_active():
            return matching.NullMatcher()
        if not a.is_active():
            return b
        if not b.is_active():
            return a
        if a is not self.a or b is not self.b:
            return self.__class__(a, b, tiebreak=self.tiebreak)
        return self

    def supports_block_quality(self):
        return self.a.supports_block_quality() and self.b.supports_block_quality()

    def _bound(self, a_quality: float, b_quality: float) -> float:
        if a_quality >= b_quality:
            return a_quality + self.tiebreak * b_quality
        return b_quality + self.tiebreak * a_quality

    def max_quality(self):
        a = self.a.max_quality() if self.a.is_active() else 0.0
        b = self.b.max_quality() if self.b.is_active() else 0.0
        return self._bound(a, b)

    def block_quality(self):
        a = self.a.block_quality() if self.a.is_active() else 0.0
        b = self.b.block_quality() if self.b.is_active() else 0.0
        return self._bound(a, b)

    def _needed(self, other: float, minquality: float) -> float:
        """The quality a child must exceed for the bound to exceed ``minquality``."""
        tiebreak = self.tiebreak
        if tiebreak > 0:
            below = (minquality - other) / tiebreak  # the child stays the weaker one
            if below < other:
                return below
            return minquality - tiebreak * other  # the child becomes the stronger one
        return minquality

    def skip_to_quality(self, minquality):
        self._id = None
        a, b = self.a, self.b
        skipped = 0
        while True:
            if not a.is_active():
                return skipped + (b.skip_to_quality(minquality) if b.is_active() else 0)
            if not b.is_active():
                return skipped + a.skip_to_quality(minquality)
            a_quality, b_quality = a.block_quality(), b.block_quality()
            if self._bound(a_quality, b_quality) > minquality:
                return skipped
            if a_quality <= b_quality:
                skipped += a.skip_to_quality(self._needed(b_quality, minquality))
            else:
                skipped += b.skip_to_quality(self._needed(a_quality, minquality))

    def score(self):
        # Called once per collected document: no list, no generator.
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        a_id, b_id = a.id(), b.id()
        if a_id < b_id:
            return a.score()
        if b_id < a_id:
            return b.score()
        a_score, b_score = a.score(), b.score()
        if a_score >= b_score:
            return a_score + self.tiebreak * b_score
        return b_score + self.tiebreak * a_score


class BestField(DisjunctionMax):
    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(
            subs, _BestFieldMatcher, searcher, context, None, tiebreak=self.tiebreak
        )
