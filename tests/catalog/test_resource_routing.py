"""Resources under the library are reachable whatever their slug; browsing routes still work."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from catalog.models import Level, ResourcePage, Subject
from tests.factories.catalog import make_document

pytestmark = pytest.mark.django_db


def publish_resource(library, title: str, slug: str, *, live: bool = True) -> ResourcePage:
    page = ResourcePage(
        title=title,
        slug=slug,
        summary="Cours.",
        kind="document",
        language="fr",
        subject=Subject.objects.get(slug="physique-chimie"),
        document=make_document(f"{slug}.pdf"),
        live=False,
    )
    page.levels.set([Level.objects.get(code="1BAC")])
    library.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def route(library, *segments: str):
    request = RequestFactory().get("/" + "/".join(segments) + "/")
    return library.route(request, list(segments))


@pytest.mark.parametrize("slug", ["newtons-laws", "قوانين-نيوتن"])
def test_a_resource_is_routed_to_whatever_its_slug(library, slug):
    page = publish_resource(library, "Newton's laws", slug)
    result = route(library, slug)
    assert result.page.pk == page.pk


def test_levels_and_listings_still_go_to_the_browsing_views(library):
    publish_resource(library, "Newton's laws", "newtons-laws")
    view, _args, kwargs = route(library, "1bac").args
    assert view.__name__ == "level" and kwargs == {"level_slug": "1bac"}
    view, _args, kwargs = route(library, "1bac", "sciences-experimentales").args
    assert view.__name__ == "level_part"


def test_an_unpublished_resource_is_not_routed(library):
    publish_resource(library, "Brouillon", "brouillon", live=False)
    result = route(library, "brouillon")
    view, _args, kwargs = result.args
    assert view.__name__ == "level"  # which answers 404: no such level
    with pytest.raises(Http404):
        view(RequestFactory().get("/library/brouillon/"), **kwargs)
