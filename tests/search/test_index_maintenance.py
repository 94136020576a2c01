"""Index upkeep under a real deployment: queued writes, reopening readers, atomic rebuilds,
recovery from a corrupt or missing index, and several writer processes at once."""

import multiprocessing
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import default_task_backend
from wagtail.search.backends import get_search_backend

from catalog.models import ResourcePage
from library.search.backend import WhooshSearchBackend
from library.search.backend.schema import ID_FIELD

from .factories import make_resource

pytestmark = pytest.mark.django_db


def found_pages(query):
    return list(get_search_backend().search(query, ResourcePage.objects.live()))


def found(query):
    return [p.title for p in found_pages(query)]


def test_writes_go_through_the_search_queue(library, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "media", "search", "mail"],
        }
    }
    page = make_resource(library, "Les fractions", language="fr")
    assert found("fractions") == []
    # Run what the web process queued, as a worker would, until the queue is empty.
    ran_search_queue = False
    while default_task_backend.results:
        result = default_task_backend.results.pop(0)
        ran_search_queue |= result.task.queue_name == "search"
        result.task.call(*result.args, **result.kwargs)
    assert ran_search_queue
    assert found("fractions") == [page.title]

    page.delete()
    queued = [r.task.queue_name for r in default_task_backend.results]
    assert queued and set(queued) == {"search"}
    for result in list(default_task_backend.results):
        result.task.call(*result.args, **result.kwargs)
    assert found("fractions") == []


def test_reader_reopens_when_the_index_changes(library):
    make_resource(library, "La photosynthèse", language="fr")
    backend = get_search_backend()
    searcher = backend.get_index_for_model(ResourcePage).searcher()
    assert found("photosynthese")
    make_resource(library, "Photosynthèse : exercices", language="fr")
    assert len(found("photosynthese")) == 2
    assert backend.get_index_for_model(ResourcePage).searcher() is not searcher


def test_an_edited_resource_is_no_longer_found_by_its_old_title(library):
    # Whoosh's Searcher.refresh() reuses segment readers without their new deletions, so a
    # refreshed searcher kept finding the old version of an edited document.
    page = make_resource(library, "La photosynthèse", language="fr")
    make_resource(library, "Photosynthèse : exercices", language="fr")
    assert len(found("photosynthese")) == 2
    page.title = page.summary = "La respiration cellulaire"
    page.save_revision().publish()
    assert [p.pk for p in found_pages("respiration")] == [page.pk]
    assert page.pk not in [p.pk for p in found_pages("photosynthese")]
    assert len(found("photosynthese")) == 1


def test_update_index_rebuilds_into_a_new_directory_and_swaps(library):
    make_resource(library, "الكسور العشرية", language="ar")
    index = get_search_backend().get_index_for_model(ResourcePage)
    before = os.readlink(index.store.current)
    call_command("update_index", verbosity=0)
    after = os.readlink(index.store.current)
    assert before != after
    assert not (index.store.path / before).exists()
    assert found("كسور") == ["الكسور العشرية"]


def test_corrupt_index_is_reported_and_rebuilt(library, caplog):
    make_resource(library, "Les vecteurs", language="fr")
    index = get_search_backend().get_index_for_model(ResourcePage)
    for toc in Path(index.store.current).glob("*.toc"):
        toc.write_bytes(b"not an index at all")
    with caplog.at_level("ERROR", logger="maktaba.search"):
        assert found("vecteurs") == ["Les vecteurs"]
    assert "corrupt" in caplog.text


def test_missing_index_is_reported_and_rebuilt(library, search_index_dir, caplog):
    import shutil

    make_resource(library, "Les vecteurs", language="fr")
    shutil.rmtree(search_index_dir)
    with caplog.at_level("WARNING", logger="maktaba.search"):
        assert found("vecteurs") == ["Les vecteurs"]
    assert "missing" in caplog.text


def _write_many(index_dir, worker, count, barrier):
    backend = WhooshSearchBackend({"INDEX_DIR": index_dir, "WRITE_LOCK_TIMEOUT": 120})
    index = backend.get_index_by_name("tests.concurrent")
    barrier.wait()
    for number in range(count):
        index.write_documents(
            [
                {
                    ID_FIELD: f"{worker}-{number}",
                    "m_types": "tests.concurrent",
                    "m_lang": "fr",
                    "title__fr": f"ressource {worker} {number}",
                }
            ]
        )


def test_concurrent_writer_processes_lose_no_document(tmp_path):
    index_dir = str(tmp_path / "concurrent")
    backend = WhooshSearchBackend({"INDEX_DIR": index_dir})
    backend.get_index_by_name("tests.concurrent").store.ensure()
    workers, count = 4, 12
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    processes = [
        context.Process(target=_write_many, args=(index_dir, w, count, barrier))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
        assert process.exitcode == 0
    searcher = backend.get_index_by_name("tests.concurrent").searcher()
    stored = {fields[ID_FIELD] for fields in searcher.all_stored_fields()}
    assert stored == {f"{w}-{n}" for w in range(workers) for n in range(count)}
