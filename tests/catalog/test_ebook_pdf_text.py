"""The PDF's line shaping: Arabic joined, right-to-left order, brackets mirrored, Latin kept."""

import arabic_reshaper

from catalog.ebook.pdf import display_order


def test_arabic_line_is_reversed_for_drawing():
    assert display_order("مرحبا", rtl=True) == "ابحرم"


def test_brackets_around_arabic_are_mirrored():
    assert display_order("(مرحبا)", rtl=True) == "(ابحرم)"


def test_latin_word_and_number_inside_arabic_keep_their_order():
    assert display_order("فضاء التلميذ (Massar) 2026", rtl=True) == "2026 (Massar) ذيملتلا ءاضف"


def test_latin_only_line_in_an_arabic_book_is_not_reversed():
    assert display_order("Maktaba · v1", rtl=True) == "Maktaba · v1"


def test_arabic_words_inside_french_line():
    assert display_order("Vidéo : (مرحبا) ok", rtl=False) == "Vidéo : (ابحرم) ok"


def test_numbered_step_number_stays_on_the_right():
    # Drawn left to right, the number and its dot end the visual string (the right edge).
    assert display_order("1. افتح", rtl=True).endswith(" .1")


def test_reshaped_letters_take_their_joined_forms():
    shaped = display_order(arabic_reshaper.reshape("بيت"), rtl=True)
    # Presentation forms (U+FE70–U+FEFF), not the isolated letters of the input.
    assert all("\ufe70" <= ch <= "\ufeff" for ch in shaped)
