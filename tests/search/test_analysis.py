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
