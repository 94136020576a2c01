"""The search page, the API and the admin search on every backend this machine can run.

Each test runs once per backend: Maktaba's Whoosh backend, modelsearch's stock database backend
on SQLite (SQLite runs) or on PostgreSQL (PostgreSQL runs), and Maktaba's PostgreSQL backend when
its module is present. Whatever a backend cannot do (suggestions, a facet, a filter) is left out
of the page; the page never answers 500.
"""

import importlib.util

import pytest
from django.db import connection

from catalog.models import Level, Subject

from .factories import make_resource

pytestmark = pytest.mark.django_db

MAKTABA_POSTGRES = "library.search.postgres.backend.MaktabaPostgresSearchBackend"


def _maktaba_postgres_available() -> bool:
    try:
        return importlib.util.find_spec("library.search.postgres.backend") is not None
    except ModuleNotFoundError:
        return False


BACKENDS = {
    "whoosh": ({"BACKEND": "library.search.backend"}, None),
    "database-sqlite": ({"BACKEND": "modelsearch.backends.database"}, "sqlite"),
    "database-postgres": ({"BACKEND": "modelsearch.backends.database"}, "postgresql"),
    "maktaba-postgres": ({"BACKEND": MAKTABA_POSTGRES}, "postgresql"),
}


@pytest.fixture(params=list(BACKENDS))
def backend(request, settings):
    conf, vendor = BACKENDS[request.param]
    if vendor and connection.vendor != vendor:
        pytest.skip(f"{request.param} runs on {vendor} only")
    if request.param == "maktaba-postgres" and not _maktaba_postgres_available():
        pytest.skip("library.search.postgres is not installed in this tree")
    settings.WAGTAILSEARCH_BACKENDS = {"default": dict(conf)}
    return request.param


@pytest.fixture
def resources(backend, library):
    levels = list(Level.objects.order_by("pk")[:2])
    subjects = list(Subject.objects.order_by("pk")[:2])
    first = make_resource(
        library,
        "Les fractions : cours",
        "Additionner des fractions.",
        language="fr",
        subject=subjects[0],
        level=levels[0],
    )
    second = make_resource(
        library,
        "Les fractions : exercices",
        "Exercices sur les fractions.",
        language="fr",
        subject=subjects[1],
        level=levels[1],
    )
    arabic = make_resource(library, "الكسور", "درس في الكسور", language="ar", subject=subjects[0])
    return {"first": first, "second": second, "arabic": arabic, "levels": levels}


def get(client, path="/search/", **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:2000]
    return response


def titles(response) -> set[str]:
    return {item["page"].title for item in response.context["results"] or []}


def test_the_page_finds_resources_on_every_backend(client, resources):
    response = get(client, q="fractions")
    assert titles(response) == {resources["first"].title, resources["second"].title}
    assert "<mark>" in response.content.decode()


def test_facets_the_backend_can_count_are_shown_with_counts(client, resources, backend):
    response = get(client, q="fractions")
    facets = {
        f["name"]: {o["value"]: o["count"] for o in f["options"]}
        for f in response.context["facets"]
    }
    # every backend here can count these (the database backends by their column)
    assert facets["kind"] == {"document": 2}
    assert facets["language"] == {"fr": 2}
    assert sum(facets["subject"].values()) == 2
    if "level" in facets:
        assert facets["level"] == {resources["levels"][0].pk: 1, resources["levels"][1].pk: 1}


def test_facet_links_filter_on_every_backend(client, resources):
    second = resources["second"]
    both = {resources["first"].title, second.title}
    assert titles(get(client, q="fractions", kind="document", language="fr")) == both
    assert titles(get(client, q="fractions", language="ar")) == set()
    assert titles(get(client, q="fractions", subject=second.subject_id)) == {second.title}
    assert titles(get(client, q="fractions", level=resources["levels"][1].pk)) == {second.title}
    assert titles(get(client, q="fractions", track=999999)) == set()


def test_suggestions_only_where_the_backend_has_them(client, resources, backend):
    from wagtail.search.backends import get_search_backend

    from library.search.capabilities import capabilities

    response = get(client, q="fractionz")
    if not capabilities(get_search_backend()).suggestions:
        assert response.context["suggestion"] is None
    assert backend != "whoosh" or capabilities(get_search_backend()).suggestions


@pytest.mark.parametrize(
    "q",
    [
        "",
        "   ",
        "a" * 10_000,
        "كسر " * 3000,
        '"unbalanced quote',
        "AND OR NOT ( ) [ ] { } ^ ~ * ? : \\ / \" ' ; -- %",
        "title:foo* bar~2 +baz -qux",
        "\x00\x01\x1b[31m\x7f",
        "\u200f\u200eRTL marks\u200e",
        "'); DROP TABLE wagtailcore_page; --",
        '"x (y* : -z\' NEAR" AND "^1 OR"',
    ],
)
def test_hostile_queries_give_a_normal_page(client, resources, q):
    get(client, q=q)
    get(client, q=q, level="1", kind="audio", subject="999999999999999")


def test_lone_surrogates_give_a_normal_page(client, resources):
    assert client.get("/search/?q=%ED%A0%80lone%F0").status_code == 200
    assert client.get("/api/v2/pages/?search=%ED%A0%80lone").status_code in (200, 400)


def test_api_search_on_every_backend(client, resources):
    response = client.get("/api/v2/pages/", {"search": "fractions", "type": "catalog.ResourcePage"})
    assert response.status_code == 200, response.content[:2000]
    assert {item["title"] for item in response.json()["items"]} == {
        resources["first"].title,
        resources["second"].title,
    }


@pytest.mark.parametrize("q", ["", "a" * 10_000, 'AND ( "x', "\x00\x1b", '"x (y* : -z\' NEAR"'])
def test_api_hostile_search_never_fails(client, resources, q):
    response = client.get("/api/v2/pages/", {"search": q, "type": "catalog.ResourcePage"})
    assert response.status_code in (200, 400)


def test_admin_search_on_every_backend(client, resources, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.ma", "pw")
    client.force_login(admin)
    response = client.get("/admin/pages/search/", {"q": "fractions"})
    assert response.status_code == 200
    assert resources["first"].title in response.content.decode()
    for q in ["", "a" * 10_000, 'AND ( "x']:
        assert client.get("/admin/pages/search/", {"q": q}).status_code == 200
