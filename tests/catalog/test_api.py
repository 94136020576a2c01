"""The Wagtail API v2 exposes live resources with their taxonomy and file URLs."""

import pytest

from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db

FIELDS = "summary,kind,language,subject_slug,level_codes,track_slugs,tag_names,file_url"


def test_resources_listed_with_taxonomy_and_file_url(client, library):
    page = make_resource(
        library,
        title="Les lois de Newton",
        tracks=("sciences-experimentales",),
        tags=("mécanique",),
    )
    make_resource(library, title="Brouillon", publish=False)
    response = client.get("/api/v2/pages/", {"type": "catalog.ResourcePage", "fields": FIELDS})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "Les lois de Newton"
    assert item["level_codes"] == ["1BAC"]
    assert item["track_slugs"] == ["sciences-experimentales"]
    assert item["subject_slug"] == "physique-chimie"
    assert item["tag_names"] == ["mécanique"]
    assert item["file_url"] == page.document.url


def test_api_search_parameter_finds_resources(client, library):
    make_resource(library, title="Les équations du second degré", language="fr")
    make_resource(library, title="Les lois de Newton", language="fr")
    response = client.get("/api/v2/pages/", {"type": "catalog.ResourcePage", "search": "équations"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == ["Les équations du second degré"]


def test_api_hides_private_resources(client, library):
    from wagtail.models import PageViewRestriction

    private = make_resource(library, title="Privé")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/api/v2/pages/", {"type": "catalog.ResourcePage"})
    assert response.json()["meta"]["total_count"] == 0


@pytest.mark.parametrize("operator", ["xor", "", "AND;drop", "or "])
def test_an_unknown_search_operator_is_a_clear_400(library, client, operator):
    response = client.get("/api/v2/pages/", {"search": "x", "search_operator": operator})
    assert response.status_code == 400
    assert response.json() == {"message": "search_operator must be 'and' or 'or'"}


@pytest.mark.parametrize("operator", ["and", "or"])
def test_the_known_search_operators_still_search(library, client, operator):
    response = client.get("/api/v2/pages/", {"search": "x", "search_operator": operator})
    assert response.status_code == 200
