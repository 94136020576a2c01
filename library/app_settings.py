"""Maktaba's ``MAKTABA_*`` settings dicts, each read key by key over its own table of defaults.

Every app keeps one table of documented defaults beside the code that uses it (``portal_auth/
conf.py``, ``catalog/conf.py``, ``media_pipeline/media_settings.py``, ...) and reads its dict
through one ``AppSettings``, so a deployment writes only the keys it changes and a missing key
never crashes. Settings are read on every call, so ``override_settings`` and pytest-django's
``settings`` fixture take effect at once.

A key that is neither configured nor in the table is a programming error (a misspelt key), and
raises ``KeyError`` naming the dict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings


class AppSettings:
    """The dict ``settings.<name>`` read over ``defaults``.

    Keys listed in ``merged`` hold dicts themselves: a partial dict in settings overrides only
    the sub-keys it names, the rest come from the default.
    """

    def __init__(
        self, name: str, defaults: Mapping[str, Any], *, merged: Iterable[str] = ()
    ) -> None:
        self.name = name
        self.defaults = defaults
        self.merged = frozenset(merged)

    def configured(self) -> Mapping[str, Any]:
        """The dict as the settings have it (empty when unset)."""
        return getattr(settings, self.name, None) or {}

    def __call__(self, key: str) -> Any:
        configured = self.configured()
        if key in configured:
            value = configured[key]
            if key in self.merged:
                return {**self.defaults[key], **value}
            return value
        try:
            return self.defaults[key]
        except KeyError:
            raise KeyError(f"{self.name}[{key!r}] is neither set nor has a default") from None

    def __repr__(self) -> str:
        return f"AppSettings({self.name!r})"
