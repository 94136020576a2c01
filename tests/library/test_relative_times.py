"""Relative times in the admin («edited 5 minutes ago») read right in each language: under a
minute is "just now", never «قبل 0 دقيقة» or «il y a 0 minute»; Arabic counts follow its grammar."""

import datetime

import pytest
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

JUST_NOW = {"ar": "الآن", "fr": "à l'instant", "en": "just now"}


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_under_a_minute_is_just_now(language):
    moment = timezone.now() - datetime.timedelta(seconds=20)
    with translation.override(language):
        assert timesince_simple(moment) == JUST_NOW[language]


@pytest.mark.parametrize(
    "delta, expected",
    [
        (datetime.timedelta(minutes=1, seconds=5), "قبل دقيقة"),
        (datetime.timedelta(minutes=2, seconds=5), "قبل دقيقتين"),
        (datetime.timedelta(minutes=5, seconds=5), "قبل 5\xa0دقائق"),
        (datetime.timedelta(minutes=25, seconds=5), "قبل 25\xa0دقيقة"),
        (datetime.timedelta(hours=2, seconds=5), "قبل ساعتين"),
        (datetime.timedelta(days=2, seconds=5), "قبل يومين"),
        (datetime.timedelta(days=14, seconds=5), "قبل أسبوعين"),
        (datetime.timedelta(days=7, seconds=5), "قبل أسبوع"),
    ],
)
def test_arabic_counts_follow_arabic_grammar(delta, expected):
    with translation.override("ar"):
        assert timesince_simple(timezone.now() - delta) == expected


def test_french_counts():
    with translation.override("fr"):
        assert timesince_simple(timezone.now() - datetime.timedelta(minutes=1, seconds=5)) == (
            "il y a 1\xa0minute"
        )
