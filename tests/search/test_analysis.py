"""Maktaba's own expectations of the analyzers, beyond Lucene's cases."""

import pytest

from library.search.analysis import (
    analyze,
    analyze_for_autocomplete,
    arabic,
    detect_language,
    english,
    french,
)
from library.search.analysis.broken_plurals import LexiconError, read_lexicon
from library.search.analysis.tokenizer import tokenize


def terms(text, language):
    return [t.text for t in analyze(text, language)]


def test_tokenizer_keeps_harakat_inside_words():
    assert [t.text for t in tokenize("المُعَادَلَةُ الثَّانِيَة")] == ["المُعَادَلَةُ", "الثَّانِيَة"]


def test_tokenizer_reports_offsets_for_highlighting():
    token = list(tokenize("Les équations"))[1]
    assert (token.text, token.start, token.end) == ("équations", 4, 13)


def test_tokenizer_converts_arabic_indic_digits():
    assert [t.text for t in tokenize("الدرس ٣ و۴")] == ["الدرس", "3", "و4"]


@pytest.mark.parametrize(
    "variant",
    ["المعادلة", "المعادلات", "معادلة", "معادله", "المُعَادَلَةُ", "والمعادلات", "بالمعادلة"],
)
def test_arabic_variants_meet_one_term(variant):
    assert terms(variant, "ar") == ["معادل"]


def test_arabic_alef_and_yeh_variants():
    assert terms("إحصاء", "ar") == terms("احصاء", "ar") == terms("أحصاء", "ar")
    assert arabic.normalise("مستوى") == "مستوي"


@pytest.mark.parametrize(
    ("adjective", "noun"),
    [("ضوئي", "الضوء"), ("الإحصائية", "الإحصاء"), ("الاحصائيات", "إحصاء"), ("مائي", "الماء")],
)
def test_a_hamza_on_its_seat_meets_the_bare_hamza(adjective, noun):
    assert terms(adjective, "ar") == terms(noun, "ar")
    assert terms("مسئول", "ar") == terms("المسؤول", "ar")


@pytest.mark.parametrize(
    ("stacked", "bare"),
    [("البركاني", "بركان"), ("تطبيقاته", "التطبيق"), ("الحيوانية", "حيوان")],
)
def test_stacked_suffixes_reach_the_bare_words_term(stacked, bare):
    assert terms(stacked, "ar") == terms(bare, "ar")


def test_arabic_light_stemming_does_not_conflate_roots():
    assert len({terms(w, "ar")[0] for w in ["معادلة", "عدالة", "تعديل"]}) == 3


def test_arabic_stopwords_are_dropped():
    assert terms("الدرس في الرياضيات", "ar") == ["درس", "رياض"]


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("equations", "Les équations"),
        ("equation", "l'équation"),
        ("degre", "degré"),
        ("deuxieme", "deuxième"),
        ("elements", "éléments"),
        ("premiere", "Première"),
        ("equation", "L’équation"),
        ("chevaux", "cheval"),
    ],
)
def test_french_query_without_accents_meets_indexed_form(typed, indexed):
    assert terms(typed, "fr") == terms(indexed, "fr")[-1:]


def test_french_elision_list_is_complete():
    for article in [
        "l",
        "d",
        "qu",
        "n",
        "s",
        "j",
        "t",
        "m",
        "c",
        "jusqu",
        "lorsqu",
        "puisqu",
        "quoiqu",
    ]:
        assert french.strip_elision(f"{article}'ici") == "ici"
        assert french.strip_elision(f"{article}\u2019ici") == "ici"
    assert french.strip_elision("O'Brian") == "O'Brian"


def test_french_stopwords_and_case():
    assert terms("Les équations DU second degré", "fr") == ["equation", "second", "degr"]


def test_english_path_stems():
    assert english.analyze_word("Running") == "run"
    assert terms("The equations", "en") == ["equat"]


def test_arabic_words_in_french_text_take_the_arabic_path():
    assert terms("Le mot المعادلات", "fr") == ["mot", "معادل"]


def test_positions_skip_stopwords_and_offsets_point_into_text():
    result = analyze("équations du second", "fr")
    assert [t.position for t in result] == [0, 1]
    assert "équations du second"[result[1].start : result[1].end] == "second"


