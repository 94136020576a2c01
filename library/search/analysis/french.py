"""French: elision, lowercase, stopwords, light stemming (Savoy's rules), accent folding.

The light stemmer follows the rules of Jacques Savoy's French light stemmer, as Lucene's
FrenchLightStemmer applies them: plural ``s``/``x`` (``-aux`` → ``-al``), a handful of derivational
suffixes rewritten to their base (``-issement`` → ``-ir``, ``-ateur`` → ``-er``, ``-ive`` → ``-if`` …),
then a normalisation that folds common accents, collapses doubled letters and drops a final
``r``/``e``. It is *light*: it never cuts to a root, so « équation » and « équations » meet but
« équation » and « équateur » do not.

Maktaba's analyzer runs it with ``accent_insensitive=True``: the word is accent-folded first and
the accented suffix rules (``-ième``, ``-ère``, ``-ète``) also fire on their unaccented spellings,
so a pupil typing « deuxieme » finds « deuxième » (see docs/search.md for the measured difference).
"""

import unicodedata
from collections.abc import Callable

from .tokenizer import APOSTROPHES

ELISION_ARTICLES = frozenset(
    ["l", "d", "qu", "n", "s", "j", "t", "m", "c", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)

_LIGHT_FOLD = str.maketrans("àáâôèéêùûîç", "aaaoeeeuuic")


def fold_accents(word: str) -> str:
    """Remove every diacritic (é → e, ï → i, ç → c) and open the ligatures œ and æ."""
    if word.isascii():
        return word
    word = word.replace("œ", "oe").replace("æ", "ae").replace("Œ", "OE").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_elision(
    word: str, articles: frozenset[str] = ELISION_ARTICLES, ignore_case: bool = True
) -> str:
    """``l'équation`` → ``équation``; ``O'Brian`` stays (``o`` is not an article)."""
    for index, ch in enumerate(word):
        if ch in APOSTROPHES:
            article = word[:index].lower() if ignore_case else word[:index]
            if article in articles:
                return word[index + 1 :]
            return word
    return word


def _norm(w: str) -> str:
    if len(w) > 4:
        w = w.translate(_LIGHT_FOLD)
        collapsed = [w[0]]
        for ch in w[1:]:
            if ch == collapsed[-1] and ch.isalpha():
                continue
            collapsed.append(ch)
        w = "".join(collapsed)
    if len(w) > 4 and w.endswith("ie"):
        w = w[:-2]
    if len(w) > 4:
        if w[-1] == "r":
            w = w[:-1]
        if w[-1] == "e":
            w = w[:-1]
        if w[-1] == "e":
            w = w[:-1]
        if w[-1] == w[-2] and w[-1].isalpha():
            w = w[:-1]
    return w


# Each rule: (suffix, minimum length + 1, rewrite, final). ``rewrite`` maps the word to its new
# form; a final rule returns the normalised result at once, a non-final one lets later rules run.
Rule = tuple[str, int, Callable[[str], str], bool]


def _derivation_rules(accent_insensitive: bool) -> list[Rule]:
    def ement(w: str) -> str:
        w = w[:-4]
        if len(w) > 3 and w.endswith("ive"):
            w = w[:-2] + "f"
        return w

    def isation(w: str) -> str:
        w = w[:-7]
        if len(w) > 5 and w.endswith("ual"):
            w = w[:-2] + "el"
        return w

    rules: list[Rule] = [
        ("issement", 9, lambda w: w[:-7] + "r", True),
        ("issant", 8, lambda w: w[:-5] + "r", True),
        ("ement", 6, ement, True),
        ("ficatrice", 11, lambda w: w[:-5][:-2] + "er", True),
        ("ficateur", 10, lambda w: w[:-4][:-2] + "er", True),
        ("catrice", 9, lambda w: w[:-7] + "quer", True),
        ("cateur", 8, lambda w: w[:-6] + "quer", True),
        ("atrice", 8, lambda w: w[:-6] + "er", True),
        ("ateur", 7, lambda w: w[:-5] + "er", True),
        ("trice", 6, lambda w: w[:-5] + "teur", False),
        ("ième", 5, lambda w: w[:-4], True),
        ("teuse", 7, lambda w: w[:-5] + "ter", True),
        ("teur", 6, lambda w: w[:-4] + "ter", True),
        ("euse", 5, lambda w: w[:-2], True),
        ("ère", 8, lambda w: w[:-3] + "er", True),
        ("ive", 7, lambda w: w[:-3] + "if", True),
        ("folle", 4, lambda w: w[:-3] + "u", True),
        ("molle", 4, lambda w: w[:-3] + "u", True),
        ("nnelle", 9, lambda w: w[:-5], True),
        ("nnel", 9, lambda w: w[:-3], True),
        ("ète", 4, lambda w: w[:-3] + "et", False),
        ("ique", 8, lambda w: w[:-4], False),
        ("esse", 8, lambda w: w[:-3], True),
        ("inage", 7, lambda w: w[:-3], True),
        ("isation", 9, isation, True),
        ("isateur", 9, lambda w: w[:-7], True),
        ("ation", 8, lambda w: w[:-5], True),
        ("ition", 8, lambda w: w[:-5], True),
    ]
    if accent_insensitive:
        rules = [(fold_accents(s), n, f, final) for s, n, f, final in rules]
    return rules


_RULES = {flag: _derivation_rules(flag) for flag in (False, True)}


def light_stem(word: str, accent_insensitive: bool = False) -> str:
    """Savoy-style light stem of a lowercased French word."""
    w = fold_accents(word) if accent_insensitive else word
    if len(w) > 5 and w[-1] == "x":
        w = w[:-2] + "l" if w[-3:-1] == "au" and w[-4] != "e" else w[:-1]
    if len(w) > 3 and w[-1] == "x":
        w = w[:-1]
    if len(w) > 3 and w[-1] == "s":
        w = w[:-1]
    for suffix, longer_than, rewrite, final in _RULES[accent_insensitive]:
        if len(w) > longer_than and w.endswith(suffix):
            w = rewrite(w)
            if final:
                return _norm(w)
    return _norm(w)


# Function words: articles, pronouns, prepositions, conjunctions, auxiliary forms.
_STOPWORDS_TEXT = """
au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le les leur leurs
lui ma mais me même meme mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se
ses son sur ta te tes toi ton tu un une vos votre vous c d j l à a m n s t y été etre être
étée étées étés étant suis es est sommes êtes sont serai seras sera serons serez seront serais
serait serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes furent sois
soit soyons soyez soient fusse fusses fût fussions fussiez fussent ayant eu eue eues eus ai as
avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais
avait avions aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient eusse eusses eût
eussions eussiez eussent ceci cela celà cet celui celle ceux celles ici là quand comme si sans
sous chez entre vers donc or ni car puis tout tous toute toutes très plus moins aussi alors
""".split()

STOPWORDS = frozenset(_STOPWORDS_TEXT) | frozenset(fold_accents(w) for w in _STOPWORDS_TEXT)


def analyze_word(word: str) -> str | None:
    """Full French path for one Latin-script token."""
    term = strip_elision(word).lower()
    for ch in APOSTROPHES:
        term = term.replace(ch, "'")
    if not term or term in STOPWORDS:
        return None
    return fold_accents(light_stem(term, accent_insensitive=True))
