"""Elasticsearch/OpenSearch index settings whose analysis follows Maktaba's as closely as those
engines allow (docs/search.md, "Elasticsearch and OpenSearch").

modelsearch maps every text field without an explicit analyzer to the index's ``default``
analyzer (on both the index and the query side), so Maktaba's chain is installed under that name
and handed to modelsearch's backend through ``INDEX_SETTINGS`` (deep-merged with its own
``ngram``/``edgengram`` analyzers for autocomplete).

The engines cannot analyse each document in its own language the way Maktaba does (modelsearch
has one text mapping for all documents), so one chain serves every script: its Arabic steps
only touch Arabic letters, and the French light stemmer runs only on tokens that start with a
Latin character (a ``condition`` filter), as Maktaba's script-aware pipeline does.

Plain Python, importable from the settings (no Django models).
"""

from __future__ import annotations

from collections.abc import Iterable

from library.search.analysis import arabic, english, french

# Maktaba analyses, in this order: elision, lowercase, digits, Arabic normalisation, accent
# folding (French words fold before stemming, see docs/search.md "Analysis"), stopwords, stems.
CHAIN = [
    "maktaba_elision",
    "lowercase",
    "decimal_digit",
    "arabic_normalization",
    "maktaba_hamza_seats",
    "asciifolding",
    "maktaba_stop",
    "maktaba_broken_plurals",
    "maktaba_arabic_stem",
    "maktaba_french_stem",
]
# Tokens whose first character is below the Arabic block (U+0600) are Latin-script: French path.
LATIN_TOKEN_SCRIPT = "token.getTerm().length() > 0 && token.getTerm().charAt(0) < 1536"


def stopwords() -> list[str]:
    """Maktaba's Arabic (normalised), French (with and without accents) and English stopwords,
    folded as the chain folds them before the stop filter."""
    words = set(arabic.STOPWORDS) | set(english.STOPWORDS)
    words |= {french.fold_accents(w) for w in french.STOPWORDS}
    return sorted(words)


def broken_plural_rules() -> list[str]:
    """Maktaba's broken-plural lexicon as ``stemmer_override`` rules («form => term»).

    Maktaba looks a word up bare, then without one Light-10 prefix; an override filter only sees
    whole tokens, so each listed form is written with every prefix the stemmer would strip from
    it (والكتب, بالكتب…). The terms it yields are marked as keywords: the stemmer after it leaves
    them as they are, as Maktaba's ``analyze_word`` does."""
    lexicon = arabic.broken_plurals()
    rules: dict[str, str] = dict(lexicon)
    for form, term in lexicon.items():
        for prefix in arabic.PREFIXES:
            word = prefix + form
            if word not in lexicon and arabic.strip_article(word) == form:
                rules.setdefault(word, term)
    return [f"{form} => {term}" for form, term in sorted(rules.items())]


def index_settings(synonyms: Iterable[str] = ()) -> dict:
    """``INDEX_SETTINGS`` for modelsearch's Elasticsearch/OpenSearch backends.

    ``synonyms``: lines in Solr format («مستقيم, droite» or «a, b => c»), analysed by the chain
    before they apply; empty, no synonym filter is installed (the project has no curriculum
    thesaurus yet).
    """
    chain = list(CHAIN)
    filters: dict = {
        "maktaba_elision": {
            "type": "elision",
            "articles_case": True,
            "articles": sorted(french.ELISION_ARTICLES),
        },
        # Maktaba also writes the hamza on its seats (ؤ ئ) as ء; arabic_normalization does not.
        "maktaba_hamza_seats": {"type": "pattern_replace", "pattern": "[ؤئ]", "replacement": "ء"},
        "maktaba_stop": {"type": "stop", "stopwords": stopwords()},
        "maktaba_broken_plurals": {"type": "stemmer_override", "rules": broken_plural_rules()},
        # Lucene's ArabicStemFilter: the Light-10 prefixes وال بال كال فال لل ال و and
        # suffixes ها ان ات ون ين يه ية ه ة ي, with the same length checks as Maktaba's stemmer,
        # in one pass (Maktaba repeats the pass while a suffix comes off: see docs/search.md).
        "maktaba_arabic_stem": {"type": "stemmer", "language": "arabic"},
        "maktaba_french_light": {"type": "stemmer", "language": "light_french"},
        "maktaba_french_stem": {
            "type": "condition",
            "filter": ["maktaba_french_light"],
            "script": {"source": LATIN_TOKEN_SCRIPT},
        },
    }
    lines = [line.strip() for line in synonyms if line.strip()]
    if lines:
        filters["maktaba_synonyms"] = {"type": "synonym", "synonyms": lines, "lenient": True}
        chain.insert(chain.index("maktaba_stop") + 1, "maktaba_synonyms")
    return {
        "settings": {
            "analysis": {
                "filter": filters,
                "analyzer": {
                    "default": {"type": "custom", "tokenizer": "standard", "filter": chain}
                },
            }
        }
    }
