"""Language analysis for Arabic, French and English, as plain Python.

Each language module offers ``analyze_word(word)`` (one token in, zero or one term out) and a
stopword set; ``pipeline`` ties them to a script-aware tokenizer so every document is analysed in
its own language while Arabic-script words always take the Arabic path.
"""

from .pipeline import (
    LANGUAGES,
    Term,
    analyze,
    analyze_for_autocomplete,
    detect_language,
    split_words,
)

__all__ = [
    "LANGUAGES",
    "Term",
    "analyze",
    "analyze_for_autocomplete",
    "detect_language",
    "split_words",
]
