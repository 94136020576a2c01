"""Production settings with a fast clock, for the recovery tests' real processes.

A heartbeat every second, a job stale after 6 s and a sweep every 2 s let ``kill -9`` and its
recovery happen in a test's time; everything else is ``library.settings.production``.
"""

from library.settings.production import *  # noqa: F403
from library.settings.production import MAKTABA_MEDIA, MAKTABA_PERIODIC, MAKTABA_TASK_TIMEOUTS

MAKTABA_MEDIA = {
    **MAKTABA_MEDIA,
    "HEARTBEAT_SECONDS": 1,
    "STALE_AFTER_SECONDS": 6,
    "STALL_SECONDS": 10,
    "REQUEUE_LOST_AFTER_SECONDS": 30,
    "RETRY_BACKOFF_SECONDS": [1, 1, 1],
}
MAKTABA_PERIODIC = {**MAKTABA_PERIODIC, "media-sweep": 2, "task-results": 2}
MAKTABA_TASK_TIMEOUTS = {**MAKTABA_TASK_TIMEOUTS, "media": 20}
LOGGING = {"version": 1, "disable_existing_loggers": False}
