"""The array evaluator scores exactly as Whoosh's own matchers do, on several segments with
deletions, and fixes what Whoosh gets wrong (``And`` with ``Not``)."""

import random

import pytest
from whoosh import index as whoosh_index
from whoosh import query as wq

from library.search.backend.dismax import BestField
from library.search.backend.evaluation import ArraySearch
from library.search.backend.postings import ArrayCache, clear_array_cache
from library.search.backend.schema import FILTERS_FIELD, ID_FIELD, TYPES_FIELD, build_schema
from library.search.backend.weighting import LanguageAwareBM25F

WORDS = {
    "ar": "درس تمارين ملخص معادل تفاضل عدد دال هندس فضائ احتمال".split(),
    "fr": "cour exercic resum equation different nombr fonction geometr espac probabilit".split(),
}
PATHS = [("title", 6.0), ("tags", 4.0), ("summary", 2.0), ("body", 1.0)]


def _text(rng, language, count):
    return " ".join(rng.choices(WORDS[language], k=count))


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Three segments (no merging), a few deleted documents, Arabic and French documents."""
    clear_array_cache()
    rng = random.Random(11)
    folder = tmp_path_factory.mktemp("index").resolve()
    index = whoosh_index.create_in(str(folder), build_schema())
    number = 0
    for _batch in range(3):
        writer = index.writer()
        for _ in range(120):
            language = rng.choice(["ar", "fr"])
            document = {ID_FIELD: str(number), TYPES_FIELD: "app.thing", "m_lang": language}
            for path, _boost in PATHS:
                document[f"{path}__{language}"] = _text(rng, language, rng.randint(1, 25))
            writer.add_document(**document)
            number += 1
        writer.commit(merge=False)
    writer = index.writer()
    for key in ("3", "150", "151", "300"):
        writer.delete_by_term(ID_FIELD, key)
    writer.commit(merge=False)
    with index.searcher(weighting=LanguageAwareBM25F()) as opened:
        assert len(opened.subsearchers) == 3
        opened.index_path = str(folder)
        yield opened


def _word(word):
    leaves = [
        wq.Term(f"{path}__{language}", word, boost=boost)
        for path, boost in PATHS
        for language in ("ar", "fr")
    ]
    return BestField(leaves, tiebreak=0.1)


def _whoosh_scores(searcher, query):
    results = searcher.search(query, limit=None, scored=True)
    return {hit.docnum: hit.score for hit in results}


def _array_scores(searcher, query):
    matches = ArraySearch(searcher, searcher.index_path).matches(query)
    return dict(zip(matches.docnums.tolist(), matches.scores.tolist(), strict=True))


def _queries():
    rng = random.Random(5)
    for _ in range(40):
        language = rng.choice(["ar", "fr"])
        words = [_word(w) for w in rng.sample(WORDS[language], rng.randint(1, 3))]
        yield wq.And(words)
        yield wq.Or(words, boost=1.5)
        yield wq.And([wq.Term(TYPES_FIELD, "app.thing"), wq.Or(words)])
    yield wq.Term("title__fr", "equation")
    yield wq.Term("title__fr", "absent")
    yield wq.Phrase("body__fr", ["cour", "exercic"])
    yield wq.And([_word("cour"), wq.Phrase("body__fr", ["cour", "exercic"])])


@pytest.mark.parametrize("query", list(_queries()), ids=str)
def test_scores_equal_whoosh_matchers(searcher, query):
    expected = _whoosh_scores(searcher, query)
    found = _array_scores(searcher, query)
    assert found.keys() == expected.keys()
    for docnum, score in expected.items():
        assert found[docnum] == pytest.approx(score, rel=1e-9)


def test_deleted_documents_never_match(searcher):
    keys = searcher.reader().column_reader(ID_FIELD, translate=True)
    matches = ArraySearch(searcher, "test").matches(wq.Every())
    found = {keys[n] for n in matches.docnums.tolist()}
    assert len(found) == 360 - 4
    assert not found & {"3", "150", "151", "300"}


def test_best_page_orders_by_score_then_index_order(searcher):
    matches = ArraySearch(searcher, "test").matches(wq.Or([_word("cour"), _word("درس")]))
    everything = matches.best(None)
    pairs = list(
        zip(
            (-matches.scores[everything]).tolist(),
            matches.docnums[everything].tolist(),
            strict=True,
        )
    )
    assert pairs == sorted(pairs)
    for limit in (1, 10, 25):
        assert matches.best(limit).tolist() == everything[:limit].tolist()


def test_ties_at_the_page_edge_keep_index_order(searcher):
    # Every document scores the same: the page is the first documents in index order.
    matches = ArraySearch(searcher, "test").matches(wq.Every())
    page = matches.best(10)
    assert matches.docnums[page].tolist() == sorted(matches.docnums.tolist())[:10]


def test_not_excludes_inside_and(searcher):
    # Whoosh's own And(Every, Not(x)) returns every document; the evaluator excludes x.
    excluded = _array_scores(searcher, _word("cour"))
    everything = _array_scores(searcher, wq.Every())
    remaining = _array_scores(searcher, wq.And([wq.Every(), wq.Not(_word("cour"))]))
    assert remaining.keys() == everything.keys() - excluded.keys()
    assert excluded and remaining


def test_keys_follow_the_page_order_across_segments(searcher):
    keys = searcher.reader().column_reader(ID_FIELD, translate=True)
    matches = ArraySearch(searcher, "test").matches(_word("cour"))
    page = matches.best(30)
    assert matches.keys(page, ID_FIELD) == [keys[n] for n in matches.docnums[page].tolist()]


def test_cache_stays_within_its_budget():
    import numpy as np

    cache = ArrayCache(budget_bytes=10_000)
    for number in range(10):
        cache.put(("k", number), np.zeros(500))  # 4,000 bytes each
    assert cache.used <= 10_000
    assert len(cache) == 2
    assert cache.get(("k", 9)) is not None and cache.get(("k", 0)) is None
    cache.put(("big",), np.zeros(5_000))  # larger than the budget: not kept
    assert cache.get(("big",)) is None


def _keys_matching(searcher, query):
    matches = ArraySearch(searcher, "test-updates").matches(query)
    return set(matches.keys(matches.best(None), ID_FIELD))


def test_updates_are_seen_by_a_reopened_searcher(tmp_path):
    # Reopened as IndexStore does (Whoosh's refresh() would keep stale deletions).
    clear_array_cache()
    index = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = index.writer()
    for number in range(50):
        writer.add_document(
            **{ID_FIELD: str(number), "m_lang": "fr", "title__fr": f"cour numero{number}"}
        )
    writer.commit()
    searcher = index.searcher(weighting=LanguageAwareBM25F())
    assert len(_keys_matching(searcher, wq.Term("title__fr", "cour"))) == 50

    writer = index.writer()  # document 7 rewritten: a new segment, a deletion in the old one
    writer.update_document(**{ID_FIELD: "7", "m_lang": "fr", "title__fr": "exercic"})
    writer.commit(merge=False)
    searcher = index.searcher(weighting=LanguageAwareBM25F())
    assert len(searcher.subsearchers) == 2
    assert "7" not in _keys_matching(searcher, wq.Term("title__fr", "cour"))
    assert _keys_matching(searcher, wq.Term("title__fr", "exercic")) == {"7"}

    writer = index.writer()  # merged into one new segment
    writer.delete_by_term(ID_FIELD, "8")
    writer.commit(optimize=True)
    searcher = index.searcher(weighting=LanguageAwareBM25F())
    found = _keys_matching(searcher, wq.Term("title__fr", "cour"))
    assert len(found) == 48 and not found & {"7", "8"}


def test_warming_decodes_frequent_terms_once_and_changes_no_result(searcher, tmp_path):
    from library.search.backend.postings import array_cache, warm_index

    query = wq.And([_word("cour"), _word("exercic")])
    before = _array_scores(searcher, query)
    clear_array_cache()
    path = searcher.index_path
    decoded = warm_index(path, ID_FIELD, FILTERS_FIELD, min_doc_frequency=8)
    assert decoded > 0
    frequent = sum(
        1
        for sub, _ in searcher.subsearchers
        for name in sub.reader().indexed_field_names()
        if "__" in name
        for _text, info in sub.reader().iter_field(name)
        if info.doc_frequency() >= 8
    )
    assert decoded == frequent
    used = array_cache().used
    assert (
        warm_index(path, ID_FIELD, FILTERS_FIELD, min_doc_frequency=8) == 0
    )  # segments already warmed in this process
    assert array_cache().used == used
    cached = array_cache().used
    assert _array_scores(searcher, query) == before
    assert array_cache().used == cached  # every posting list the query needed was warm


def test_warming_thread_survives_a_vanished_index(tmp_path, caplog, monkeypatch):
    import logging
    import threading

    from library.search.backend.postings import warm_in_background

    escaped = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    caplog.set_level(logging.DEBUG, logger="maktaba.search")
    thread = warm_in_background(str(tmp_path / "no-such-index"), ID_FIELD, FILTERS_FIELD)
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert escaped == []  # nothing raised out of the thread
    assert any("Warming the search index" in r.getMessage() for r in caplog.records)
