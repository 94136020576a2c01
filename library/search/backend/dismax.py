"""A best-field (max) disjunction for Whoosh.

Whoosh's own ``DisjunctionMaxMatcher.score`` takes the maximum of both sub-matchers' scores even
when one of them is positioned on another document, so every match gets the best score in the
whole posting list. This matcher scores only the sub-matchers that sit on the current document,
and adds ``tiebreak`` times the others' scores, as Lucene's DisjunctionMaxQuery does.

It also lets the top-k collector skip blocks that cannot reach the current k-th score. The bounds
are the union's (the sum of the children's bounds): ``best + tiebreak * rest`` never exceeds the
sum, and ``max_quality``, ``block_quality`` and ``skip_to_quality`` must use the same bound, or a
parent union waits forever for a child whose tighter bound its skipping never raises.
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
