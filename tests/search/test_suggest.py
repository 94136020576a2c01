"""``/search/suggest/``: public titles as the pupil types, on every backend, within the guards."""

import pytest

from catalog.views.search import MAX_QUERY_CHARS
from catalog.views.suggest import LIMIT

from .factories import make_resource
from .test_every_backend import backend  # noqa: F401  (the per-backend fixture)

pytestmark = pytest.mark.django_db


def suggest(client, q, path="/search/suggest/"):
    response = client.get(path, {"q": q})
    assert response.status_code == 200, response.content[:2000]
    return response


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["suggestions"]]


def test_titles_starting_as_typed_on_every_backend(client, library, backend):  # noqa: F811
    make_resource(library, "Les fractions : cours", language="fr")
    make_resource(library, "الكسور والعمليات عليها")
    assert "Les fractions : cours" in titles(suggest(client, "fract"))
    assert "الكسور والعمليات عليها" in titles(suggest(client, "الكس"))


def test_answer_is_public_cached_json_with_the_resource_url(client, library):
    page = make_resource(library, "Les fractions : cours", language="fr")
    response = suggest(client, "fra")
    assert response["Content-Type"] == "application/json"
    cache = response["Cache-Control"]
    assert "public" in cache and "max-age=300" in cache
    assert response.json()["suggestions"] == [{"title": page.title, "url": page.url}]


def test_language_prefixed_like_the_search_page(client, library):
    make_resource(library, "Les fractions : cours", language="fr")
    assert titles(suggest(client, "fra", path="/fr/search/suggest/")) == ["Les fractions : cours"]


def test_arabic_prefixes_forgive_hamza_and_ta_marbuta(client, library):
    make_resource(library, "الإحصاء الوصفي")
    make_resource(library, "الطاقة الحركية")
    assert titles(suggest(client, "الاحص")) == ["الإحصاء الوصفي"]  # hamza-less alef
    assert titles(suggest(client, "الطاقه")) == ["الطاقة الحركية"]  # ه for ة
    assert titles(suggest(client, "الطاقة الحر")) == ["الطاقة الحركية"]  # every word a prefix


def test_french_prefixes_forgive_accents(client, library):
    make_resource(library, "Les équations du second degré", language="fr")
    assert titles(suggest(client, "equat")) == ["Les équations du second degré"]
    assert titles(suggest(client, "Équa")) == ["Les équations du second degré"]


def test_unpublished_resources_are_never_suggested(client, library):
    make_resource(library, "Les fractions : cours", language="fr")
    make_resource(library, "Les fractions : brouillon", language="fr", live=False)
    assert titles(suggest(client, "fract")) == ["Les fractions : cours"]


def test_at_most_limit_suggestions(client, library):
    for i in range(LIMIT + 4):
        make_resource(library, f"Géométrie leçon {i}", language="fr")
    assert len(titles(suggest(client, "géom"))) == LIMIT


@pytest.mark.parametrize("q", ["", "f", " f ", '"', "«»", "\x00\x01"])
def test_under_two_characters_is_an_empty_list(client, library, q):
    make_resource(library, "Les fractions : cours", language="fr")
    assert titles(suggest(client, q)) == []


def test_over_long_input_is_refused(client, library):
    response = client.get("/search/suggest/", {"q": "fraction " * 30})
    assert len("fraction " * 30) > MAX_QUERY_CHARS
    assert response.status_code == 400
    assert response.json()["suggestions"] == []


@pytest.mark.parametrize("q", ['"fract', "fract (", "AND OR NOT", "fr*", "x" * 200])
def test_odd_input_is_text_never_an_error(client, library, q):
    make_resource(library, "Les fractions : cours", language="fr")
    suggest(client, q)


def test_undecodable_bytes_are_no_error(client, library):
    make_resource(library, "Les fractions : cours", language="fr")
    assert client.get("/search/suggest/?q=%ED%A0%80fract%FF").status_code == 200


def test_a_backend_without_autocomplete_answers_an_empty_list(client, library, settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "tests.search.without_autocomplete"}}
    make_resource(library, "Les fractions : cours", language="fr")
    assert titles(suggest(client, "fract")) == []
    assert titles(suggest(client, "fract")) == []  # refused once, then not asked again


def test_post_is_not_allowed(client):
    assert client.post("/search/suggest/", {"q": "fract"}).status_code == 405
