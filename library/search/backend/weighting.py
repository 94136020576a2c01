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
    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        language = fieldname.rsplit("__", 1)[-1]
        if hasattr(scorer, "avgfl") and language in LANGUAGES:
            parent = searcher.get_parent()
            documents = parent.doc_frequency(LANGUAGE_FIELD, language)
            if documents:
                scorer.avgfl = (parent.field_length(fieldname) / documents) or 1
                # Recompute the upper bound with the new average, or block-max skipping
                # (top-k collection) would trust a bound lower than the real scores.
                scorer.setup(searcher, fieldname, text)
        return scorer
