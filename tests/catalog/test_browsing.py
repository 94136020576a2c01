"""Browsing the library: cycle → level → track → subject → resources, with filters and paging."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db


def test_home_leads_into_the_library_in_arabic_first(client, library):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert 'href="/library/"' in html
    assert 'href="/library/1bac/"' in html


def test_library_index_lists_cycles_and_levels(client, library):
    html = client.get("/library/").content.decode()
    assert "التعليم الابتدائي" in html
    assert "السنة الأولى بكالوريا" in html


def test_level_with_tracks_offers_tracks_then_subjects(client, library):
    make_resource(library, tracks=("sciences-experimentales",))
    html = client.get("/library/1bac/").content.decode()
    assert 'href="/library/1bac/sciences-experimentales/"' in html
    html = client.get("/library/1bac/sciences-experimentales/").content.decode()
    assert 'href="/library/1bac/sciences-experimentales/physique-chimie/"' in html
    # Breadcrumbs lead back up.
    assert 'href="/library/1bac/"' in html


def test_level_without_tracks_offers_subjects(client, library):
    make_resource(library, subject="mathematiques", levels=("5AP",))
    html = client.get("/library/5ap/").content.decode()
    assert 'href="/library/5ap/mathematiques/"' in html
    assert client.get("/library/5ap/philosophie/").status_code == 404


def test_unknown_level_track_or_subject_is_404(client, library):
    assert client.get("/library/9zz/").status_code == 404
    assert client.get("/library/1bac/nope/").status_code == 404
    assert client.get("/library/1bac/sciences-experimentales/amazigh/").status_code == 404


def test_subject_listing_shows_only_live_public_resources_of_that_level_and_track(client, library):
    shown = make_resource(library, title="Les lois de Newton", tracks=("sciences-experimentales",))
    for_all_tracks = make_resource(library, title="Cinématique")
    make_resource(library, title="Brouillon caché", publish=False)
    make_resource(library, title="Autre filière", tracks=("sciences-mathematiques",))
    make_resource(library, title="Autre niveau", levels=("2BAC",))
    private = make_resource(library, title="Page privée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get("/library/1bac/sciences-experimentales/physique-chimie/").content.decode()
    assert shown.title in html and for_all_tracks.title in html
    for hidden in ("Brouillon caché", "Autre filière", "Autre niveau", "Page privée"):
        assert hidden not in html


def test_filters_by_kind_and_language_and_paginates(client, library, settings):
    settings.MAKTABA_CATALOG = {**settings.MAKTABA_CATALOG, "PAGE_SIZE": 2}
    for i in range(3):
        make_resource(library, title=f"Cours FR {i}", language="fr")
    make_resource(library, title="درس بالعربية", language="ar")
    url = "/library/1bac/sciences-experimentales/physique-chimie/"
    html = client.get(url, {"language": "ar"}).content.decode()
    assert "درس بالعربية" in html and "Cours FR" not in html
    html = client.get(url, {"language": "fr"}).content.decode()
    assert html.count("Cours FR") == 2 and 'rel="next"' in html and "language=fr" in html
    assert "Cours FR" in client.get(url, {"language": "fr", "page": 2}).content.decode()
    assert client.get(url, {"page": 9}).status_code == 404
    assert client.get(url, {"kind": "video"}).status_code == 200
    assert client.get(url, {"kind": "<script>", "page": "x"}).status_code == 200


def test_listing_query_count_is_constant(client, library, settings):
    settings.MAKTABA_CATALOG = {
        **settings.MAKTABA_CATALOG,
        "PAGE_SIZE": 50,
        "PAGE_CACHE_SECONDS": 0,
    }
    url = "/library/1bac/sciences-experimentales/physique-chimie/"

    def queries() -> int:
        client.get(url)  # warm caches (site root paths, content types)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    for i in range(5):
        make_resource(library, title=f"R{i}", tags=("x",))
    few = queries()
    for i in range(5, 60):
        make_resource(library, title=f"R{i}", tags=("x",))
    assert queries() == few


def test_resource_page_shows_taxonomy_and_download(client, library):
    page = make_resource(
        library,
        title="Les lois de Newton",
        tracks=("sciences-experimentales",),
        tags=("mécanique",),
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Les lois de Newton" in html and "mécanique" in html
    assert page.document.url in html and "download" in html
    assert 'lang="fr" dir="ltr"' in html  # a French resource inside the Arabic frame


def test_resource_page_query_count_does_not_grow_with_tags(client, library, settings):
    # Measure rendering, not the anonymous page cache (which would answer both from memory).
    settings.MAKTABA_CATALOG = {**settings.MAKTABA_CATALOG, "PAGE_CACHE_SECONDS": 0}
    few = make_resource(library, tags=("a",))
    many = make_resource(library, tags=tuple(f"t{i}" for i in range(30)))
    client.get(few.url)
    client.get(many.url)
    with CaptureQueriesContext(connection) as first:
        client.get(few.url)
    client.get(many.url)
    with CaptureQueriesContext(connection) as second:
        client.get(many.url)
    assert len(first.captured_queries) == len(second.captured_queries)


def test_unpublished_resource_is_not_reachable(client, library):
    draft = make_resource(library, title="Draft", publish=False)
    assert client.get(f"/library/{draft.slug}/").status_code == 404


def test_a_resource_cannot_take_a_level_slug(library):
    from django.core.exceptions import ValidationError

    page = make_resource(library, title="Tronc commun")
    page.slug = "tc"
    with pytest.raises(ValidationError) as excinfo:
        page.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_cards_take_the_direction_of_their_resource_language(client, library):
    make_resource(library, title="Newton's laws", language="en")
    make_resource(library, title="قوانين نيوتن", language="ar")
    html = client.get("/library/1bac/sciences-experimentales/physique-chimie/").content.decode()
    assert '<li lang="en" dir="ltr">' in html
    assert '<li lang="ar" dir="rtl">' in html


def test_subjects_without_resources_are_named_but_not_offered(client, library):
    make_resource(library, tracks=("sciences-experimentales",))
    make_resource(library, tracks=())  # for every track of the level
    make_resource(library, subject="comptabilite", tracks=("sciences-economiques-gestion",))
    html = client.get("/fr/library/1bac/sciences-experimentales/").content.decode()
    assert 'href="/fr/library/1bac/sciences-experimentales/physique-chimie/"' in html
    assert 'Physique-chimie <span class="meta">2 ressources</span>' in html
    # Accounting has a resource, but not for this track: no tile leads to an empty page.
    assert "/fr/library/1bac/sciences-experimentales/comptabilite/" not in html
    assert "Pas encore de ressources en" in html


def test_an_empty_subject_suggests_filters_only_when_some_are_set(client, library):
    url = "/fr/library/1bac/sciences-experimentales/physique-chimie/"
    unfiltered = client.get(url).content.decode()
    assert "Essayez un autre type" not in unfiltered
    assert "Pas encore de ressources dans cette matière" in unfiltered
    filtered = client.get(url + "?kind=video").content.decode()
    assert "Essayez un autre type" in filtered


def test_a_track_lists_only_the_subjects_of_its_programme(client, library):
    """1BAC sciences expérimentales names no accounting, economics or engineering sciences, not
    even among the subjects still empty; a 2BAC series is not a 1BAC track."""
    make_resource(library, tracks=("sciences-experimentales",))
    html = client.get("/fr/library/1bac/sciences-experimentales/").content.decode()
    assert "Physique-chimie" in html and "SVT" in html and "Philosophie" in html
    for other in ("Comptabilité", "Économie générale", "Sciences de l&#x27;ingénieur", "Amazigh"):
        assert other not in html, other
    assert client.get("/library/1bac/sciences-physiques/").status_code == 404
    assert client.get("/library/1bac/sciences-experimentales/comptabilite/").status_code == 404
    html = client.get("/fr/library/1bac/sciences-economiques-gestion/").content.decode()
    assert "Comptabilité" in html and "SVT" not in html
