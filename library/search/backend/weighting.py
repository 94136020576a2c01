"""BM25F that normalises field length within the field's language.

Whoosh divides a field's total length by *all* documents to get the average length. With one
field per language, a French field would then look short on average (the Arabic documents count
as zero-length), and every French document would be punished as "long". We divide by the number
of documents of that language instead, which keeps scores comparable across languages.
"""

from whoosh.scoring import BM25F

from library.search.analysis import LANGUAGES

from .schema import LANGUAGE_FIELD


class LanguageAwareBM25F(BM25F):
    def average_length(self, searcher, fieldname: str) -> float:
        """The field's average length over the documents of its language (else all)."""
        parent = searcher.get_parent()
        language = fieldname.rsplit("__", 1)[-1]
        if language in LANGUAGES:
            documents = parent.doc_frequency(LANGUAGE_FIELD, language)
            if documents:
                return (parent.field_length(fieldname) / documents) or 1
        return parent.avg_field_length(fieldname) or 1

    def bm25_parameters(self, searcher, fieldname: str, text: str) -> tuple[float, ...] | None:
        """(idf, average length, B, K1) as the scorer uses them, or None if not BM25-scored.

        The array evaluator scores whole posting lists with these; the scorer below uses the
        same numbers, so both give the same scores.
        """
        if not searcher.schema[fieldname].scorable:
            return None
        parent = searcher.get_parent()
        b = self._field_B.get(fieldname, self.B)
        return parent.idf(fieldname, text), self.average_length(searcher, fieldname), b, self.K1

    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        if hasattr(scorer, "avgfl"):
            average = self.average_length(searcher, fieldname)
            if average != scorer.avgfl:
                scorer.avgfl = average
                # Recompute the upper bound with the new average, or block-max skipping
                # (top-k collection) would trust a bound lower than the real scores.
                scorer.setup(searcher, fieldname, text)
        return scorer
