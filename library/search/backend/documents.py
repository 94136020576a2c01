"""Turning a model instance into a Whoosh document, and a model into its searchable field paths.

Only ``modelsearch.index`` definitions are read (``SearchField``, ``AutocompleteField``,
``RelatedFields``), so any ``Indexed`` model works; nothing here knows the catalogue.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from library.search.analysis import LANGUAGES, detect_language

from .filters import document_filters
from .schema import (
    FILTERS_FIELD,
    ID_FIELD,
    LANGUAGE_FIELD,
    SPELL_FIELD,
    TYPES_FIELD,
    autocomplete_field_name,
    text_field_name,
)


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A searchable field, maybe through relations (``authors__name``), with its boost."""

    path: str
    top_level_name: str
    boost: float


def _walk_definitions(fields, prefix="", top=None) -> Iterator[tuple[str, str, object]]:
    for field in fields:
        top_name = top or field.field_name
        if isinstance(field, RelatedFields):
            yield from _walk_definitions(field.fields, f"{prefix}{field.field_name}__", top_name)
        elif isinstance(field, (SearchField, AutocompleteField)):
            yield f"{prefix}{field.field_name}", top_name, field


def _model_and_subclasses(model) -> list:
    """A search on a parent model also looks in the fields its child models add."""
    found = [model]
    for candidate in apps.get_models():
        if (
            candidate is not model
            and issubclass(candidate, model)
            and hasattr(candidate, "get_search_fields")
        ):
            found.append(candidate)
    return found


def _paths(model, kind) -> list[FieldPath]:
    paths: dict[str, FieldPath] = {}
    for each in _model_and_subclasses(model):
        for path, top, field in _walk_definitions(each.get_search_fields()):
            if isinstance(field, kind) and path not in paths:
                boost = float(getattr(field, "boost", None) or 1.0)
                paths[path] = FieldPath(path, top, boost)
    return list(paths.values())


def chosen_paths(paths: list[FieldPath], fields) -> list[FieldPath]:
    """``paths`` narrowed to a search's ``fields=`` (by top-level name or full path), if any."""
    if not fields:
        return paths
    wanted = set(fields)
    return [p for p in paths if p.top_level_name in wanted or p.path in wanted]


def searchable_paths(model) -> list[FieldPath]:
    return _paths(model, SearchField)


def autocomplete_paths(model) -> list[FieldPath]:
    return _paths(model, AutocompleteField)


def type_labels(model) -> list[str]:
    """The model and each concrete ancestor, so a search on a parent finds its children."""
    labels = [model._meta.label_lower]
    for parent in model._meta.get_parent_list():
        labels.append(parent._meta.label_lower)
    return labels


def to_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return "\n".join(filter(None, (to_text(item) for item in value)))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, models.Manager):
        return to_text(list(value.all()))
    return str(value)


def _related_objects(definition: RelatedFields, obj) -> list:
    value = definition.get_value(obj)
    if value is None:
        return []
    if isinstance(value, models.Manager):
        return list(value.all())
    if isinstance(value, Iterable) and not isinstance(value, (str, models.Model)):
        return list(value)
    return [value]


def _collect(obj, fields, prefix="") -> Iterator[tuple[str, object, str]]:
    for field in fields:
        if isinstance(field, RelatedFields):
            for related in _related_objects(field, obj):
                yield from _collect(related, field.fields, f"{prefix}{field.field_name}__")
        elif isinstance(field, (SearchField, AutocompleteField)):
            text = to_text(field.get_value(obj))
            if text:
                yield f"{prefix}{field.field_name}", field, text


SPELL_TEXT_CHARS = 1500


def document_language(obj, text: str) -> str:
    """The language a document is analysed in: the object's say-so, else detected from script.

    A model may define ``get_search_language()`` or a ``language`` attribute holding
    ``ar``/``fr``/``en``.
    """
    getter = getattr(obj, "get_search_language", None)
    language = getter() if callable(getter) else getattr(obj, "language", None)
    if isinstance(language, str) and language in LANGUAGES:
        return language
    return detect_language(text)


def build_document(obj) -> dict:
    search_texts: dict[str, list[str]] = {}
    autocomplete_texts: dict[str, list[str]] = {}
    for path, field, text in _collect(obj, type(obj).get_search_fields()):
        target = search_texts if isinstance(field, SearchField) else autocomplete_texts
        target.setdefault(path, []).append(text)

    all_text = "\n".join(t for texts in search_texts.values() for t in texts)
    language = document_language(obj, all_text)
    document = {
        ID_FIELD: str(obj.pk),
        TYPES_FIELD: " ".join(type_labels(type(obj))),
        LANGUAGE_FIELD: language,
        FILTERS_FIELD: document_filters(obj),
    }
    for path, texts in search_texts.items():
        document[text_field_name(path, language)] = "\n".join(texts)
    for path, texts in autocomplete_texts.items():
        document[autocomplete_field_name(path)] = "\n".join(texts)
    suggestable = getattr(obj, "search_suggestions_allowed", None)
    if suggestable is None or (suggestable() if callable(suggestable) else suggestable):
        # Suggestions come from the first words of a document (titles, tags, names, summary
        # come first in search_fields); indexing all of a long body would double the work.
        document[SPELL_FIELD] = all_text[:SPELL_TEXT_CHARS]
    return document
