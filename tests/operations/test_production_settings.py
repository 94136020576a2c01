"""The production settings start as README documents them, or refuse with a clear message; with
``TASKS_BACKEND=rq`` the documented worker command runs django-tasks' jobs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/2"
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "library.settings.production",
    "SECRET_KEY": "s" * 20 + "-a-long-random-production-secret-key-for-the-tests-0123456789",
    "ALLOWED_HOSTS": "maktaba.example.ma",
}


def run(code_or_args, **env: str) -> subprocess.CompletedProcess:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "TASKS_", "REDIS_", "DATABASE_"))
    }
    full_env.update(BASE_ENV)
    for key, value in env.items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    if isinstance(code_or_args, str):
        command = [sys.executable, "-c", "import django; django.setup(); " + code_or_args]
    else:
        command = [sys.executable, "manage.py", *code_or_args]
    return subprocess.run(
        command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND='celery' is not known"),
        ({"TASKS_BACKEND": "rq", "REDIS_URL": None}, "TASKS_BACKEND=rq needs REDIS_URL"),
        # the file cache loses throttling counts when processes race: never the throttle store
        ({"THROTTLE_STORE": "cache", "REDIS_URL": None}, "THROTTLE_STORE=cache needs REDIS_URL"),
        ({"THROTTLE_STORE": "memory"}, "THROTTLE_STORE='memory' is not known"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE='ftp' is not known"),
        ({"MEDIA_FFMPEG_MEMORY_MB": "1.5G"}, "MEDIA_FFMPEG_MEMORY_MB must be a whole number"),
        ({"SMS_BACKEND": "twilio"}, "SMS_BACKEND='twilio': use one of console, kannel"),
        ({"SMS_BACKEND": "kannel"}, "SMS_BACKEND=kannel needs KANNEL_USERNAME"),
        ({"SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND='solr' is not known"),
        ({"SEARCH_BACKEND": "opensearch"}, "SEARCH_BACKEND=opensearch needs SEARCH_URLS"),
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME"),
        (
            {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "m", "AWS_ACCESS_KEY_ID": "k"},
            "MEDIA_STORAGE=s3 needs AWS_SECRET_ACCESS_KEY",
        ),
        (
            {
                "MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "m",
                "MEDIA_SIGNED_URL_SECONDS": "x",
            },
            "MEDIA_SIGNED_URL_SECONDS must be a whole number of seconds",
        ),
    ],
)
def test_a_misconfigured_environment_refuses_to_start_and_names_the_variable(env, message):
    result = run("pass", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


@pytest.mark.parametrize(
    ("env", "store", "cache"),
    [
        ({}, "database", "FileBasedCache"),
        ({"REDIS_URL": REDIS_URL}, "database", "TolerantRedisCache"),
        ({"REDIS_URL": REDIS_URL, "THROTTLE_STORE": "cache"}, "cache", "TolerantRedisCache"),
    ],
)
def test_throttling_counters_always_live_in_an_atomic_store(env, store, cache):
    # django.setup() also builds the store (PortalAuthConfig.ready), so each of these starts
    result = run(
        "from django.conf import settings as s; "
        "print(s.MAKTABA_PORTAL['THROTTLE_STORE'], s.CACHES['default']['BACKEND'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    chosen, backend = result.stdout.strip().splitlines()[-1].split()
    assert chosen == store and backend.endswith("." + cache)


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "library.search.backend"),
        ({"SEARCH_BACKEND": "whoosh"}, "library.search.backend"),
        # only named: the module is Maktaba's PostgreSQL backend (library/search/postgres/)
        (
            {"SEARCH_BACKEND": "postgres"},
            "library.search.postgres.backend.MaktabaPostgresSearchBackend",
        ),
        ({"SEARCH_BACKEND": "database"}, "modelsearch.backends.database"),
        (
            {"SEARCH_BACKEND": "Elasticsearch", "SEARCH_URLS": "https://es:9200"},
            "modelsearch.backends.elasticsearch8",
        ),
    ],
)
def test_the_search_backend_is_chosen_by_search_backend(env, backend):
    result = run(
        "from django.conf import settings as s; print(s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == backend


@pytest.mark.parametrize(("choice", "installed"), [("postgres", True), ("whoosh", False)])
def test_the_postgresql_index_brings_django_contrib_postgres(choice, installed):
    result = run(
        "from django.conf import settings as s; print('django.contrib.postgres' in s.INSTALLED_APPS)",
        SEARCH_BACKEND=choice,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(installed)


def test_a_search_server_gets_its_urls_prefix_and_maktaba_analysis():
    result = run(
        "from django.conf import settings as s; d = s.WAGTAILSEARCH_BACKENDS['default']; "
        "print(d['BACKEND'], d['URLS'], d['INDEX_PREFIX'], "
        "d['INDEX_SETTINGS']['settings']['analysis']['analyzer']['default']['filter'][-1])",
        SEARCH_BACKEND="opensearch",
        SEARCH_URLS="https://os1:9200, https://os2:9200",
        SEARCH_INDEX_PREFIX="academy_",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "modelsearch.backends.opensearch2 ['https://os1:9200', 'https://os2:9200'] academy_ "
        "maktaba_french_stem"
    )


def test_rq_installs_django_rq_the_job_class_and_queue_timeouts():
    result = run(
        "from django.conf import settings as s; "
        "print('django_rq' in s.INSTALLED_APPS, s.RQ['JOB_CLASS'], "
        "sorted((k, v['DEFAULT_TIMEOUT'], v['URL']) for k, v in s.RQ_QUEUES.items()))",
        TASKS_BACKEND="rq",
        REDIS_URL=REDIS_URL,
    )
    assert result.returncode == 0, result.stderr
    installed, job_class, queues = result.stdout.strip().split(" ", 2)
    assert installed == "True" and job_class == "django_tasks_rq.Job"
    media_timeout = 2 * 3 * 60 * 60 + 600  # twice MAX_DURATION_SECONDS (3 h), plus margin
    assert queues == str(
        [
            ("default", 900, REDIS_URL),
            ("mail", 900, REDIS_URL),
            ("media", media_timeout, REDIS_URL),
            ("search", 900, REDIS_URL),
        ]
    )


def test_the_database_queue_stays_the_default():
    result = run("from django.conf import settings as s; print(s.TASKS['default']['BACKEND'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django_tasks_db.DatabaseBackend"


def test_media_stay_on_the_filesystem_unless_s3_is_asked_for():
    result = run("from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.files.storage.FileSystemStorage"


def test_s3_media_storage_is_read_from_the_environment():
    result = run(
        "from django.conf import settings as s; from django.core.files.storage import "
        "storages; d = storages['default']; o = s.STORAGES['default']['OPTIONS']; "
        "print(type(d).__name__, d.bucket_name, d.endpoint_url, d.region_name, d.file_overwrite, "
        "d.querystring_auth, d.querystring_expire, s.MAKTABA_MEDIA['SIGNED_URL_SECONDS'], "
        "s.WAGTAILDOCS_SERVE_METHOD, sorted(o) == sorted(set(o)))",
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="maktaba-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.ma",
        AWS_S3_REGION_NAME="eu-west-3",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        MEDIA_SIGNED_URL_SECONDS="120",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "maktaba-media",
        "https://objects.example.ma",
        "eu-west-3",
        "False",
        "True",
        "3600",
        "120",
        "redirect",
        "True",
    ]


def test_migrate_then_the_documented_worker_command_runs_a_job(tmp_path):
    import redis

    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()  # database 2 belongs to these tests
    env = {
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'stack.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    migrated = run(["migrate", "--no-input", "-v", "0"], **env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    enqueued = run(
        "from catalog.ebook.tasks import send_deliveries_task; "
        "print(send_deliveries_task.enqueue([]).id)",
        **env,
    )
    assert enqueued.returncode == 0, enqueued.stderr[-2000:]
    result_id = enqueued.stdout.strip().splitlines()[-1]
    worked = run(["rqworker", "--burst", "default", "media", "search", "mail"], **env)
    assert worked.returncode == 0, worked.stderr[-2000:]
    status = run(
        "from catalog.ebook.tasks import send_deliveries_task; "
        f"r = send_deliveries_task.get_result({result_id!r}); print(r.status, r.return_value)",
        **env,
    )
    assert status.returncode == 0, status.stderr[-2000:]
    assert status.stdout.strip().splitlines()[-1].startswith("SUCCESSFUL"), (
        status.stdout[-500:],
        worked.stderr[-3000:],
    )
    connection.flushdb()


def test_the_database_backend_takes_a_postgresql_text_search_configuration():
    from library.settings.search_backend import search_backends

    assert search_backends("database", text_search_config=" maktaba ") == {
        "default": {"BACKEND": "modelsearch.backends.database", "SEARCH_CONFIG": "maktaba"}
    }
    assert search_backends("database") == {"default": {"BACKEND": "modelsearch.backends.database"}}
    assert search_backends("") == {"default": {"BACKEND": "library.search.backend"}}
