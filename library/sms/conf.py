"""``MAKTABA_SMS``: the backend, the sender name, the gateway, retries. Missing keys use these."""

from __future__ import annotations

from typing import Any

from library.app_settings import AppSettings

DEFAULTS: dict[str, Any] = {
    # library.sms.backends.console.ConsoleBackend, .kannel.KannelBackend, .locmem.LocmemBackend
    "BACKEND": "library.sms.backends.console.ConsoleBackend",
    "SENDER": "MAKTABA",
    "KANNEL": {"URL": "http://127.0.0.1:13013/cgi-bin/sendsms", "USERNAME": "", "PASSWORD": ""},
    # Where the gateway reaches this site for delivery reports (scheme and host, no path);
    # empty: no reports asked.
    "REPORT_BASE_URL": "",
    "MAX_ATTEMPTS": 8,
    "RETRY_SECONDS": 60,  # first retry; doubles each time
    "RETRY_MAX_SECONDS": 3600,
    # A message "sending" longer than this was cut off (worker killed): it is not sent again.
    "SENDING_STALE_SECONDS": 300,
    # No message leaves between START and END, local time of TIME_ZONE (library/sms/quiet_hours.py);
    # START == END: no quiet hours. A partial dict in settings overrides only the keys it names.
    "QUIET_HOURS": {"START": "21:00", "END": "08:00", "TIME_ZONE": "Africa/Casablanca"},
}


#: One value of ``MAKTABA_SMS`` with its default.
sms_setting = AppSettings("MAKTABA_SMS", DEFAULTS, merged=("QUIET_HOURS",))
