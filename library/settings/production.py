"""Production settings: everything that differs between deployments comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated). Every optional variable is listed,
with its default, in deploy/maktaba.env.example (and README); docs/deployment.md shows the stack.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    BASE_DIR,
    INSTALLED_APPS,
    MAKTABA_MEDIA,
    MAKTABA_PERIODIC,
    MAKTABA_PORTAL,
    MAKTABA_SEARCH,
    MAKTABA_TASK_TIMEOUTS,
    SQLITE_OPTIONS,
    TASKS,
)
from .media_storage import (
    FILESYSTEM,
    default_storage_from_environment,
    signed_url_seconds,
    whole_seconds,
)
from .search_backend import search_backends


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set (see README).")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {
            **SQLITE_OPTIONS,
            **DATABASES["default"].get("OPTIONS", {}),
        }

MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "static_collected"))
STORAGES = {
    # Uploads, renditions, Wagtail images and documents: MEDIA_ROOT, or a bucket every node shares.
    "default": default_storage_from_environment(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAKTABA_MEDIA = {**MAKTABA_MEDIA, "SIGNED_URL_SECONDS": signed_url_seconds(os.environ)}
# Documents: Django checks permission (catalog/document_access.py), the storage sends the bytes.
WAGTAILDOCS_SERVE_METHOD = "serve_view" if STORAGES["default"] == FILESYSTEM else "redirect"
# WAGTAILADMIN_BASE_URL is the older name, still read when the new one is unset or empty.
MAKTABA_PUBLIC_ORIGIN = (
    os.environ.get("MAKTABA_PUBLIC_ORIGIN")
    or os.environ.get("WAGTAILADMIN_BASE_URL")
    or "https://localhost"
)
WAGTAILADMIN_BASE_URL = MAKTABA_PUBLIC_ORIGIN

# Behind nginx (deploy/nginx/maktaba.conf): Django checks permission, nginx sends media and
# document bytes from its ``internal`` location with this prefix (docs/deployment.md).
MAKTABA_MEDIA = {
    **MAKTABA_MEDIA,
    "X_ACCEL_REDIRECT_PREFIX": os.environ.get("X_ACCEL_REDIRECT_PREFIX", "").strip(),
}
# The media clock (docs/operations.md): a running job writes a heartbeat every
# MEDIA_HEARTBEAT_SECONDS; one silent for MEDIA_STALE_AFTER_SECONDS is requeued by the media
# sweep, which the scheduler runs every MEDIA_SWEEP_SECONDS.
MAKTABA_MEDIA = {
    **MAKTABA_MEDIA,
    "HEARTBEAT_SECONDS": whole_seconds(os.environ, "MEDIA_HEARTBEAT_SECONDS", 5),
    "STALE_AFTER_SECONDS": whole_seconds(os.environ, "MEDIA_STALE_AFTER_SECONDS", 180),
}
# Each ffmpeg's memory cap in MB (0: none); past it the job fails "out of memory".
_ffmpeg_memory = os.environ.get("MEDIA_FFMPEG_MEMORY_MB", "").strip() or "0"
if not _ffmpeg_memory.isdigit():
    raise ImproperlyConfigured(
        f"MEDIA_FFMPEG_MEMORY_MB must be a whole number of megabytes (0: no cap), not "
        f"{_ffmpeg_memory!r}."
    )
MAKTABA_MEDIA["FFMPEG_MEMORY_MB"] = int(_ffmpeg_memory)
MAKTABA_PERIODIC = {
    **MAKTABA_PERIODIC,
    "media-sweep": whole_seconds(
        os.environ, "MEDIA_SWEEP_SECONDS", MAKTABA_PERIODIC["media-sweep"]
    ),
}
# How many proxies in front of Django append to X-Forwarded-For (1 behind the nginx site).
MAKTABA_PORTAL = {
    **MAKTABA_PORTAL,
    "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0),
}
if os.environ.get("SEARCH_INDEX_DIR", "").strip():
    MAKTABA_SEARCH = {**MAKTABA_SEARCH, "INDEX_DIR": os.environ["SEARCH_INDEX_DIR"].strip()}
# whoosh (default) | postgres | database | opensearch | elasticsearch (docs/search.md)
WAGTAILSEARCH_BACKENDS = search_backends(
    os.environ.get("SEARCH_BACKEND", ""),
    urls=os.environ.get("SEARCH_URLS", ""),
    index_prefix=os.environ.get("SEARCH_INDEX_PREFIX", ""),
    text_search_config=os.environ.get("SEARCH_CONFIG", ""),
)
if WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].startswith("library.search.postgres"):
    INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.postgres"]  # its lookups and indexes

TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db").strip() or "db"
if TASKS_BACKEND not in ("db", "rq"):
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is not known: use 'db' (the database queue) or 'rq'."
    )
if TASKS_BACKEND == "rq":
    if not os.environ.get("REDIS_URL", "").strip():
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL (e.g. redis://host:6379/0).")
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]
    TASKS = {
        "default": {
            # RQ, with the database as a waiting room while Redis is away (library/task_outbox.py)
            "BACKEND": "library.task_outbox.OutboxRQBackend",
            "QUEUES": TASKS["default"]["QUEUES"],
        }
    }
    # ``manage.py rqworker QUEUE…`` runs django-tasks' own job class, which records results.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    # RQ kills a job after its queue's timeout (180 s by default, too short for a transcode).
    RQ_QUEUES = {
        name: {
            "URL": os.environ["REDIS_URL"].strip(),
            "DEFAULT_TIMEOUT": MAKTABA_TASK_TIMEOUTS[name],
        }
        for name in TASKS["default"]["QUEUES"]
    }

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "maktaba@localhost")

SMS_BACKENDS = {
    "console": "library.sms.backends.console.ConsoleBackend",
    "kannel": "library.sms.backends.kannel.KannelBackend",
}
_sms_backend = os.environ.get("SMS_BACKEND", "console").strip() or "console"
if _sms_backend not in SMS_BACKENDS:
    raise ImproperlyConfigured(
        f"SMS_BACKEND={_sms_backend!r}: use one of {', '.join(sorted(SMS_BACKENDS))}"
    )
MAKTABA_SMS = {
    "BACKEND": SMS_BACKENDS[_sms_backend],
    "SENDER": os.environ.get("SMS_SENDER", "MAKTABA"),
    "KANNEL": {
        "URL": os.environ.get("KANNEL_SENDSMS_URL", "http://127.0.0.1:13013/cgi-bin/sendsms"),
        "USERNAME": os.environ.get("KANNEL_USERNAME", ""),
        "PASSWORD": os.environ.get("KANNEL_PASSWORD", ""),
        "SMSC": os.environ.get("KANNEL_SMSC", ""),
    },
    "REPORT_BASE_URL": os.environ.get("SMS_REPORT_BASE_URL", ""),
}
if _sms_backend == "kannel" and not MAKTABA_SMS["KANNEL"]["USERNAME"]:
    raise ImproperlyConfigured("SMS_BACKEND=kannel needs KANNEL_USERNAME and KANNEL_PASSWORD")

# HTTPS. Behind a proxy that terminates TLS, the proxy must set X-Forwarded-Proto (and strip it
# from clients); the redirect and the secure cookies then work as if Django spoke TLS itself.
# A loopback test stack without TLS sets INSECURE_COOKIES=1 and SECURE_SSL_REDIRECT=0.
SESSION_COOKIE_SECURE = os.environ.get("INSECURE_COOKIES") != "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "0") == "1"
# Preloading commits the whole registrable domain (often the ministry's) to HTTPS in every
# browser for months: the operator of that domain decides, so its warning is silenced here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Nothing of Maktaba's is framed; Wagtail's preview marks its own view SAMEORIGIN.
X_FRAME_OPTIONS = "DENY"

if os.environ.get("REDIS_URL"):
    # While Redis is away, pages render without the cache (library/cache.py); a short socket
    # timeout keeps an unreachable Redis from holding a request.
    CACHES = {
        "default": {
            "BACKEND": "library.cache.TolerantRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }

# Brute-force counters must be incremented atomically by every web process and worker at once
# (portal_auth/accounts/throttle_store.py): database rows by default (sign-in needs the database anyway,
# so they add no dependency), or Redis by choice. The file cache loses increments across
# processes, so it never holds them.
THROTTLE_STORE = os.environ.get("THROTTLE_STORE", "").strip() or "database"
if THROTTLE_STORE not in ("database", "cache"):
    raise ImproperlyConfigured(
        f"THROTTLE_STORE={THROTTLE_STORE!r} is not known: use 'database' (counters in the "
        "database) or 'cache' (counters in Redis, needs REDIS_URL)."
    )
if THROTTLE_STORE == "cache" and not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "THROTTLE_STORE=cache needs REDIS_URL: without Redis the cache is the file cache, which "
        "loses throttling counts when processes race. Set REDIS_URL or THROTTLE_STORE=database."
    )
MAKTABA_PORTAL = {**MAKTABA_PORTAL, "THROTTLE_STORE": THROTTLE_STORE}
