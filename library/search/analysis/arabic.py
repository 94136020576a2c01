"""Arabic: orthographic normalisation, Light-10 style light stemming and stopwords.

Normalisation folds the spelling variants pupils mix freely (آ أ إ → ا, ى → ي, ة → ه) and drops
tatweel and harakat, as Lucene's ArabicNormalizer does; it also writes the hamza on its seats
(ؤ ئ) as the bare hamza ء, so a noun ending in hamza meets its adjective and its plural
(ضوء/ضوئي, إحصاء/إحصائية, ماء/مائي, مسؤول/مسئول). Stemming strips at most one prefix from
Larkey's Light-10 list (the article and its attached conjunctions/prepositions, and و) and then
the Light-10 suffixes in order, each only if at least two letters remain, and again while one
comes off, so stacked suffixes reach the same term as the bare word (بركاني/بركان,
تطبيقاته/تطبيقات/تطبيق, حيوانية/حيوان). We deliberately do not
use root (ISRI) stemming: it conflates معادلة, عدالة and تعديل, which ruins precision.

Broken plurals (كتب/كتاب, مدن/مدينة), which no light stemmer reaches, come from a curated
lexicon (``broken_plurals.tsv``): a word that is, bare or after one prefix, a listed plural or
singular becomes its singular's term (the singular normalised, suffixes stripped), so «المدن»,
«مدينة» and «المدينة» meet. It is applied before the light stemmer, in ``analyze_word``, which
documents and queries of every backend go through.
"""

from functools import cache

from .broken_plurals import LexiconError, read_lexicon

_ALEF = "\u0627"
_YEH = "\u064a"
_HEH = "\u0647"
_HAMZA = "\u0621"

_NORMALISE = {
    ord("\u0622"): _ALEF,  # alef with madda
    ord("\u0623"): _ALEF,  # alef with hamza above
    ord("\u0625"): _ALEF,  # alef with hamza below
    ord("\u0649"): _YEH,  # alef maksura (dotless yeh)
    ord("\u0629"): _HEH,  # teh marbuta
    ord("\u0624"): _HAMZA,  # waw with hamza above
    ord("\u0626"): _HAMZA,  # yeh with hamza above
    ord("\u0640"): None,  # tatweel
    **{code: None for code in range(0x064B, 0x0653)},  # fathatan .. sukun
}

# Light-10 prefixes, longest first: only one is removed, and only from words long enough.
PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")
# Light-10 suffixes, in the order they are tried; several may be removed in turn.
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def normalise(word: str) -> str:
    """Fold alef, yeh, teh-marbuta and hamza-seat variants; remove tatweel and harakat."""
    return word.translate(_NORMALISE)


def _strip_prefix(word: str) -> str:
    for prefix in PREFIXES:
        # A one-letter prefix (و) needs a word of four letters or more; longer prefixes need
        # at least two letters to remain after them.
        minimum = 4 if len(prefix) == 1 else len(prefix) + 2
        if len(word) >= minimum and word.startswith(prefix):
            return word[len(prefix) :]
    return word


def _strip_suffixes(word: str) -> str:
    """The Light-10 suffixes in order, then again as long as a pass removed one: a suffix that
    comes before another in the list but sits inside it (the ان of بركاني, the ات of تطبيقاته)
    is reached on the next pass."""
    while True:
        before = word
        for suffix in SUFFIXES:
            if len(word) >= len(suffix) + 2 and word.endswith(suffix):
                word = word[: -len(suffix)]
        if word == before:
            return word


def stem(word: str) -> str:
    """Light-stem a (normalised or not) Arabic word: one prefix, then the suffix list."""
    return _strip_suffixes(_strip_prefix(word))


@cache
def broken_plurals() -> dict[str, str]:
    """Normalised plural or singular of the lexicon → the term both are indexed as."""
    table: dict[str, str] = {}
    for form, singular in read_lexicon():
        term = _strip_suffixes(normalise(singular))
        for word in (normalise(form), normalise(singular)):
            previous = table.setdefault(word, term)
            if previous != term:
                raise LexiconError(
                    f"{form} → {singular}: {word} already stands for the term {previous}"
                )
    return table


def strip_article(word: str) -> str:
    """Only the prefix step, for autocomplete (a partial word must not lose suffixes)."""
    return _strip_prefix(word)


# Function words (particles, pronouns, demonstratives, relatives, prepositions, auxiliaries),
# written plainly; they are compared after normalisation.
_STOPWORDS_TEXT = """
في من إلى الى على عن مع عند لدى حتى منذ بين خلال حول دون ضد نحو عبر قبل بعد فوق تحت أمام وراء
و أو أم ثم بل لكن لكنّ إن أن إنّ أنّ كأن لأن لان لعل ليت كي لكي لو لولا إذا إذ اذا اذ إذن اذن
ما ماذا لماذا كيف أين اين متى هل كم أي أيّ من مهما حيث لم لن لا ليس ليست قد لقد سوف
هو هي هم هن هما أنا انا نحن أنت انت أنتم انتم أنتما أنتن انتن إياه إياها
هذا هذه هذان هاتان هؤلاء ذلك تلك ذاك أولئك اولئك هنا هناك هنالك
الذي التي الذين اللذان اللتان اللاتي اللواتي اللائي
كان كانت كانوا يكون تكون يكن أصبح اصبح صار ظل بات ما زال مازال لازال
كل كلا كلتا بعض غير سوى أيضا ايضا فقط جدا إلا الا إما اما أما
به بها بهم بهما له لها لهم لهما لنا لي لك لكم فيه فيها فيهم منه منها منهم عليه عليها عليهم
إليه اليه إليها اليها عنه عنها هنا ثمة يا أيها ايها
""".split()

STOPWORDS = frozenset(normalise(w) for w in _STOPWORDS_TEXT)


def analyze_word(word: str) -> str | None:
    """Full Arabic path for one token: lowercase (for embedded Latin), normalise, stop, then the
    broken-plural lexicon (the word bare, then without one prefix) or else the light stemmer."""
    term = normalise(word.lower())
    if not term or term in STOPWORDS:
        return None
    lexicon = broken_plurals()
    found = lexicon.get(term) or lexicon.get(_strip_prefix(term))
    return found if found is not None else stem(term)
