"""Who receives the e-book: an injected provider, so the catalogue never imports the portal.

``MAKTABA_EBOOK["RECIPIENT_PROVIDER"]`` names a callable ``(editor_user) -> list[Recipient]``;
the portal supplies ``portal_auth.schools.ebook_recipients.school_directors`` (the directors of the
editor's academy). Tests and other installs may point it elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from .conf import ebook_setting


@dataclass(frozen=True)
class Recipient:
    """One person to send the e-book to.

    ``key`` is stable for the same person across sends (e.g. ``"user:42"``): deliveries are
    unique per build and key. ``email`` may be empty: the delivery is then recorded as failed.
    ``language`` is a site language code (``ar``, ``fr``, ``en``) for the message.
    """

    key: str
    name: str
    email: str
    language: str = "ar"


@dataclass(frozen=True)
class RecipientGap:
    """Why an editor has nobody to send to, and where that is put right (``fix_url`` may be
    empty when only an administrator can)."""

    message: str
    fix_url: str = ""
    fix_label: str = ""


class RecipientProviderMissing(LookupError):
    """No provider is configured (or it cannot be imported)."""


RecipientProvider = Callable[[object], list[Recipient]]


def get_recipient_provider() -> RecipientProvider:
    path = str(ebook_setting("RECIPIENT_PROVIDER") or "")
    if not path:
        raise RecipientProviderMissing("MAKTABA_EBOOK['RECIPIENT_PROVIDER'] is not set")
    try:
        return import_string(path)
    except ImportError as exc:
        raise RecipientProviderMissing(path) from exc


def recipients_for(editor) -> list[Recipient]:
    """The recipients for ``editor``, de-duplicated by key (first one wins)."""
    seen: dict[str, Recipient] = {}
    for recipient in get_recipient_provider()(editor):
        seen.setdefault(recipient.key, recipient)
    return list(seen.values())


def recipient_gap(editor) -> RecipientGap | None:
    """What ``MAKTABA_EBOOK["RECIPIENT_GAP"]`` says is missing for ``editor`` (``None`` when
    no such callable is configured, or when it finds nothing missing)."""
    path = str(ebook_setting("RECIPIENT_GAP") or "")
    if not path:
        return None
    try:
        explain = import_string(path)
    except ImportError:
        return None
    return explain(editor)
