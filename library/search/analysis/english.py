"""English: lowercase, stopwords, Porter2 (Snowball English) stemming, as shipped with Whoosh."""

from whoosh.lang.porter2 import stem as porter_stem

from .french import fold_accents

STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then
    there these they this to was will with""".split()
)


def analyze_word(word: str) -> str | None:
    term = word.lower().replace("\u2019", "'")
    if term.endswith("'s"):
        term = term[:-2]
    if not term or term in STOPWORDS:
        return None
    return fold_accents(porter_stem(term))
