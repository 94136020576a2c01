"""Tunables of requests, messages and notifications, read from ``settings.MAKTABA_PORTAL``.

Kept apart from ``portal_auth.conf`` (accounts) so the two areas evolve without stepping on each
other; both read the same ``MAKTABA_PORTAL`` dict and fall back to defaults for missing keys.
"""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Messages a pupil's threads may receive from non-staff per local day (pupil and guardians).
    "MESSAGES_PER_DAY": 3,
    # Longest message body, in characters.
    "MESSAGE_MAX_CHARS": 4000,
    # Largest attachment (images and PDF only), in bytes.
    "ATTACHMENT_MAX_BYTES": 2 * 1024 * 1024,
    # Document requests one account may submit per local day.
    "REQUESTS_PER_DAY": 5,
    # How far ahead appointments may be given, in days.
    "BOOKING_HORIZON_DAYS": 30,
    # Minimum notice before an appointment, in minutes (no slot starting sooner is proposed).
    "BOOKING_NOTICE_MINUTES": 60,
    # Email attempts before a notification is marked failed; delay between attempts (seconds).
    "EMAIL_MAX_ATTEMPTS": 5,
    "EMAIL_RETRY_SECONDS": 300,
}


def requests_setting(key: str) -> Any:
    """One value of ``MAKTABA_PORTAL`` with the default above when the key is missing."""
    return getattr(settings, "MAKTABA_PORTAL", {}).get(key, DEFAULTS[key])
