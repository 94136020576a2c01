"""Re-indexing an object when only one of its searched many-to-many relations changes.

modelsearch re-indexes on ``post_save``, but a many-to-many change is not a save, and
modelcluster (Wagtail pages' ``ParentalManyToManyField``) writes the relation *after* the page's
``post_save``: an index written inside the save (the immediate task backend, or ``AUTO_UPDATE``
without a queue) would keep the page's old levels and tracks, in their searchable names and in
the stored filter values. Django sends ``m2m_changed`` for both, so each searched relation
re-queues the object (or, from the other side, each object added or removed).
"""

from functools import partial

from django.db.models.signals import m2m_changed
from modelsearch import index
from modelsearch.index import FilterField, RelatedFields, SearchField
from modelsearch.tasks import insert_or_update_object_task

_CHANGES = {"post_add", "post_remove", "post_clear"}


def _searched_many_to_many(model) -> list:
    names = {
        field.field_name
        for field in model.get_search_fields()
        if isinstance(field, (FilterField, RelatedFields, SearchField))
    }
    return [field for field in model._meta.many_to_many if field.name in names]


def _relation_changed(indexed_model, sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in _CHANGES:
        return
    if not reverse:
        if isinstance(instance, indexed_model):
            targets = [(type(instance), instance.pk)]
        else:
            return
    else:
        if not pk_set or not issubclass(model, indexed_model):
            return  # a reverse clear does not say which objects lost the relation
        targets = [(model, pk) for pk in pk_set]
    for target_model, pk in targets:
        insert_or_update_object_task.enqueue(
            target_model._meta.app_label, target_model._meta.model_name, str(pk)
        )


def connect_many_to_many_updates() -> None:
    """Connect ``m2m_changed`` for every searched many-to-many field of the indexed models."""
    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        for field in _searched_many_to_many(model):
            m2m_changed.connect(
                partial(_relation_changed, model),
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"maktaba-search-m2m-{model._meta.label_lower}-{field.name}",
            )
