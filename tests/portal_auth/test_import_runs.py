"""Staff imports as runs: checked and imported by the worker, from the shared storage.

The web request only stores the file and hands the check to the queue; the run's page shows the
progress (reloading itself), the preview or the errors; the confirmation imports once however
often it is clicked or its task retried; a run whose worker stopped is handed out again, then
failed with a reason; old runs and their files are purged.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import default_task_backend

from library.settings.media_storage import default_storage_from_environment
from portal_auth.importers import runs
from portal_auth.models import ImportRun, Pupil, SecurityEvent
from portal_auth.privacy.retention import purge_expired_records
from portal_auth.tasks import check_import_task, sweep_import_runs_task, write_import_task
from tests.factories.schools import make_school, make_school_year
from tests.object_storage import bucket_keys, s3_bucket, s3_endpoint, storage_environment  # noqa: F401

pytestmark = pytest.mark.django_db

CSV = (
    "\ufeffCode Massar;Nom;Prénom;Classe;CIN tuteur;Nom tuteur\r\n"
    "J130000101;Alaoui;Salma;1BAC-SP-1;AB100001;Alaoui\r\n"
    "J130000102;Tazi;Omar;1BAC-SP-1;AB100002;Tazi\r\n"
).encode()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def school():
    make_school_year()
    return make_school()


def upload(client: Client, school, data: bytes = CSV, name: str = "e.csv"):
    return client.post(
        reverse("portal_auth_staff:import"),
        {"school": school.pk, "file": SimpleUploadedFile(name, data)},
    )


def run_url(run: ImportRun) -> str:
    return reverse("portal_auth_staff:import_run", args=[run.pk])


@pytest.fixture
def queued(settings):
    """A queue that keeps tasks instead of running them: what the web request does, alone."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "media", "search", "mail"],
        }
    }
    default_task_backend.clear()
    return default_task_backend


