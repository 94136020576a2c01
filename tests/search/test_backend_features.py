"""Backend features on real resource pages: Arabic autocomplete, fuzzy, facets, mixed script."""

import pytest
from modelsearch.query import Fuzzy, PlainText
from wagtail.search.backends import get_search_backend

from catalog.models import ResourcePage

from .factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(library):
    return [
        make_resource(library, "المعادلات من الدرجة الثانية", language="ar"),
        make_resource(library, "Les équations du second degré", language="fr"),
        make_resource(library, "Quadratic equations", language="en"),
    ]


def titles(results):
    return sorted(page.title for page in results)


def test_arabic_prefix_autocomplete_with_and_without_article(pages):
    backend = get_search_backend()
    assert titles(backend.autocomplete("المعا", ResourcePage)) == [pages[0].title]
    assert titles(backend.autocomplete("معاد", ResourcePage)) == [pages[0].title]


def test_fuzzy_matches_a_typo(pages):
    backend = get_search_backend()
    assert pages[1].title in titles(backend.search(Fuzzy("equasions"), ResourcePage))


def test_mixed_script_query_meets_both_languages(pages):
    backend = get_search_backend()
    found = titles(backend.search(PlainText("معادلة équation", operator="or"), ResourcePage))
    assert pages[0].title in found and pages[1].title in found


def test_language_facet_counts_and_score_annotation(pages):
    backend = get_search_backend()
    results = backend.search(PlainText("equations", operator="or"), ResourcePage.objects.live())
    assert dict(results.facet("language")) == {"fr": 1, "en": 1}
    scored = list(results.annotate_score("score"))
    assert all(page.score > 0 for page in scored)


def test_title_outranks_summary(library):
    summary_only = make_resource(
        library, "Cours de géométrie", summary="Une équation apparaît ici.", language="fr"
    )
    in_title = make_resource(library, "L'équation", summary="Cours complet.", language="fr")
    results = list(get_search_backend().search("équation", ResourcePage))
    assert [p.pk for p in results] == [in_title.pk, summary_only.pk]
