"""The portal's tunables, read from ``settings.MAKTABA_PORTAL`` with defaults for missing keys."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Activation codes
    "CODE_TTL_DAYS": 60,
    # The address printed on activation slips (falls back to WAGTAILADMIN_BASE_URL).
    "SITE_ADDRESS": "",
    # Font files for the slips, by role (arabic, arabic_bold, latin, latin_bold); {} = Noto.
    "SLIP_FONTS": {},
    # Brute-force protection (see docs/portal.md): attempts allowed per window, window in seconds.
    "SOURCE_FAILURES": 10,
    "ACCOUNT_FAILURES": 5,
    "ACCOUNT_WINDOW": 15 * 60,
    "IP_FAILURES": 100,
    "IP_WINDOW": 15 * 60,
    "GLOBAL_ACTIVATION_FAILURES": 2000,
    "GLOBAL_WINDOW": 60 * 60,
    # How many reverse proxies in front of Django append to X-Forwarded-For (0: use REMOTE_ADDR).
    "TRUSTED_PROXY_COUNT": 0,
    # Retention (purge_portal_records): days to keep security events, and finished codes.
    "SECURITY_LOG_RETENTION_DAYS": 365,
    "CODE_RETENTION_DAYS": 90,
    # Staff views of pupils' records: days kept (two school years, so a family can still ask
    # about last year), and seconds within which the same view again adds no row.
    "RECORD_ACCESS_RETENTION_DAYS": 730,
    "RECORD_ACCESS_REPEAT_SECONDS": 300,
    # Imports
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "IMPORT_MAX_ROWS": 5000,
    # Pupil and guardian spaces (docs/spaces.md)
    "SEMESTER_2_STARTS": "02-01",  # month-day the second semester starts
    "ABSENCE_EMAILS": True,  # email guardians when an unjustified absence is recorded
    "CLASS_STATISTICS_MIN_PUPILS": 3,  # fewer pupils with an average: no class max/mean/min
}


def portal_setting(key: str) -> Any:
    """One value of ``MAKTABA_PORTAL``, falling back to ``DEFAULTS`` so a missing key never crashes."""
    return getattr(settings, "MAKTABA_PORTAL", {}).get(key, DEFAULTS[key])
