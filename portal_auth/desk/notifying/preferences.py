"""Who wants what: each person's channels per kind of news, and their language.

Defaults, for Moroccan families (many read no e-mail, nearly all read text messages): absences
in the family's space and by SMS; everything else in the space only. E-mail is sent only for the
kinds a person ticked, and only when there is an address. A person who never opened the page
has the defaults; a guardian without an account (only the school's file knows them) too.
"""

from __future__ import annotations

from django.conf import settings

from ...models import Channel, Guardian, Notification, NotificationPreference

K = Notification.Kind

KINDS: tuple[str, ...] = tuple(K.values)
CHANNELS: tuple[str, ...] = tuple(Channel.values)

DEFAULTS: dict[str, frozenset[str]] = {
    kind: frozenset({Channel.IN_APP, Channel.SMS} if kind == K.ABSENCE else {Channel.IN_APP})
    for kind in KINDS
}


def chosen(preference: NotificationPreference | None, kind: str) -> frozenset[str]:
    """The channels that bring ``kind`` to the person (the defaults unless they chose)."""
    if preference is not None and kind in (preference.channels or {}):
        return frozenset(preference.channels[kind]) & frozenset(CHANNELS)
    return DEFAULTS[kind]


def table(preference: NotificationPreference | None) -> dict[str, frozenset[str]]:
    return {kind: chosen(preference, kind) for kind in KINDS}


def choose(preference: NotificationPreference, choices: dict[str, set[str]]) -> None:
    """Keep ``choices`` (kind → channels) on ``preference``; unknown names are dropped."""
    preference.channels = {
        kind: sorted(set(channels) & set(CHANNELS))
        for kind, channels in choices.items()
        if kind in KINDS
    }


def preference_of(user) -> NotificationPreference | None:
    if user is None:
        return None
    return NotificationPreference.objects.filter(user=user).first()


def language_for(preference: NotificationPreference | None, guardian: Guardian | None) -> str:
    """The person's chosen language, else the guardian file's, else the site's."""
    language = (preference.language if preference else "") or (
        guardian.preferred_language if guardian else ""
    )
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
