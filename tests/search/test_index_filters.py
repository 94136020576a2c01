"""Filters the index answers (live, public(), own FilterFields, pk) agree with the database, and
the others fall back to it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.search.backends import get_search_backend

from catalog.models import Level, ResourcePage, Subject

from .factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def subjects():
    return list(Subject.objects.order_by("pk")[:3])


@pytest.fixture
def pages(library, subjects):
    first, second, third = subjects
    found = [
        make_resource(library, "Les fractions : cours", language="fr", subject=first),
        make_resource(library, "Les fractions : exercices", language="fr", subject=second),
        make_resource(library, "الكسور fractions", language="ar", subject=third),
        make_resource(library, "Fractions (draft)", language="fr", live=False),
        make_resource(library, "Fractions, English", language="en", subject=second),
    ]
    PageViewRestriction.objects.create(
        page=found[4], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    return found


def _querysets(pages):
    live = ResourcePage.objects.live()
    second, third = pages[1].subject_id, pages[2].subject_id
    yesterday = timezone.now() - datetime.timedelta(days=1)
    return {
        "live": (live, True),
        "live public": (live.public(), True),
        "subject": (live.filter(subject=second), True),
        "subject in": (live.filter(subject__in=[second, third]), True),
        "kind": (live.filter(kind="document"), True),
        "exclude language": (live.exclude(language="fr"), True),
        "or": (ResourcePage.objects.filter(language="ar") | live.filter(subject=second), True),
        "pk in": (ResourcePage.objects.filter(pk__in=[pages[0].pk, pages[3].pk]), True),
        "pk in empty": (ResourcePage.objects.filter(pk__in=[]), True),
        "none": (ResourcePage.objects.none(), True),
        "date": (ResourcePage.objects.filter(first_published_at__gte=yesterday), True),
        "year": (ResourcePage.objects.filter(first_published_at__year=yesterday.year), True),
        "path prefix": (ResourcePage.objects.filter(path__startswith=pages[0].path[:-4]), True),
        # Answered by the database:
        "level": (live.filter(levels=Level.objects.order_by("pk").first()), True),
        "title contains": (live.filter(title__icontains="exercices"), False),
    }


@pytest.mark.parametrize(
    "name",
    [
        "live",
        "live public",
        "subject",
        "subject in",
        "kind",
        "exclude language",
        "or",
        "pk in",
        "pk in empty",
        "none",
        "date",
        "year",
        "path prefix",
        "level",
        "title contains",
    ],
)
def test_filtered_search_agrees_with_the_database(pages, name):
    queryset, in_index = _querysets(pages)[name]
    backend = get_search_backend()
    results = backend.search("fractions", queryset)
    expected = set(queryset.values_list("pk", flat=True)) & {p.pk for p in pages}
    assert {page.pk for page in results} == expected
    assert results.count() == len(expected)
    assert backend.filtered_in_index(results.query_compiler) is in_index


def test_facets_from_the_index_match_the_database(pages, subjects):
    backend = get_search_backend()
    queryset = ResourcePage.objects.live().public()
    results = backend.search("fractions", queryset)
    assert backend.filtered_in_index(results.query_compiler)
    first, second, third = (subject.pk for subject in subjects)
    assert dict(results.facet("subject")) == {first: 1, second: 1, third: 1}
    assert dict(results.facet("kind")) == {"document": 3}
    assert dict(results.facet("language")) == {"fr": 2, "ar": 1}
    levels = dict(results.facet("levels"))  # many-to-many: counted by the database
    assert sum(levels.values()) == 3


def test_unpublishing_leaves_the_results_at_once(pages):
    backend = get_search_backend()
    pages[0].unpublish()
    found = {p.pk for p in backend.search("fractions", ResourcePage.objects.live())}
    assert pages[0].pk not in found and pages[1].pk in found


def test_an_index_without_stored_filters_falls_back_to_the_database(pages, caplog):
    backend = get_search_backend()
    index = backend.get_index_for_model(ResourcePage)
    # Rewrite every document as an older release did: without m_filters.
    searcher = index.searcher()
    documents = []
    for docnum in range(searcher.doc_count_all()):
        if not searcher.reader().is_deleted(docnum):
            stored = dict(searcher.stored_fields(docnum))
            documents.append(stored["m_id"])
    from library.search.backend.documents import build_document

    writer = index.store.writer()
    for page in ResourcePage.objects.filter(pk__in=[int(key) for key in documents]):
        document = build_document(page.specific)
        document.pop("m_filters")
        writer.update_document(**document)
    writer.commit()
    results = backend.search("fractions", ResourcePage.objects.live().public())
    assert {p.pk for p in results} == {pages[0].pk, pages[1].pk, pages[2].pk}
    assert not backend.filtered_in_index(results.query_compiler)


def test_a_relation_changed_from_either_side_is_reindexed(pages):
    # Pages' levels are written by modelcluster after post_save, and a change from the level's
    # side is no save of the page at all: m2m_changed re-indexes (library/search/signals.py).
    backend = get_search_backend()
    other = Level.objects.order_by("-pk").first()
    page = pages[0]
    assert page.pk not in {p.pk for p in backend.search("fractions", _in_level(other))}
    other.resources.add(page)
    assert page.pk in {p.pk for p in backend.search("fractions", _in_level(other))}
    page.levels.set([Level.objects.order_by("pk").first()])
    page.save_revision().publish()
    assert page.pk not in {p.pk for p in backend.search("fractions", _in_level(other))}
    assert backend.search("fractions", _in_level(other)).count() == 0


def _in_level(level):
    return ResourcePage.objects.live().filter(levels=level)
