"""Settings shared by every environment.

Environment-specific modules (``dev``, ``test``, ``production``) import everything from here and
override what differs. Settings that users tune are grouped per app (``MAKTABA_MEDIA``,
``MAKTABA_SEARCH``, ``MAKTABA_PORTAL``) and documented in README.md.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = "insecure-development-key-change-me"  # overridden in production
DEBUG = False
ALLOWED_HOSTS: list[str] = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "library",
    "library.sms",
    "library.search.postgres",  # the PostgreSQL search index tables (docs/search.md)
    "catalog",
    "media_pipeline",
    "portal_auth",
    "assignments",  # teachers assign resources to classes (docs/assignments.md)
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "library.csp.ContentSecurityPolicyMiddleware",  # every HTML answer, cached pages included
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "media_pipeline.middleware.GZipExceptMediaMiddleware",  # gzip, but never byte ranges
    # An ETag on every page (listed below gzip, so of the page itself): a repeat visit is a 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "catalog.offline.signout.ClearSiteDataOnSignOutMiddleware",  # docs/offline.md
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "library.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "library.context_processors.language_direction",
            ],
        },
    },
]

WSGI_APPLICATION = "library.wsgi.application"

# SQLite as a safe embedded default for a web server, autosave and a worker at once: write-ahead
# logging lets readers go on while one writer commits, and every transaction takes the write lock
# when it begins (IMMEDIATE), so two transactions never deadlock upgrading a read lock (the case
# SQLite answers at once with "database is locked", without waiting for the busy timeout).
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "portal_auth.accounts.backends.MassarOrCinBackend",  # pupils and guardians: Massar code or CIN
    # staff by username; refuses pupils' and guardians' accounts (they use the portal's form)
    "portal_auth.accounts.backends.StaffModelBackend",
]
# The admin's sign-in and reset forms count in the portal's brute-force buckets.
# Where a signed-out visitor is sent from any page that needs an account: the portal's sign-in
# (views use Django's LoginRequiredMixin; Wagtail's private pages use it too).
LOGIN_URL = "portal_auth:login"
WAGTAILADMIN_USER_LOGIN_FORM = "portal_auth.accounts.password_forms.ThrottledLoginForm"
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = (
    "portal_auth.accounts.password_forms.ThrottledPasswordResetForm"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: Arabic first, right-to-left; French and English.
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day before month in Arabic and French (library/formats); Moroccan month names in locale/ar.
FORMAT_MODULE_PATH = ["library.formats"]
# The admin's date pickers and listings, whatever the editor's language.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "maktaba_language"

# --- Static and media files
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Wagtail
WAGTAIL_SITE_NAME = "Maktaba"
# The one origin every absolute URL starts with (library/public_origin.py); the demo sets it.
MAKTABA_PUBLIC_ORIGIN = os.environ.get("MAKTABA_PUBLIC_ORIGIN", "http://localhost:8000")
WAGTAILADMIN_BASE_URL = MAKTABA_PUBLIC_ORIGIN
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "epub", "odt", "docx", "pptx", "odp", "txt", "xlsx", "ods"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Documents are always served by Wagtail's view, after the catalogue's permission check
# (catalog/document_access.py), never linked to MEDIA_URL; behind nginx the view answers with
# X-Accel-Redirect (MAKTABA_MEDIA["X_ACCEL_REDIRECT_PREFIX"]), else it streams the file.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "media_pipeline.accel_redirect"
# --- Search: the embedded Whoosh backend (docs/search.md); writes run on the ``search`` queue.
MAKTABA_SEARCH = {
    "INDEX_DIR": BASE_DIR / "search_index",
    "WRITE_THROUGH_QUEUE": True,
    "WRITE_LOCK_TIMEOUT": 60,
    "PAGE_SIZE": 20,
    "ARRAY_CACHE_MB": 256,  # decoded postings and stored filter values kept per process
    "WARM_ON_OPEN": True,  # decode frequent postings on a thread when an index opens
}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "library.search.backend"},
}
WAGTAILAPI_SEARCH_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 100
REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

# --- Background work: Django's task API; the queue lives in the database by default.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "media", "search", "mail"],
    }
}

# --- Maktaba's own tunables (documented in README.md)
MAKTABA_CATALOG = {
    "PAGE_SIZE": 20,
    "MAX_DOCUMENT_BYTES": 50 * 1024 * 1024,
    "MAX_MEDIA_BYTES": 2 * 1024 * 1024 * 1024,
    # Anonymous catalogue pages are cached and invalidated on any content change.
    "PAGE_CACHE_SECONDS": 600,
    # "Continue where you left off" under a recording, for pupils with it in an assignment.
    "MEDIA_RESUME_PROVIDER": "assignments.resume.resume_for",
}

# One cache shared by the web processes and the worker (page cache, throttling counters).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": BASE_DIR / "var" / "cache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

# Pupil and guardian accounts (docs/portal.md); missing keys fall back to portal_auth/conf.py.
MAKTABA_PORTAL = {
    "CODE_TTL_DAYS": 60,
    "ACCOUNT_FAILURES": 5,
    "IP_FAILURES": 100,
    "GLOBAL_ACTIVATION_FAILURES": 2000,
    # What other apps keep about a pupil, in the family's "My data" (law 09-08).
    "PERSONAL_DATA_SECTIONS": {
        "assignments": {
            "collect": "assignments.personal_data.for_pupil",
            "template": "assignments/personal_data.html",
        },
    },
}

# The campaign e-book (docs/ebook.md); missing keys fall back to catalog/ebook/conf.py.
MAKTABA_EBOOK = {
    "PUBLISHER": "Maktaba",
    "MAX_EMBEDDED_VIDEO_BYTES": 8 * 1024 * 1024,
    "MAX_IMAGE_WIDTH": 1200,
    "MAX_IMAGE_HEIGHT": 1600,
    "FONT_DIR": "/usr/share/fonts/truetype/noto",
    "RECIPIENT_PROVIDER": "portal_auth.schools.ebook_recipients.school_directors",
    "RECIPIENT_GAP": "portal_auth.schools.ebook_recipients.what_is_missing",
    "SEND_BATCH_SIZE": 50,
    "SEND_MAX_ATTEMPTS": 3,
    "SEND_RETRY_DELAY_SECONDS": 300,
}

# Media pipeline (media_pipeline/media_settings.py documents every key and its default;
# docs/media.md explains the ladder). Missing keys fall back to those defaults.
MAKTABA_MEDIA = {
    "MAX_UPLOAD_BYTES": 2 * 1024 * 1024 * 1024,
    "MAX_DURATION_SECONDS": 3 * 60 * 60,
    "MAX_WIDTH": 3840,
    "MAX_HEIGHT": 2160,
    "MAX_FRAME_RATE": 120,
    "ALLOW_720P": False,
    "ACCESS_POLICY": "catalog.media_access.asset_is_public",
    "LIVE_USE_POLICY": "catalog.media_access.asset_in_live_use",
}

# The longest one task of each queue may run (seconds): a transcode up to twice the longest
# accepted recording on a slow node, everything else a quarter of an hour. RQ kills a job after
# it; on the database queue, a result still "running" after it is marked abandoned.
MAKTABA_TASK_TIMEOUTS = {
    "media": 2 * MAKTABA_MEDIA["MAX_DURATION_SECONDS"] + 600,
    "default": 15 * 60,
    "search": 15 * 60,
    "mail": 15 * 60,
}

# Periodic work run by ``manage.py maktaba_scheduler`` (library/periodic.py): seconds between
# runs, 0 turns one off.
MAKTABA_PERIODIC = {
    "media-sweep": 60,
    "ebook-deliveries": 300,
    "notifications": 600,
    "retention": 24 * 3600,
    "assignments-retention": 24 * 3600,
    "assignments-due": 3600,
    "imports": 300,
    "task-results": 300,
    "sms": 60,
}

# Text messages (library/sms/conf.py has every key and its default; docs/sms.md).
MAKTABA_SMS = {
    "BACKEND": "library.sms.backends.console.ConsoleBackend",
    "SENDER": "MAKTABA",
}

# Content-Security-Policy (library/csp.py, docs/security.md): a strict policy on the site's
# pages, the one Wagtail's admin needs under ADMIN_PATHS. Missing keys use library/csp.py's.
MAKTABA_CSP = {
    "SITE": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
    "ADMIN_PATHS": ["/admin/"],
}
# The admin loads nothing from other origins: no Gravatar (staff e-mail hashes stay here), no
# update check against wagtail.org (upgrades follow requirements.txt).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"maktaba": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

WAGTAILDOCS_DOCUMENT_FORM_BASE = "catalog.document_form.LimitedDocumentForm"
