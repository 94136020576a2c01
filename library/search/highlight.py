"""Highlighted snippets: the words of a text that match a query, marked with ``<mark>``.

Matching uses the same analysis as the index, in the document's language, so «المعادلات» is
marked for the query «معادلة» and «équations» for «equation».
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from library.search.analysis.pipeline import analyze_word
from library.search.analysis.tokenizer import tokenize


def query_terms(query: str, language: str) -> set[str]:
    return {t for w in tokenize(query[:500]) if (t := analyze_word(w.text, language))}


def highlight(text: str, query: str, language: str, width: int = 220) -> SafeString:
    """An escaped excerpt of ``text`` around the first match, matches wrapped in ``<mark>``."""
    text = text or ""
    wanted = query_terms(query, language)
    spans = [
        (t.start, t.end)
        for t in tokenize(text)
        if wanted and analyze_word(t.text, language) in wanted
    ]
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    pieces, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces.append(escape(text[cursor:s]))
        pieces.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
