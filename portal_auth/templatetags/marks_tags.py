"""Showing a mark cell: a localised number with two decimals (12,75 in ar and fr), or a word."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import MarkStatus
from ..records.grading import Cell

register = template.Library()


@register.filter
def mark(value: Decimal | Cell | None) -> str:
    """``Decimal`` or ``Cell`` → ``12,75`` / ``absent`` / ``exempt`` / ``—``."""
    if isinstance(value, Cell):
        if value.status == MarkStatus.ABSENT:
            return format_html('<abbr class="mark-absent">{}</abbr>', _("absent"))
        if value.status == MarkStatus.EXEMPT:
            return format_html('<abbr class="mark-exempt">{}</abbr>', _("exempt"))
        value = value.value
    if value is None or value == "":
        return "—"
    return number_format(value, 2)


@register.filter
def under(cells: list, headers: list) -> list[tuple]:
    """Each cell with its column's header, ``(header, cell)``: a cell names its column in the
    stacked layout of a phone (``data-label``)."""
    return list(zip(headers, cells, strict=False))
