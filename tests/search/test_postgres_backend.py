"""The PostgreSQL backend with Maktaba's analysis, on real resource pages (PostgreSQL only)."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.query import And, Fuzzy, Not, Phrase, PlainText
from wagtail.search.backends import get_search_backend

from catalog.models import Level, ResourcePage
from library.search.postgres import backend as pg_backend
from library.search.postgres.models import HeadTerm, IndexEntry, Word

from .factories import make_resource

pytestmark = pytest.mark.django_db

BACKEND_PATH = "library.search.postgres.backend.MaktabaPostgresSearchBackend"
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Maktaba's PostgreSQL search backend needs PostgreSQL (MAKTABA_TEST_DATABASE=postgres)",
)


@pytest.fixture
def backend(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKEND_PATH}}
    return get_search_backend()


@pytest.fixture
def pages(backend, library):
    return {
        "ar": make_resource(
            library,
            "حل والمتراجحات من الدرجة الأولى",
            summary="تمارين في المتراجحات",
            language="ar",
        ),
        "fr": make_resource(
            library,
            "Les équations du second degré",
            summary="L'équation et son discriminant",
            language="fr",
        ),
        "fr_apart": make_resource(
            library,
            "Degré d'un polynôme, second exercice",
            summary="Polynômes",
            language="fr",
        ),
        "en": make_resource(library, "Quadratic equations", language="en"),
    }


def titles(results) -> list[str]:
    return sorted(page.title for page in results)


@on_postgres
def test_pages_are_indexed_through_the_task_queue_when_saved(pages):
    keys = set(IndexEntry.objects.values_list("object_id", flat=True))
    assert {str(page.pk) for page in pages.values()} <= keys


@on_postgres
def test_arabic_light_stemming_finds_the_attached_prefix_plural(backend, pages):
    # PostgreSQL's own ``arabic`` configuration leaves «والمتراجحات» with its prefix.
    assert titles(backend.search("متراجحة", ResourcePage)) == [pages["ar"].title]
    assert titles(backend.search("المُتَراجِحة", ResourcePage)) == [pages["ar"].title]


@on_postgres
def test_french_accents_elision_and_plural(backend, pages):
    found = titles(backend.search("equation", ResourcePage))
    assert pages["fr"].title in found and pages["fr_apart"].title not in found


@on_postgres
def test_and_of_words_and_or_operator(backend, pages):
    both = PlainText("second discriminant", operator="and")
    assert titles(backend.search(both, ResourcePage)) == [pages["fr"].title]
    either = titles(backend.search(PlainText("discriminant polynôme", operator="or"), ResourcePage))
    assert either == sorted([pages["fr"].title, pages["fr_apart"].title])


@on_postgres
def test_phrase_needs_the_words_in_sequence(backend, pages):
    assert titles(backend.search(Phrase("second degré"), ResourcePage)) == [pages["fr"].title]
    both = titles(backend.search(PlainText("second degré", operator="and"), ResourcePage))
    assert both == sorted([pages["fr"].title, pages["fr_apart"].title])


@on_postgres
def test_not_and_stopword_only_queries(backend, pages):
    query = And([PlainText("second"), Not(PlainText("discriminant"))])
    assert titles(backend.search(query, ResourcePage)) == [pages["fr_apart"].title]
    assert list(backend.search("les du", ResourcePage)) == []


@on_postgres
def test_title_outranks_summary(backend, library):
    summary_only = make_resource(
        library, "Cours de géométrie", summary="Une équation apparaît ici.", language="fr"
    )
    in_title = make_resource(library, "L'équation", summary="Cours complet.", language="fr")
    results = list(backend.search("équation", ResourcePage))
    assert [p.pk for p in results] == [in_title.pk, summary_only.pk]
    assert all(p.pk for p in backend.search("équation", ResourcePage).annotate_score("s"))


@on_postgres
def test_filters_facets_and_many_to_many_filter_field(backend, pages, library):
    hidden = make_resource(library, "Équations cachées", language="fr", live=False)
    queryset = ResourcePage.objects.live().public()
    results = backend.search(PlainText("equations", operator="or"), queryset)
    assert hidden.title not in titles(results)
    assert dict(results.facet("language")) == {"fr": 1, "en": 1}
    assert results.count() == 2
    level = Level.objects.get(pk=pages["fr"].levels.first().pk)
    by_level = backend.search("equations", queryset.filter(levels=level.pk))
    assert titles(by_level) == sorted([pages["fr"].title, pages["en"].title])
    level_counts = dict(results.facet("levels"))
    assert level_counts == {level.pk: 2}
    ordered = backend.search("equations", queryset, order_by_relevance=False)
    assert [p.pk for p in ordered] == [pages["fr"].pk, pages["en"].pk]  # the pages' tree order


@on_postgres
def test_arabic_and_french_prefix_autocomplete(backend, pages):
    assert titles(backend.autocomplete("المتر", ResourcePage)) == [pages["ar"].title]
    assert titles(backend.autocomplete("والمتر", ResourcePage)) == [pages["ar"].title]
    accents_folded = sorted([pages["fr"].title, pages["en"].title])
    assert titles(backend.autocomplete("équa", ResourcePage)) == accents_folded
    both = backend.autocomplete("Quadr equa", ResourcePage, operator="and")
    assert titles(both) == [pages["en"].title]


@on_postgres
def test_fuzzy_matches_a_typo(backend, pages):
    assert pages["fr"].title in titles(backend.search(Fuzzy("equasions"), ResourcePage))


@on_postgres
def test_suggestion_from_the_public_vocabulary(backend, pages, library):
    make_resource(library, "Le discriminant secret", language="fr", live=False)
    assert backend.suggest(ResourcePage, "discrimimant") == "discriminant"
    assert backend.suggest(ResourcePage, "discriminant") is None
    assert backend.suggest(ResourcePage, "secret") is None  # only in an unpublished page
    assert backend.suggest(ResourcePage, "secrte") is None


@on_postgres
@pytest.mark.parametrize(
    "text",
    [
        "",
        "معادلة " * 1500 + "x" * 1000,
        "a:b & | ! ( ) <-> * ' \" \\ %s %% ; -- ::tsquery",
        "le\x00 cours\x1b\x7f",
        "\ud800 équation \udfff",
        "x" * 10_000,
    ],
)
def test_bad_input_gives_a_normal_answer_quickly(backend, pages, text):
    started = time.monotonic()
    results = backend.search(text, ResourcePage.objects.live())
    assert isinstance(list(results), list) and isinstance(results.count(), int)
    assert isinstance(list(backend.search(Phrase(text), ResourcePage)), list)
    assert isinstance(list(backend.autocomplete(text, ResourcePage)), list)
    assert isinstance(list(backend.search(Fuzzy(text), ResourcePage)), list)
    assert backend.suggest(ResourcePage, text) is None or backend.suggest(ResourcePage, text)
    assert time.monotonic() - started < 5


@on_postgres
def test_update_index_rebuilds_from_scratch(backend, pages):
    IndexEntry.objects.filter(object_id=str(pages["en"].pk)).delete()
    IndexEntry.objects.create(
        index_name="wagtailcore.page",
        content_type_id=IndexEntry.objects.first().content_type_id,
        object_id="999999",
        language="fr",
        document="",
        autocomplete="",
    )
    Word.objects.create(index_name="wagtailcore.page", kind=Word.SPELL, word="fantome")
    call_command("update_index", verbosity=0)
    keys = set(IndexEntry.objects.values_list("object_id", flat=True))
    assert str(pages["en"].pk) in keys and "999999" not in keys
    assert not Word.objects.filter(word="fantome").exists()
    assert titles(backend.search("quadratic", ResourcePage)) == [pages["en"].title]


@on_postgres
def test_a_deleted_page_leaves_the_index(backend, pages):
    pages["en"].delete()
    assert not IndexEntry.objects.filter(object_id=str(pages["en"].pk)).exists()
    assert titles(backend.search("quadratic", ResourcePage)) == []


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the SQLite refusal")
def test_refuses_another_database_with_a_clear_message(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKEND_PATH}}
    with pytest.raises(ImproperlyConfigured, match="needs a PostgreSQL database"):
        get_search_backend()


def head_terms(page) -> set[str]:
    entry = IndexEntry.objects.get(index_name="wagtailcore.page", object_id=str(page.pk))
    return set(HeadTerm.objects.filter(entry_id=entry.pk).values_list("term", flat=True))


@on_postgres
def test_head_terms_follow_their_entry(backend, pages):
    # title, tags, taxonomy names and summary: the body (weight D) is not in the head
    assert {"fr:equation", "fr:discriminant"} <= head_terms(pages["fr"])
    pages["fr"].summary = "Le produit des racines"
    pages["fr"].save_revision().publish()
    assert "fr:discriminant" not in head_terms(pages["fr"])
    assert "fr:racin" in head_terms(pages["fr"])
    entry = IndexEntry.objects.get(index_name="wagtailcore.page", object_id=str(pages["fr"].pk)).pk
    pages["fr"].delete()
    assert not HeadTerm.objects.filter(entry_id=entry).exists()
    call_command("update_index", verbosity=0)
    entries = set(IndexEntry.objects.values_list("pk", flat=True))
    assert set(HeadTerm.objects.values_list("entry_id", flat=True)) <= entries
    assert head_terms(pages["fr_apart"])


@on_postgres
def test_many_matches_rank_the_best_head_candidates(backend, library, monkeypatch):
    # Above EXACT_RANK_ROWS matches only each term's best head entries are ranked: the page is
    # still best first, and a page the candidates cannot fill falls back to ranking every match.
    in_summary = [
        make_resource(library, f"Cours {n}", summary="Une équation.", language="fr")
        for n in range(4)
    ]
    in_title = make_resource(library, "L'équation", summary="Équation, équations", language="fr")
    monkeypatch.setattr(pg_backend, "EXACT_RANK_ROWS", 2)
    monkeypatch.setattr(pg_backend, "CANDIDATES_PER_TERM", 3)
    results = backend.search("équation", ResourcePage)
    assert results.count() == 5
    with CaptureQueriesContext(connection) as queries:
        first = list(results[:3])
    assert first[0].pk == in_title.pk and len(first) == 3
    assert any("maktaba_search_head_term" in q["sql"] for q in queries.captured_queries)
    # five rows wanted, three candidates per language term: the exact ranking answers
    every = list(backend.search("équation", ResourcePage)[:5])
    assert [p.pk for p in every][0] == in_title.pk
    assert {p.pk for p in every} == {in_title.pk, *(p.pk for p in in_summary)}
