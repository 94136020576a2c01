"""The Whoosh schema every Maktaba index uses, and the adapters from our analyzers to Whoosh.

Text is stored per language in glob fields (``title__ar``, ``title__fr``, ``title__en``): a field
holds only documents of its language, each field analyses with its own language, and the query
side analyses the query once per field, so Arabic, French and mixed queries all meet the right
forms. ``<path>__ac`` fields hold unstemmed words for prefix autocomplete; ``_spell`` holds
public words for "did you mean".
"""

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from library.search.analysis import LANGUAGES, analyze, analyze_for_autocomplete
from library.search.analysis.tokenizer import tokenize

ID_FIELD = "m_id"
TYPES_FIELD = "m_types"
LANGUAGE_FIELD = "m_lang"
SPELL_FIELD = "m_spell"
FILTERS_FIELD = "m_filters"  # the document's own FilterField values (stored, see filters.py)
AUTOCOMPLETE_SUFFIX = "ac"


def text_field_name(path: str, language: str) -> str:
    return f"{path}__{language}"


def autocomplete_field_name(path: str) -> str:
    return f"{path}__{AUTOCOMPLETE_SUFFIX}"


class _TermTokenizer(Tokenizer):
    """Base adapter: subclasses yield (text, position, start, end) tuples."""

    def _terms(self, value):
        raise NotImplementedError

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, position, start, end in self._terms(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class LanguageAnalyzer(_TermTokenizer):
    """Whoosh face of ``library.search.analysis.analyze`` for one document language."""

    def __init__(self, language: str):
        self.language = language

    def _terms(self, value):
        for term in analyze(value, self.language):
            yield term.text, term.position, term.start, term.end


class AutocompleteAnalyzer(_TermTokenizer):
    def _terms(self, value):
        for term in analyze_for_autocomplete(value):
            yield term.text, term.position, term.start, term.end


HARAKAT = {code: None for code in [0x0640, *range(0x064B, 0x0653)]}


class SpellingAnalyzer(_TermTokenizer):
    """Words as readers would write them (lowercase, harakat off) for suggestions."""

    def _terms(self, value):
        for position, token in enumerate(tokenize(value)):
            word = token.text.lower().translate(HARAKAT)
            if len(word) > 2 and not word.isdigit():
                yield word, position, token.start, token.end


def build_schema() -> Schema:
    schema = Schema(
        **{
            ID_FIELD: ID(stored=True, unique=True, sortable=True),
            TYPES_FIELD: KEYWORD(lowercase=False),
            LANGUAGE_FIELD: ID(stored=True),
            SPELL_FIELD: TEXT(analyzer=SpellingAnalyzer(), phrase=False),
            FILTERS_FIELD: STORED(),
        }
    )
    for language in LANGUAGES:
        schema.add(
            text_field_name("*", language),
            TEXT(analyzer=LanguageAnalyzer(language), phrase=True),
            glob=True,
        )
    schema.add(
        autocomplete_field_name("*"),
        TEXT(analyzer=AutocompleteAnalyzer(), phrase=False),
        glob=True,
    )
    return schema
