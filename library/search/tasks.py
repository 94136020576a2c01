"""Index writes as tasks on the ``search`` queue: one writer at a time, never in a web request.

Each task reads the current database state, so running it twice is harmless (idempotent): a
saved object is (re)written, a vanished one is removed.
"""

from django.apps import apps
from django_tasks import task


def _backend(index_dir: str):
    from library.search.backend import WhooshSearchBackend

    return WhooshSearchBackend({"INDEX_DIR": index_dir, "WRITE_THROUGH_QUEUE": False})


@task(queue_name="search")
def index_objects(index_dir: str, model_label: str, keys: list[str]) -> int:
    from library.search.backend.documents import build_document

    model = apps.get_model(model_label)
    backend = _backend(index_dir)
    index = backend.get_index_for_model(model)
    objects = {str(obj.pk): obj for obj in model.get_indexed_objects().filter(pk__in=keys)}
    documents = []
    for obj in objects.values():
        specific = obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
        if specific is not None:
            documents.append(build_document(specific))
    gone = [key for key in keys if key not in objects]
    index.write_documents(documents, deleted_keys=gone)
    return len(documents)


@task(queue_name="search")
def delete_objects(index_dir: str, index_name: str, keys: list[str]) -> int:
    _backend(index_dir).get_index_by_name(index_name).write_documents([], deleted_keys=keys)
    return len(keys)


@task(queue_name="search")
def rebuild_index(index_dir: str, index_name: str) -> int:
    return _backend(index_dir).rebuild_index(index_name)


class QueuedWrites:
    """The backend's ``WRITE_QUEUE``: each write becomes a task on the ``search`` queue."""

    def index(self, index_dir: str, model_label: str, keys: list[str]) -> None:
        index_objects.enqueue(index_dir, model_label, keys)

    def delete(self, index_dir: str, index_name: str, keys: list[str]) -> None:
        delete_objects.enqueue(index_dir, index_name, keys)

    def rebuild(self, index_dir: str, index_name: str) -> None:
        rebuild_index.enqueue(index_dir, index_name)
