"""Query cleaning, phrase building and highlighting, without the database."""

from modelsearch.query import And, Phrase, PlainText

from catalog.views.search import MAX_QUERY_CHARS, build_query, clean_query
from library.search.highlight import highlight


def test_clean_query_bounds_length_and_words():
    assert len(clean_query("مرحبا " * 5000)) <= MAX_QUERY_CHARS
    assert len(clean_query("a b c d e f g h i j k l m n o p").split()) == 12


def test_clean_query_drops_control_characters_and_surrogates():
    assert clean_query("le\x00 cours\x1b \ud800x") == "le cours x"


def test_unbalanced_quote_is_plain_text():
    query = build_query('"second degré')
    assert isinstance(query, PlainText) and query.query_string == "second degré"


def test_paired_quotes_make_a_phrase():
    query = build_query('"second degré" équations')
    assert isinstance(query, And)
    assert isinstance(query.subqueries[0], Phrase)


def test_empty_query_is_none():
    assert build_query("") is None and build_query('""') is None


def test_highlight_marks_variants_and_escapes():
    html = highlight("<b>Les équations</b> et l'équation", "equation", "fr")
    assert "&lt;b&gt;" in html
    assert html.count("<mark>") == 2
    assert "<mark>المعادلات</mark>" in highlight("حل المعادلات", "معادلة", "ar")