def test_autocomplete_forms_are_unstemmed_and_article_free():
    forms = {t.text for t in analyze_for_autocomplete("المعادلات L'équation")}
    assert {"المعادلات", "معادلات", "l'equation", "equation"} <= forms


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("المعادلات من الدرجة الثانية", "ar"),
        ("Les équations du second degré", "fr"),
        ("The history of the kingdom and its people", "en"),
        ("JavaScript", "fr"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


# -- broken plurals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("كتب", "كتاب"),
        ("المدن", "المدينة"),
        ("أفكار", "فكرة"),
        ("الجبال", "جبل"),
        ("ظواهر", "الظاهرة"),
        ("الدروس", "درس"),
        ("تمارين", "التمرين"),
        ("القواعد", "قاعدة"),
        ("عوامل", "العامل"),
        ("والوزراء", "الوزير"),
        ("الوديان", "وادي"),
        ("النساء", "المرأة"),
        ("للتلاميذ", "تلميذ"),
        ("المسائل", "مسألة"),
    ],
)
def test_a_broken_plural_and_its_singular_give_the_same_term(plural, singular):
    assert terms(plural, "ar") == terms(singular, "ar")
    assert len(terms(plural, "ar")) == 1


@pytest.mark.parametrize(
    "spelling",
    ["الأسئلة", "الاسئلة", "الأسئله", "الْأَسْئِلَةُ", "سؤال", "السؤال"],
)
def test_broken_plurals_meet_through_every_spelling_variant(spelling):
    # hamza-less alef, ه for ة and harakat are folded before the lexicon is looked up
    assert terms(spelling, "ar") == terms("أسئلة", "ar")


def test_a_singular_starting_like_a_prefix_keeps_its_first_letter():
    # without the lexicon و would be stripped from وزير (زير) but not from الوزير (وزير)
    assert terms("وزير", "ar") == terms("الوزير", "ar") == terms("وزراء", "ar")


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("سكان", "الساكن"),  # inhabitants, not static (الكهرباء الساكنة)
        ("نقود", "النقد"),  # money, not criticism
        ("أسنان", "السنة"),  # teeth, not year
        ("الأمم", "الأم"),  # nations, not mother
        ("المناطق", "المنطق"),  # regions, not logic
        ("أشهر", "الشهر"),  # also "most famous"
        ("طوال", "طويل"),  # also "throughout"
        ("الجزائر", "الجزيرة"),  # Algeria
        ("الديون", "الدين"),  # debts, not religion
        ("الثيران", "الثورة"),  # bulls, not revolution
        ("الأعوام", "العامة"),  # years, not general
        ("الحجج", "الحج"),  # arguments, not the pilgrimage
        ("أمعاء", "معه"),  # intestines, not "with him"
        ("الكتاب", "الكاتب"),  # كتّاب (writers) is spelt as كتاب (book): not listed
        ("علماء", "العالم"),  # scholars, not world
    ],
)
def test_words_that_look_like_a_listed_plural_are_not_merged(word, other):
    assert terms(word, "ar") != terms(other, "ar")


@pytest.mark.parametrize(
    "word",
    ["شعور", "قصور", "أسود", "جمال", "سلام", "كلام", "نجاح", "استقلال", "إنتاج", "أحمد", "نعم"],
)
def test_singulars_shaped_like_plurals_stay_with_the_light_stemmer(word):
    plain = arabic.normalise(word)
    assert plain not in {arabic.normalise(form) for form, _ in read_lexicon()}
    assert terms(word, "ar") == [arabic.stem(plain)]


def test_the_lexicon_holds_no_stopword_and_no_frequent_other_term():
    lexicon = arabic.broken_plurals()
    assert len(read_lexicon()) >= 600
    assert not set(lexicon) & arabic.STOPWORDS
    assert not set(lexicon.values()) & arabic.STOPWORDS
    # Terms of frequent words of school texts that no plural may be folded into.
    frequent = "السنة الأولى الثانية الثالثة العامة المنطق الثورة معه مثل خاص الحج قوة الأم هوية"
    taken = {terms(word, "ar")[0] for word in frequent.split()}
    targets = {lexicon[arabic.normalise(form)] for form, _ in read_lexicon()}
    assert not taken & targets


def test_a_contradictory_or_malformed_lexicon_line_is_named(tmp_path):
    path = tmp_path / "plurals.tsv"
    path.write_text("# comment\nكتب\tكتاب\nكتب\tكاتب\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"plurals.tsv:3: كتب is already the plural of كتاب"):
        read_lexicon(path)
    path.write_text("كتب كتاب\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"plurals.tsv:1: expected"):
        read_lexicon(path)
    path.write_text("كتب\tbook\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"'book' is not one Arabic word"):
        read_lexicon(path)
