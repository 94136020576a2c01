"""A best-field (max) disjunction for Whoosh.

Whoosh's own ``DisjunctionMaxMatcher.score`` takes the maximum of both sub-matchers' scores even
when one of them is positioned on another document, so every match gets the best score in the
whole posting list. This matcher scores only the sub-matchers that sit on the current document,
and adds ``tiebreak`` times the others' scores, as Lucene's DisjunctionMaxQuery does.
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
        return False

    def score(self):
        current = self.id()
        scores = [m.score() for m in (self.a, self.b) if m.is_active() and m.id() == current]
        best = max(scores)
        return best + self.tiebreak * (sum(scores) - best)


class BestField(DisjunctionMax):
    def _matcher(self, subs, searcher, context):
        return self._tree_matcher(
            subs, _BestFieldMatcher, searcher, context, None, tiebreak=self.tiebreak
        )
