"""The /search/ page: language-aware matching, facets, suggestions, privacy, bad input."""

import pytest
from wagtail.models import PageViewRestriction

from .factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def resources(library):
    return {
        "ar": make_resource(
            library,
            "المعادلاتُ من الدرجة الثانية",
            "درس في حل المعادلات من الدرجة الثانية مع تمارين",
            language="ar",
            tags=["جبر"],
        ),
        "fr": make_resource(
            library,
            "Les équations du second degré",
            "Résoudre l'équation du second degré : discriminant et racines.",
            language="fr",
        ),
        "draft": make_resource(library, "معادلات سرية غير منشورة", language="ar", live=False),
    }


def get(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [item["page"].title for item in response.context["results"] or []]


def test_arabic_query_matches_arabic_forms(client, resources):
    assert titles(get(client, q="معادله")) == [resources["ar"].title]


def test_french_query_without_accents(client, resources):
    assert titles(get(client, q="equation second degre")) == [resources["fr"].title]


def test_unpublished_never_shows_and_private_neither(client, resources, library):
    PageViewRestriction.objects.create(
        page=resources["ar"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = get(client, q="معادلات")
    assert titles(response) == []
    assert "سرية" not in response.content.decode()


def test_highlight_and_taxonomy_and_facets(client, resources):
    response = get(client, q="المعادلة")
    html = response.content.decode()
    assert "<mark>" in html
    names = {facet["name"] for facet in response.context["facets"]}
    assert {"level", "subject", "kind", "language"} <= names


def test_facet_link_filters(client, resources):
    response = get(client, q="equation OR معادلة", language="fr")
    assert titles(response) == [resources["fr"].title]


def test_level_and_track_facet_links_filter(client, library):
    # Following a level facet link used to fail with a 500 (FilterFieldError on level_id).
    from catalog.models import Level

    levels = list(Level.objects.order_by("pk")[:2])
    first = make_resource(library, "Les fractions : cours", language="fr")
    second = make_resource(library, "Les fractions : exercices", language="fr")
    first.levels.set([levels[0]])
    second.levels.set([levels[1]])
    first.save_revision().publish()
    second.save_revision().publish()
    response = get(client, q="fractions")
    facet = next(f for f in response.context["facets"] if f["name"] == "level")
    assert {option["value"]: option["count"] for option in facet["options"]} == {
        levels[0].pk: 1,
        levels[1].pk: 1,
    }
    assert titles(get(client, q="fractions", level=levels[1].pk)) == [second.title]
    assert titles(get(client, q="fractions", track=999999)) == []


def test_or_fallback_when_and_finds_nothing(client, resources):
    response = get(client, q="équations zzzzqqq")
    assert titles(response) == [resources["fr"].title]
    assert response.context["relaxed"]


def test_phrase_with_quotes(client, resources):
    assert titles(get(client, q='"second degré"')) == [resources["fr"].title]
    assert titles(get(client, q='"degré second"')) == []


def test_did_you_mean(client, resources):
    response = get(client, q="discriminent")
    assert response.context["suggestion"] == "discriminant"


def test_empty_result_offers_browse_path(client, resources, library):
    response = get(client, q="xylophone")
    assert library.url in response.content.decode()


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "a" * 10_000,
        "معادلة " * 2000,
        '"unbalanced quote',
        'AND OR NOT ( ) [ ] { } ^ ~ * ? : \\ / "',
        "title:foo* bar~2 +baz -qux",
        "\x00\x01\x1b[31m",
        "‏‎RTL marks‎",
    ],
)
def test_bad_input_never_fails(client, resources, q):
    get(client, q=q)


def test_lone_surrogates_in_url_and_in_text(client, resources):
    from catalog.views.search import clean_query

    assert client.get("/search/?q=%ED%A0%80lone%F0").status_code == 200
    assert clean_query("\ud800lone") == "lone"


def test_api_v2_search_uses_the_same_backend(client, resources):
    response = client.get("/api/v2/pages/", {"search": "معادله", "type": "catalog.ResourcePage"})
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == [resources["ar"].title]


def test_result_cards_cost_the_same_queries_for_2_and_12_results(client, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.catalog import make_resource as make_page

    def queries() -> int:
        client.get("/fr/search/", {"q": "équations"})
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/fr/search/", {"q": "équations"}).status_code == 200
        return len(ctx.captured_queries)

    for i in range(2):
        make_page(
            library, title=f"Les équations {i}", language="fr", tracks=("sciences-experimentales",)
        )
    few = queries()
    for i in range(2, 12):
        make_page(
            library, title=f"Les équations {i}", language="fr", tracks=("sciences-experimentales",)
        )
    assert queries() == few
