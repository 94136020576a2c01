"""Template filters of the "My data" page and file."""

from __future__ import annotations

import datetime

from django import template
from django.utils.dateparse import parse_date, parse_datetime

from ..conf import portal_setting

register = template.Library()


@register.filter
def from_iso(value: str | None) -> datetime.datetime | datetime.date | None:
    """An ISO 8601 string from ``personal_data.gather`` back into a date or datetime."""
    if not value:
        return None
    return parse_datetime(value) if "T" in value else parse_date(value)


@register.simple_tag
def personal_data_sections(pupil_data: dict) -> list[dict]:
    """The other apps' sections of one pupil's part: ``[{"template": …, "section": …}]``."""
    return [
        {"template": spec["template"], "section": pupil_data[key]}
        for key, spec in portal_setting("PERSONAL_DATA_SECTIONS").items()
        if key in pupil_data
    ]
