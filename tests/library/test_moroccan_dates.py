"""Dates as Moroccan families and Massar write them: day before month, and in Arabic the month
names used in the Maghreb (يناير … دجنبر), not the Middle-Eastern forms (ديسمبر، تشرين)."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

MOROCCAN_MONTHS = [
    "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
    "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
]  # fmt: skip
FRENCH_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip
THIRD_DECEMBER = datetime.date(2026, 12, 3)
AT_NINE = datetime.datetime(2026, 12, 3, 9, 30)


@pytest.mark.parametrize("month", range(1, 13))
def test_arabic_month_names_are_the_moroccan_ones(month):
    day = datetime.date(2026, month, 15)
    with translation.override("ar"):
        assert formats.date_format(day, "F") == MOROCCAN_MONTHS[month - 1]
        assert formats.date_format(day, "E") == MOROCCAN_MONTHS[month - 1]
        assert formats.date_format(day, "DATE_FORMAT") == f"15 {MOROCCAN_MONTHS[month - 1]} 2026"
    with translation.override("fr"):
        assert formats.date_format(day, "DATE_FORMAT") == f"15 {FRENCH_MONTHS[month - 1]} 2026"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_short_dates_put_the_day_first(language):
    with translation.override(language):
        assert formats.date_format(THIRD_DECEMBER, "SHORT_DATE_FORMAT") == "03/12/2026"
        assert formats.date_format(AT_NINE, "SHORT_DATETIME_FORMAT") == "03/12/2026 09:30"
        assert formats.date_format(AT_NINE, "DATETIME_FORMAT").startswith("3 ")
        rendered = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": THIRD_DECEMBER})
        )
        assert rendered == "03/12/2026"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_typed_date_is_read_day_first(language):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("03/12/2026") == THIRD_DECEMBER
        assert field.clean("2026-12-03") == THIRD_DECEMBER


def test_the_admin_shows_dates_day_first(settings):
    assert settings.WAGTAIL_DATE_FORMAT == "%d/%m/%Y"
    assert settings.WAGTAIL_DATETIME_FORMAT == "%d/%m/%Y %H:%M"
