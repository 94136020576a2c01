"""Every ``MAKTABA_*`` dict is read over one defaults table: missing keys, partial dicts, typos."""

from __future__ import annotations

import pytest

from catalog.conf import catalog_setting
from library.app_settings import AppSettings
from library.task_timeouts import task_timeout
from portal_auth.conf import import_limits, portal_setting


def test_a_missing_key_takes_the_documented_default(settings):
    settings.MAKTABA_PORTAL = {"CODE_TTL_DAYS": 7}
    assert portal_setting("CODE_TTL_DAYS") == 7
    assert portal_setting("MESSAGES_PER_DAY") == 3  # a front-desk key, same table


def test_an_unset_dict_is_all_defaults(settings):
    del settings.MAKTABA_CATALOG
    assert catalog_setting("PAGE_SIZE") == 20


def test_a_partial_nested_dict_overrides_only_its_keys(settings):
    settings.MAKTABA_PORTAL = {"IMPORT_LIMITS": {"MAX_ROWS": 10}}
    limits = import_limits()
    assert limits["MAX_ROWS"] == 10
    assert limits["MAX_COLUMNS"] == 200


def test_a_misspelt_key_names_the_dict():
    table = AppSettings("MAKTABA_NOTHING", {"A": 1})
    with pytest.raises(KeyError, match=r"MAKTABA_NOTHING\['B'\]"):
        table("B")


def test_a_queue_without_a_timeout_gets_the_default_queue_s(settings):
    settings.MAKTABA_TASK_TIMEOUTS = {"default": 120}
    assert task_timeout("imports-of-tomorrow") == 120
    assert task_timeout("mail") == 15 * 60
