"""The portal's tunables: ``settings.MAKTABA_PORTAL`` read over these defaults, for every room."""

from typing import Any

from library.app_settings import AppSettings

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
    # Where the counters live (portal_auth/accounts/throttle_store.py): "database" rows, or "cache"
    # (only a cache that increments atomically across processes: Redis).
    "THROTTLE_STORE": "database",
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
    # An uploaded file is kept on the storage until it is imported or its run fails; a preview
    # nobody confirmed expires (and its file goes) after this many hours; the run itself, with
    # its report, is deleted this many days after it ended.
    "IMPORT_FILE_RETENTION_HOURS": 24,
    "IMPORT_RUN_RETENTION_DAYS": 30,
    # How often the page of a run being checked or imported reloads itself.
    "IMPORT_REFRESH_SECONDS": 3,
    # How far reading one uploaded table may go (library/imports/tables.py, docs/import.md);
    # a partial dict in settings overrides only the keys it names.
    "IMPORT_LIMITS": {
        # An XLSX is a zip: its parts' unpacked sizes, declared and actual, summed.
        "MAX_UNCOMPRESSED_BYTES": 16 * 1024 * 1024,
        # openpyxl parses these parts whole before the first row, and slowly (1 MB of styles
        # takes seconds): shared strings (every text cell of a Massar export)...
        "MAX_SHARED_STRINGS_BYTES": 4 * 1024 * 1024,
        # ...and every other XML part but the sheets (styles, workbook, content types, ...).
        "MAX_OTHER_PART_BYTES": 1024 * 1024,
        # A part's unpacked size over its packed size (real sheets: 5 to 30)...
        "MAX_COMPRESSION_RATIO": 100,
        # ...checked for parts that unpack to at least this much.
        "RATIO_CHECK_FROM_BYTES": 1024 * 1024,
        "MAX_MEMBERS": 1000,  # parts in one XLSX
        "MAX_ROWS": 10_000,  # rows read, blank ones included (keep above IMPORT_MAX_ROWS)
        "MAX_COLUMNS": 200,  # cells further right are not read
        "MAX_SECONDS": 30,  # counted from opening the file; reading rows stops after it
    },
    # Pupil and guardian spaces (docs/spaces.md)
    "SEMESTER_2_STARTS": "02-01",  # month-day the second semester starts
    # Tell guardians (on the channels they chose) when an unjustified absence is recorded.
    "ABSENCE_NOTICES": True,
    # Text messages one guardian may receive per local day (all children, all schools); the
    # others stay in the family's space and e-mail.
    "SMS_DAILY_CAP": 4,
    # An absence older than this many days (an old file imported) is told in the space and by
    # e-mail, not by SMS; 0: no limit.
    "ABSENCE_SMS_MAX_AGE_DAYS": 7,
    "CLASS_STATISTICS_MIN_PUPILS": 3,  # fewer pupils with an average: no class max/mean/min
    # Where the report card's fonts are (Debian's fonts-noto-core: Noto Naskh Arabic, Noto Sans).
    "REPORT_CARD_FONT_DIR": "/usr/share/fonts/truetype/noto",
    # The front desk: requests, messages and notifications (docs/requests.md)
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
    # Days offices are closed besides Sundays and the holidays of library/school_calendar.py
    # (a moon-sighted date that differs, any other closure), as ISO dates ("2027-03-11").
    "CLOSED_DAYS": [],
    # Email attempts before a notification is marked failed; delay between attempts (seconds).
    "EMAIL_MAX_ATTEMPTS": 5,
    "EMAIL_RETRY_SECONDS": 300,
    # Law 09-08 access: a pupil's data kept by other apps, listed in "My data" and its download
    # (portal_auth/privacy/personal_data.py). Each key is the section's name in the pupil's part
    # of the file; its value {"collect": dotted path to ``callable(pupil) -> dict`` (JSON-able),
    # "template": the template showing it, given that dict as ``section``}.
    "PERSONAL_DATA_SECTIONS": {},
}


#: One value of ``MAKTABA_PORTAL``; ``IMPORT_LIMITS`` is merged key by key over its default.
portal_setting = AppSettings("MAKTABA_PORTAL", DEFAULTS, merged=("IMPORT_LIMITS",))


def import_limits() -> dict[str, int]:
    """``IMPORT_LIMITS``, each key missing from settings taken from ``DEFAULTS``."""
    return portal_setting("IMPORT_LIMITS")
