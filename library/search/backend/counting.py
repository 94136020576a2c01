"""Counting matches without scoring them.

Top-k collection with block-max skipping does not visit every match, so the total is counted
separately. Walking a union matcher document by document costs Python calls per match and per
level of the tree; instead each term's posting list is read into a set and the sets are combined
with C-speed set operations (union for OR and best-field, intersection for AND). Any other query
node is counted through its own matcher, so the figure is always exact.
"""

from whoosh import query as wq

from .dismax import BestField


def _matching_docnums(query, searcher) -> set[int]:
    if isinstance(query, (wq.Or, BestField)):
        found: set[int] = set()
        for sub in query.subqueries:
            found |= _matching_docnums(sub, searcher)
        return found
    if isinstance(query, wq.And):
        found = None
        for sub in sorted(query.subqueries, key=lambda q: q.estimate_size(searcher.reader())):
            docs = _matching_docnums(sub, searcher)
            found = docs if found is None else found & docs
            if not found:
                return set()
        return found or set()
    return set(query.docs(searcher))


def count_matches(query, searcher) -> int:
    """Exactly how many documents ``query`` matches (each segment counted on its own)."""
    if searcher.subsearchers:
        return sum(len(_matching_docnums(query, sub)) for sub, _ in searcher.subsearchers)
    return len(_matching_docnums(query, searcher))
