"""What a pupil's query means: taxonomy mentions, generic words, content words, synonyms.

``understand(text)`` splits the query's words into

- **mentions** of a level, track or subject («2bac», «الثانية باك», «svt», «philo», «جذع
  مشترك»): the official names of the taxonomy plus the ``TaxonomyMention`` rows, matched on whole
  words (longest first) after the autocomplete normalisation (case, accents, harakat, hamza forms,
  ى/ي, ة/ه, the article ال); they leave the text query and boost resources carrying that
  taxonomy (a query of mentions only lists those resources);
- **generic words** («ملخص», «تمارين», «شرح», «cours», «résumé», «fiche»…): they describe the
  kind of resource, most resources never say them, so they only add to the score;
- **content words**: every word must match when there are one or two; from three on, all but one
  must ("minimum should match"), and resources with every word come first; among the resources
  of the taxonomy the query names, any of its words will do.

``CurriculumSynonym`` rows rewrite a run of content words (compared without stopwords, in any
order) into each other term of the group; the rewrites are searched with a lower weight than the
words typed. ``build(understood)`` turns it all into modelsearch query objects (``PlainText``,
``And``, ``Or``, ``Boost``), so every backend compiles the same meaning.

``with_related(query, understood, best)`` adds, far below every match, the other lessons of the
best matches' chapter: resources of their subject and level that share words of their titles,
tags and summaries (pseudo-relevance feedback; a chapter's lessons rarely repeat the pupil's
words, but they repeat each other's).
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import Count, Max
from modelsearch.query import And, Boost, Or, PlainText

from library.search.analysis import LANGUAGES, split_words
from library.search.analysis.pipeline import analyze_word, autocomplete_forms

#: Words that say what kind of resource is wanted, not what it is about (compared normalised).
GENERIC_WORDS = """
ملخص ملخصات تلخيص تمارين تمرين شرح شروحات درس دروس فرض فروض محروس محروسة محلولة محلول تصحيح
حلول امتحان امتحانات وطني جهوي مراجعة تطبيقات مع الحل بالحل فيديو pdf دعم تقويم
cours résumé résumés resume fiche fiches exercice exercices corrigé corrigés corrige corriges
leçon leçons lecon lecons révision revision révisions devoir devoirs examen examens contrôle
controle video vidéo exposé exposés td tp qcm évaluation évaluations correction solution
solutions explication explications complet
exercises exercise lesson lessons summary course online worksheet quiz
""".split()

#: Weights, relative to the words typed (1.0).
SYNONYM_WEIGHT = 0.5
GENERIC_WEIGHT = 0.3
TAXONOMY_WEIGHT = 4.0
#: Beyond this many content words, the partial matches are any-word, not all-but-one.
MAX_ALL_BUT_ONE = 6
#: The weight of "some of the words" after "all but one" in a query of three words or more.
TAIL_WEIGHT = 0.2
#: Related lessons: how many best matches lend their words, how many words, and the weight
#: of the part (below ``TAIL_WEIGHT``: they come after the resources with some of the words).
RELATED_FROM = 2
RELATED_WORDS = 12
RELATED_WEIGHT = 0.1
#: The longest mention or synonym term, in words.
MAX_RUN = 5
#: How long a process keeps the vocabulary it read (edits elsewhere show within this time).
VOCABULARY_SECONDS = 60

_CACHE: dict = {}


def word_key(word: str) -> str:
    """A word as mentions and synonyms compare it: lowercase, folded, article-less."""
    forms = autocomplete_forms(word)
    return forms[-1] if forms else ""


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(k for k in (word_key(w) for w in split_words(text)) if k)


def synonym_key(words: list[str]) -> tuple[str, ...]:
    """A run of words as the thesaurus compares it: content words only, in any order."""
    return tuple(sorted(k for k in (word_key(w) for w in words if is_content_word(w)) if k))


_GENERIC_KEYS = frozenset(word_key(w) for w in GENERIC_WORDS)


def is_content_word(word: str) -> bool:
    """A word every language keeps (a stopword in any language is dropped, as the backends do)."""
    return all(analyze_word(word, language) is not None for language in LANGUAGES)


@dataclass
class Vocabulary:
    """Mentions (words → ("level" | "track" | "subject", pk)) and synonym groups, as keys."""

    mentions: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)
    synonyms: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    @classmethod
    def current(cls) -> "Vocabulary":
        """The vocabulary, kept per process for ``VOCABULARY_SECONDS``; reloaded at once when a
        mention or synonym row is added or removed (their count and highest key change), or
        edited in this process (``forget``)."""
        from catalog.models import CurriculumSynonym, TaxonomyMention

        version = tuple(
            tuple(model.objects.aggregate(n=Count("pk"), top=Max("pk")).values())
            for model in (TaxonomyMention, CurriculumSynonym)
        )
        cached = _CACHE.get("vocabulary")
        now = time.monotonic()
        if cached and cached[0] == version and now - cached[1] < VOCABULARY_SECONDS:
            return cached[2]
        vocabulary = cls.load()
        _CACHE["vocabulary"] = (version, now, vocabulary)
        return vocabulary

    @staticmethod
    def forget(**_kwargs) -> None:
        _CACHE.clear()

    @classmethod
    def load(cls) -> "Vocabulary":
        from catalog.models import CurriculumSynonym, Level, Subject, TaxonomyMention, Track

        vocabulary = cls()
        for kind, model in (("level", Level), ("track", Track), ("subject", Subject)):
            for obj in model.objects.all():
                names = [obj.name_ar, obj.name_fr, obj.name_en]
                if kind == "level":
                    names.append(obj.code)
                for name in names:
                    key = phrase_key(name or "")
                    if key:
                        vocabulary.mentions.setdefault(key, (kind, obj.pk))
        for mention in TaxonomyMention.objects.all():
            kind = "level" if mention.level_id else "track" if mention.track_id else "subject"
            key = phrase_key(mention.text)
            pk = mention.level_id or mention.track_id or mention.subject_id
            if key and pk:
                vocabulary.mentions[key] = (kind, pk)  # the editors' rows win
        for group in CurriculumSynonym.objects.all():
            terms = group.term_list()
            for term in terms:
                key = synonym_key(split_words(term))
                if key:
                    others = [t for t in terms if synonym_key(split_words(t)) != key]
                    vocabulary.synonyms.setdefault(key, []).extend(others)
        return vocabulary


@dataclass
class Understood:
    words: list[str] = field(default_factory=list)  # content words, as typed
    generic: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # the mention words, as typed
    levels: list[int] = field(default_factory=list)
    tracks: list[int] = field(default_factory=list)
    subjects: list[int] = field(default_factory=list)
    rewrites: list[list[str]] = field(default_factory=list)  # content words with a synonym
    # The content words as units: a run that is a thesaurus term («الحمض النووي») is one unit,
    # matched whole; and the rewrites' units, the other term being one unit.
    units: list[list[str]] = field(default_factory=list)
    rewrite_units: list[list[list[str]]] = field(default_factory=list)

    @property
    def taxonomy_only(self) -> bool:
        return bool(self.mentions) and not self.words and not self.generic

    @property
    def generic_only(self) -> bool:
        return bool(self.generic) and not self.words and not self.mentions


def _longest_run(keys: list[str], start: int, table: dict) -> int:
    for length in range(min(MAX_RUN, len(keys) - start), 0, -1):
        if tuple(keys[start : start + length]) in table:
            return length
    return 0


def understand(text: str, vocabulary: Vocabulary) -> Understood:
    words = split_words(text)
    keys = [word_key(w) for w in words]
    understood = Understood()
    position = 0
    while position < len(words):
        length = _longest_run(keys, position, vocabulary.mentions)
        if length:
            kind, pk = vocabulary.mentions[tuple(keys[position : position + length])]
            target = getattr(understood, f"{kind}s")
            if pk not in target:
                target.append(pk)
            understood.mentions.extend(words[position : position + length])
            position += length
            continue
        word = words[position]
        if keys[position] in _GENERIC_KEYS:
            understood.generic.append(word)
        elif is_content_word(word):
            understood.words.append(word)
        position += 1
    understood.units, understood.rewrite_units = _units_and_rewrites(understood.words, vocabulary)
    understood.rewrites = [
        [w for unit in units for w in unit] for units in understood.rewrite_units
    ]
    return understood


def _units_and_rewrites(
    words: list[str], vocabulary: Vocabulary
) -> tuple[list[list[str]], list[list[list[str]]]]:
    """The content words as units (a thesaurus term's run is one), and the units with one term
    replaced by each other term of its group (at most 8 rewrites)."""
    units: list[list[str]] = []
    replacements: list[tuple[int, list[str]]] = []
    start = 0
    while start < len(words):
        length = next(
            (
                n
                for n in range(min(MAX_RUN, len(words) - start), 0, -1)
                if synonym_key(words[start : start + n]) in vocabulary.synonyms
            ),
            0,
        )
        if not length:
            units.append([words[start]])
            start += 1
            continue
        run = words[start : start + length]
        for other in vocabulary.synonyms[synonym_key(run)]:
            replacement = [w for w in split_words(other) if is_content_word(w)]
            if replacement:
                replacements.append((len(units), replacement))
        units.append(run)
        start += length
    rewrites: list[list[list[str]]] = []
    for index, replacement in replacements:
        rewrite = [*units[:index], replacement, *units[index + 1 :]]
        if rewrite != units and rewrite not in rewrites:
            rewrites.append(rewrite)
    return units, rewrites[:8]


def _all_words(words: list[str]):
    return PlainText(" ".join(words), operator="and")


def any_unit(units: list[list[str]]):
    """Any of the units: one of the single words, or all the words of a term."""
    singles = [unit[0] for unit in units if len(unit) == 1]
    parts = [PlainText(" ".join(singles), operator="or")] if singles else []
    parts += [_all_words(unit) for unit in units if len(unit) > 1]
    return parts[0] if len(parts) == 1 else Or(parts)


def forgiving(units: list[list[str]]):
    """Every word (one or two words); from three words on, all units but one (a unit: a word,
    or a thesaurus term's words), with full matches first, and after them, at a low weight,
    the resources that have fewer of the units (a long query's perfect resource often misses
    two of its words). A term's words are never matched apart («acide désoxyribonucléique»
    never finds «acide»)."""
    words = [w for unit in units for w in unit]
    if len(words) < 3:
        return _all_words(words)
    full = Boost(_all_words(words), 2.0)
    tail = Boost(any_unit(units), TAIL_WEIGHT)
    if len(units) < 3 or len(units) > MAX_ALL_BUT_ONE:
        # Two units of three words or more («أسباب» + «الحرب العالمية الثانية»): both, and
        # after them either.
        return Or([full, tail])
    partial = [
        _all_words([w for unit in subset for w in unit])
        for subset in combinations(units, len(units) - 1)
    ]
    return Or([full, *partial, tail])


def relaxed_query(understood: Understood):
    """When nothing matches: any unit of the query or, lower, of its rewrites."""
    return Or(
        [
            any_unit(understood.units),
            *(Boost(any_unit(units), SYNONYM_WEIGHT) for units in understood.rewrite_units),
        ]
    )


def taxonomy_terms(understood: Understood) -> list[str]:
    """The index words (``ResourcePage.taxonomy_keys``) of the mentioned levels, tracks, subjects."""
    from catalog.models.pages import taxonomy_key

    return [
        *(taxonomy_key("level", pk) for pk in understood.levels),
        *(taxonomy_key("track", pk) for pk in understood.tracks),
        *(taxonomy_key("subject", pk) for pk in understood.subjects),
    ]


def build(understood: Understood):
    """The text part of the search as query objects, or None when no content word is left."""
    if not understood.words:
        return None
    query = forgiving(understood.units)
    if understood.rewrite_units:
        query = Or(
            [
                query,
                *(Boost(forgiving(units), SYNONYM_WEIGHT) for units in understood.rewrite_units),
            ]
        )
    if understood.mentions and len(understood.words) > 1:
        # Within the taxonomy the pupil named, any of the words will do.
        within = And(
            [
                PlainText(" ".join(taxonomy_terms(understood)), operator="and"),
                PlainText(" ".join(understood.words), operator="or"),
            ]
        )
        query = Or([query, within])
    optional = []
    if understood.generic:
        optional.append(
            Boost(PlainText(" ".join(understood.generic), operator="or"), GENERIC_WEIGHT)
        )
    if understood.mentions:
        terms = taxonomy_terms(understood)
        optional.append(Boost(PlainText(" ".join(terms), operator="or"), TAXONOMY_WEIGHT))
    if optional:
        # "must match ``query``, scores more with ``optional``": the optional part only adds
        # to documents that match anyway.
        extra = optional[0] if len(optional) == 1 else Or(optional)
        query = Or([And([query, extra]), query])
    return query


def without_boosts(query):
    """The same query with every ``Boost`` removed, for engines that cannot weight a part."""
    if isinstance(query, Boost):
        return without_boosts(query.subquery)
    if isinstance(query, (And, Or)):
        return type(query)([without_boosts(q) for q in query.subqueries])
    return query


def related_words(understood: Understood, best: list) -> list[str]:
    """Content words of the best matches' titles, tags and summaries that the query does not
    already have (as terms), most shared first, at most ``RELATED_WORDS``."""
    typed = {
        analyze_word(word, language)
        for word in [*understood.words, *(w for rewrite in understood.rewrites for w in rewrite)]
        for language in LANGUAGES
    }
    counts: Counter = Counter()
    surface: dict[str, str] = {}
    for resource in best:
        texts = [resource.title, *resource.tag_names, resource.summary]
        seen = set()
        for word in split_words(" ".join(t for t in texts if t)):
            term = analyze_word(word, resource.language)
            if (
                not term
                or term in typed
                or term in seen
                or word.isdigit()
                or word_key(word) in _GENERIC_KEYS
                or not is_content_word(word)
            ):
                continue
            seen.add(term)
            counts[term] += 1
            surface.setdefault(term, word)
    # Counter.most_common keeps first-seen order among equal counts: title words first.
    return [surface[term] for term, _n in counts.most_common(RELATED_WORDS)]


def with_related(query, understood: Understood, best: list):
    """``query``, or beside it at ``RELATED_WEIGHT`` the resources of the best match's subject
    and levels that share words with the best matches (those of the same subject)."""
    from catalog.models.pages import taxonomy_key

    if not best or not best[0].subject_id:
        return query
    first = best[0]
    feedback = [r for r in best[:RELATED_FROM] if r.subject_id == first.subject_id]
    words = related_words(understood, feedback)
    if not words:
        return query
    scope = [PlainText(taxonomy_key("subject", first.subject_id))]
    levels = [taxonomy_key("level", level.pk) for level in first.levels.all()]
    if levels:
        scope.append(PlainText(" ".join(levels), operator="or"))
    related = And([*scope, PlainText(" ".join(words), operator="or")])
    return Or([query, Boost(related, RELATED_WEIGHT)])