def test_the_file_is_checked_in_the_worker_not_in_the_request(school, queued, client_for):
    client = client_for("admin_staff", school, language="en")
    response = upload(client, school)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run_url(run)
    # The request stored the file and queued the check; it read nothing.
    assert (run.status, run.check_report) == ("uploaded", None)
    assert run.file.storage.exists(run.file.name) and run.filename == "e.csv"
    ours = [
        (r.task.name, r.args)
        for r in queued.results
        if r.task.func.__module__ == "portal_auth.tasks"
    ]
    assert ours == [("check_import_task", [run.pk])]  # (Wagtail queues its reference index too)
    page = client.get(run_url(run)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "Checking the file" in page
    assert f'href="{run_url(run)}"' in page  # reload link, no JavaScript needed
    assert 'name="confirm"' not in page

    # The worker checks it.
    check_import_task.call(run.pk)
    run.refresh_from_db()
    assert run.status == "previewed" and run.check_report["pupils_created"] == 2
    page = client.get(run_url(run)).content.decode()
    assert 'name="confirm"' in page and "http-equiv" not in page
    assert not Pupil.objects.exists()

    # Confirming queues the import; the page says so until the worker has written it.
    assert client.post(run_url(run), {"confirm": "1"}).status_code == 302
    run.refresh_from_db()
    assert run.status == "confirming" and not Pupil.objects.exists()
    assert queued.results[-1].task.name == "write_import_task"
    assert "Importing the file" in client.get(run_url(run)).content.decode()
    write_import_task.call(run.pk)
    run.refresh_from_db()
    assert run.status == "done" and Pupil.objects.count() == 2
    assert not run.file  # the file is gone from the storage once imported
    page = client.get(run_url(run)).content.decode()
    assert "Imported." in page and "2 pupils created" in page


def test_double_confirm_and_a_retried_task_write_once(school, queued, client_for):
    client = client_for("admin_staff", school, language="en")
    upload(client, school)
    run = ImportRun.objects.get()
    check_import_task.call(run.pk)
    client.post(run_url(run), {"confirm": "1"})
    client.post(run_url(run), {"confirm": "1"})  # the double click
    assert [r.task.name for r in queued.results].count("write_import_task") == 1
    assert write_import_task.call(run.pk) == "done"
    assert write_import_task.call(run.pk) == "nothing to do"  # the queue delivered it twice
    assert check_import_task.call(run.pk) == "nothing to do"
    assert Pupil.objects.count() == 2
    assert SecurityEvent.objects.filter(kind="import", school=school).count() == 1


def test_confirm_on_another_node_reads_the_file_from_shared_storage(
    school,
    settings,
    tmp_path,
    s3_endpoint,  # noqa: F811 (fixture)
    s3_bucket,  # noqa: F811 (fixture)
    client_for,
):
    """Web node A takes the upload, node B shows the preview and takes the confirmation, and
    neither keeps the file on its own disk: it is in the bucket until it is imported."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_from_environment(storage_environment(s3_endpoint, s3_bucket)),
    }
    settings.MEDIA_ROOT = tmp_path / "node-a"
    upload(client_for("admin_staff", school, language="en"), school)
    run = ImportRun.objects.get()
    assert run.status == "previewed"
    assert bucket_keys(s3_endpoint, s3_bucket) == {run.file.name}
    assert not [p for p in Path(tmp_path).rglob("*") if p.is_file()]

    settings.MEDIA_ROOT = tmp_path / "node-b"  # another node, another colleague, no session
    colleague = client_for("director", school, language="en")
    assert 'name="confirm"' in colleague.get(run_url(run)).content.decode()
    assert colleague.post(run_url(run), {"confirm": "1"}).status_code == 302
    run.refresh_from_db()
    assert run.status == "done" and Pupil.objects.count() == 2
    assert bucket_keys(s3_endpoint, s3_bucket) == set()
    assert not [p for p in Path(tmp_path).rglob("*") if p.is_file()]


def test_a_hostile_file_fails_the_run_with_its_message(school, client_for):
    client = client_for("admin_staff", school, language="en")
    response = upload(client, school, b"PK\x03\x04 not really a workbook", "pupils.xlsx")
    run = ImportRun.objects.get()
    assert (run.status, run.reason) == ("failed", "errors") and not run.file
    page = client.get(response["Location"]).content.decode()
    assert "The file has errors; nothing was imported." in page
    assert run.check_report["errors"] and run.check_report["errors"][0] in page
    assert 'name="confirm"' not in page and "http-equiv" not in page
    assert client.post(run_url(run), {"confirm": "1"}).status_code == 302
    assert ImportRun.objects.get().status == "failed" and not Pupil.objects.exists()


def test_the_check_is_done_in_the_uploaders_language(school, queued, client_for):
    upload(client_for("admin_staff", school, language="en"), school, b"Nom\r\nAlaoui\r\n")
    run = ImportRun.objects.get()
    ImportRun.objects.update(language="fr")  # uploaded from a page in French
    check_import_task.call(run.pk)
    run.refresh_from_db()
    assert run.status == "failed" and run.check_report["errors"][0].startswith("Colonnes")


def test_staff_who_lost_the_school_before_the_worker_ran_import_nothing(school, queued, client_for):
    client = client_for("admin_staff", school, language="en")
    upload(client, school)
    run = ImportRun.objects.get()
    run.created_by.staff_roles.all().delete()
    check_import_task.call(run.pk)
    run.refresh_from_db()
    assert (run.status, run.reason) == ("failed", "scope") and not run.file


# --- workers that stopped, lost tasks, retention ----------------------------------------------


def long_ago() -> timezone.datetime:
    return timezone.now() - timedelta(seconds=runs.stale_after_seconds() + 1)


def test_a_check_whose_worker_stopped_is_handed_out_again_then_failed(school, queued, client_for):
    upload(client_for("admin_staff", school, language="en"), school)
    run = ImportRun.objects.get()
    # A worker took it and died: still "being checked", claimed long ago.
    ImportRun.objects.filter(pk=run.pk).update(status="parsing", claimed_at=long_ago(), attempts=1)
    assert sweep_import_runs_task.call() == {"checks": 1, "writes": 0, "failed": 0}
    run.refresh_from_db()
    assert run.status == "uploaded" and queued.results[-1].args == [run.pk]
    check_import_task.call(run.pk)
    assert ImportRun.objects.get().status == "previewed"
    # Twice dead: failed, with the reason shown.
    ImportRun.objects.filter(pk=run.pk).update(status="parsing", claimed_at=long_ago(), attempts=2)
    assert sweep_import_runs_task.call()["failed"] == 1
    run.refresh_from_db()
    assert (run.status, run.reason) == ("failed", "worker_lost") and not run.file
    page = client_for("admin_staff", school, language="en").get(run_url(run)).content.decode()
    assert "The server stopped while working on this file" in page


def test_an_import_whose_worker_stopped_is_written_once_by_the_next(school, queued, client_for):
    upload(client_for("admin_staff", school, language="en"), school)
    run = ImportRun.objects.get()
    check_import_task.call(run.pk)
    client_for("admin_staff", school, language="en").post(run_url(run), {"confirm": "1"})
    # The worker died inside the import's transaction: nothing was written, the claim stayed.
    ImportRun.objects.filter(pk=run.pk).update(claimed_at=long_ago(), attempts=1)
    assert sweep_import_runs_task.call() == {"checks": 0, "writes": 1, "failed": 0}
    assert write_import_task.call(run.pk) == "done"
    assert sweep_import_runs_task.call() == {"checks": 0, "writes": 0, "failed": 0}
    assert Pupil.objects.count() == 2


def test_a_check_the_queue_lost_is_handed_out_again(school, queued, client_for):
    upload(client_for("admin_staff", school, language="en"), school)
    ImportRun.objects.update(queued_at=long_ago())
    queued.clear()
    assert sweep_import_runs_task.call()["checks"] == 1
    assert [r.task.name for r in queued.results] == ["check_import_task"]


def test_old_previews_expire_and_old_runs_are_purged(school, client_for):
    client = client_for("admin_staff", school, language="en")
    upload(client, school)
    run = ImportRun.objects.get()
    storage, name = run.file.storage, run.file.name
    assert run.status == "previewed" and storage.exists(name)
    ImportRun.objects.update(updated_at=timezone.now() - timedelta(hours=25))
    assert purge_expired_records().import_runs == 0
    run.refresh_from_db()
    assert (run.status, run.reason) == ("failed", "expired") and not storage.exists(name)
    response = client.post(run_url(run), {"confirm": "1"}, follow=True)
    assert "This preview has expired; upload the file again." in response.content.decode()
    ImportRun.objects.update(updated_at=timezone.now() - timedelta(days=31))
    assert purge_expired_records().import_runs == 1
    assert not ImportRun.objects.exists() and not Pupil.objects.exists()


def test_the_upload_page_lists_recent_runs_of_the_staff_schools_only(school, client_for):
    client = client_for("admin_staff", school, language="en")
    upload(client, school)
    other = make_school()
    upload(client_for("admin_staff", other), other, name="theirs.csv")
    page = client.get(reverse("portal_auth_staff:import")).content.decode()
    assert "e.csv" in page and "theirs.csv" not in page
