"""Messages for uploaders, translated when shown rather than when made.

A refusal is made in a worker (default language) but stored in, and shown in, the uploader's
language: ``gettext_lazy("…") % params`` would translate too early, so parameters are filled in
lazily as well.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy


def _render(message: Any, params: dict[str, Any]) -> str:
    return str(message) % {key: str(value) for key, value in params.items()}


_lazy_render = lazy(_render, str)


def lazy_format(message: Any, **params: Any) -> str:
    """``message % params``, evaluated in whichever language is active when it is shown."""
    return _lazy_render(message, params)
