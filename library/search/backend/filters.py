"""Queryset filters answered by the index itself, for the common cases.

Every document stores the values of its model's own ``FilterField``s (``m_filters``: pk, live,
path, depth, kind, language, subject, and many-to-many ones as tuples of keys: levels…; see
``library/search/signals.py`` for how they stay fresh). When a search's queryset filters only on those
(``.live().public()``, ``.filter(kind="video")``, dates, ``__in`` lists), modelsearch's filter
walker translates the queryset's ``WHERE`` tree into a small tree of ``Lookup``/``Connective``
nodes here, and the evaluator turns it into a mask per segment: the database then loads only the
page of results instead of checking every matching key (``pk__in`` with tens of thousands of
keys). Anything else (a lookup through a relation, a subquery, an expression, a lookup type not
listed in ``LOOKUPS``) raises ``NotPushable`` and the search falls back to the database, which
answers every Django lookup.

Values are normalised the same way on both sides (``stored_value``): model instances and related
managers become primary keys, dates and datetimes ISO strings (datetimes in UTC), so comparisons
agree with the database's.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass

import numpy as np
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

#: Lookup types answered from the index (others go to the database).
LOOKUPS = frozenset({"exact", "in", "isnull", "lt", "lte", "gt", "gte", "startswith"})
#: Of those, the ones that make sense on a many-to-many relation (stored as a tuple of keys).
MEMBERSHIP = frozenset({"exact", "in", "isnull"})

_SCALARS = (bool, int, float, str, decimal.Decimal, uuid.UUID)


class NotPushable(Exception):
    """This filter cannot be answered from the index; the database answers it."""


def stored_value(value):
    """A filter value as stored in the index and compared at query time."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value) if isinstance(value, uuid.UUID) else float(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (models.Manager, models.QuerySet)):
        return tuple(sorted(value.values_list("pk", flat=True)))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stored_value(v) for v in value]
        if all(isinstance(v, (int, str)) for v in items):
            items.sort()
        return tuple(items)
    return str(value)


def document_filters(obj) -> dict:
    """``{attname: value}`` of the object's own FilterFields (not those inside RelatedFields)."""
    model = type(obj)
    values = {"pk": stored_value(obj.pk)}  # lookups on the primary key or a parent link
    for field in model.get_filterable_search_fields():
        attname = field.get_attname(model)
        try:
            value = field.get_value(obj)
        except Exception:  # a computed attribute that fails: the database will answer instead
            continue
        values[attname] = stored_value(value)
    return values


@dataclass(frozen=True, slots=True)
class Lookup:
    attname: str
    lookup: str
    value: object


@dataclass(frozen=True, slots=True)
class Connective:
    """Children joined by AND or OR, maybe negated. Without children it filters nothing out,
    negated or not, as Django's empty ``WhereNode`` compiles to no condition at all."""

    connector: str  # "AND" or "OR"
    children: tuple
    negated: bool


@dataclass(frozen=True, slots=True)
class MatchNone:
    """A filter no document passes (``.none()``, ``pk__in=[]``)."""


MATCH_NONE = MatchNone()


def query_value(lookup: str, value):
    """Normalise a lookup's right-hand side, or refuse what only the database can evaluate."""
    if lookup == "in":
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise NotPushable("in: not a list of values")
        return frozenset(query_value("exact", v) for v in value)
    if lookup == "isnull":
        return bool(value)
    if value is not None and not isinstance(
        value, (*_SCALARS, datetime.date, datetime.time, models.Model)
    ):
        raise NotPushable(f"{type(value).__name__} value")
    return stored_value(value)


def _compare(values: np.ndarray, test) -> np.ndarray:
    return np.fromiter((test(v) for v in values), dtype=bool, count=values.size)


def lookup_mask(values: np.ndarray, node: Lookup) -> np.ndarray:
    """Which documents of a column (object array; tuples for many-to-many) pass ``node``."""
    lookup, wanted = node.lookup, node.value
    if lookup == "isnull":
        return _compare(values, lambda v: (v is None or v == ()) == wanted)
    if lookup == "exact":
        if wanted is None:
            return _compare(values, lambda v: v is None)
        return _compare(values, lambda v: wanted in v if isinstance(v, tuple) else v == wanted)
    if lookup == "in":
        return _compare(
            values,
            lambda v: bool(wanted.intersection(v)) if isinstance(v, tuple) else v in wanted,
        )
    if lookup == "startswith":
        return _compare(values, lambda v: isinstance(v, str) and v.startswith(wanted))
    if wanted is None:
        return np.zeros(values.size, dtype=bool)
    kind = type(wanted)
    tests = {
        "lt": lambda v: v < wanted,
        "lte": lambda v: v <= wanted,
        "gt": lambda v: v > wanted,
        "gte": lambda v: v >= wanted,
    }
    test = tests[lookup]
    numbers = (int, float)
    if isinstance(wanted, numbers) and not isinstance(wanted, bool):
        return _compare(
            values, lambda v: isinstance(v, numbers) and not isinstance(v, bool) and test(v)
        )
    return _compare(values, lambda v: type(v) is kind and test(v))


def primary_key_or_many_to_many(model, column) -> str | None:
    """What a ``WHERE`` column of a search's queryset is, for the lookups modelsearch cannot
    place: ``"pk"`` (the model's key or a parent link), a many-to-many FilterField's attname
    (its column lives in the through table), or None for any other column."""
    target = column.target
    if (target.primary_key or target.attname.endswith("_ptr_id")) and issubclass(
        model, target.model
    ):
        return "pk"  # the model's own key, or a parent's (multi-table inheritance)
    for filter_field in model.get_filterable_search_fields():
        try:
            field = filter_field.get_field(model)
        except FieldDoesNotExist:
            continue
        if (
            field.many_to_many
            and target.model is field.remote_field.through
            and target.name == field.m2m_reverse_field_name()
        ):
            return filter_field.get_attname(model)
    return None
