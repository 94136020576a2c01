"""The production stack over real HTTP through nginx: static, media, documents, pages, workers.

Brought up by ``conftest.stack`` with scripts/production_stack.sh (docs/deployment.md).
"""

from __future__ import annotations

import gzip
import re
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = pytest.mark.topology

YEAR_IMMUTABLE = "public, max-age=31536000, immutable"


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.5)


def rendition(data: dict, which: str, profile: str = "audio_aac") -> dict:
    return next(r for r in data[which]["renditions"] if r["profile"] == profile)


# --- static -----------------------------------------------------------------------------------


def test_hashed_static_files_are_served_by_nginx_for_a_year(stack):
    home = stack.nginx.get("/")
    assert home.status == 200
    css = re.search(rb'href="(/static/css/maktaba\.[0-9a-f]{12}\.css)"', home.body)
    assert css, "the home page links the hashed stylesheet"
    url = css.group(1).decode()

    answer = stack.nginx.get(url, Accept_Encoding="gzip")
    assert answer.status == 200
    assert answer.header("Cache-Control") == YEAR_IMMUTABLE
    assert answer.header("Content-Encoding") == "gzip"  # the .gz collectstatic wrote
    on_disk = Path(stack.env["STATIC_ROOT"]) / url.removeprefix("/static/")
    assert gzip.decompress(answer.body) == on_disk.read_bytes()

    unhashed = stack.nginx.get("/static/css/maktaba.css")
    assert unhashed.status == 200 and unhashed.header("Cache-Control") == "public, max-age=3600"

    # A server writes its access log line just after the answer has left.
    wait_for(lambda: url in stack.log("nginx-access.log"), 10, "nginx's access log line")
    assert url not in stack.log("gunicorn-access.log"), "gunicorn saw a static request"


# --- media through X-Accel-Redirect ----------------------------------------------------------


def test_the_workers_processed_the_uploads_through_rq(content):
    assert content["public"]["state"] == "ready"
    assert {r["profile"] for r in content["public"]["renditions"]} >= {"audio_aac", "audio_opus"}


def test_a_published_rendition_is_sent_by_nginx_with_ranges_and_etags(stack, content):
    aac = rendition(content, "public")
    on_disk = (Path(stack.env["MEDIA_ROOT"]) / aac["file"]).read_bytes()

    # gunicorn only says yes: an empty body and where nginx finds the file.
    upstream = stack.gunicorn.get(aac["url"], Range="bytes=100-199")
    assert upstream.status == 200 and upstream.body == b""
    assert upstream.header("X-Accel-Redirect") == "/protected-media/" + aac["file"]

    part = stack.nginx.get(aac["url"], Range="bytes=100-199")
    assert part.status == 206
    assert part.header("Content-Range") == f"bytes 100-199/{len(on_disk)}"
    assert part.body == on_disk[100:200]
    assert part.header("Content-Type") == "audio/mp4"
    assert part.header("Cache-Control") == YEAR_IMMUTABLE
    assert part.header("X-Accel-Redirect") is None
    etag = part.header("ETag")
    assert etag and etag.startswith('"')

    suffix = stack.nginx.get(aac["url"], Range="bytes=-10")
    assert suffix.status == 206 and suffix.body == on_disk[-10:]
    assert stack.nginx.get(aac["url"], If_None_Match=etag).status == 304
    resumed = stack.nginx.get(aac["url"], Range="bytes=10-19", If_Range=etag)
    assert resumed.status == 206 and resumed.body == on_disk[10:20]
    whole = stack.nginx.get(aac["url"])
    assert whole.status == 200 and whole.body == on_disk
    assert stack.nginx.get(aac["url"], Range=f"bytes={len(on_disk)}-").status == 416


def test_no_file_under_media_root_is_reachable_by_its_path(stack, content):
    aac = rendition(content, "public")
    for path in (
        content["public_original"],
        aac["file"],
        content["public_document_file"],
        content["private_document_file"],
    ):
        assert (Path(stack.env["MEDIA_ROOT"]) / path).exists()
        encoded = quote(path)
        assert stack.nginx.get("/media/" + encoded).status == 404, path
        assert stack.nginx.get("/protected-media/" + encoded).status == 404, path
        assert stack.nginx.get("/media/../protected-media/" + encoded).status == 404, path


def test_image_renditions_are_the_only_public_files_under_media_url(stack, content):
    media_root = Path(stack.env["MEDIA_ROOT"])
    picture = stack.nginx.get(content["image_rendition_url"])
    assert picture.status == 200 and picture.header("Content-Type") == "image/png"
    assert picture.body == (media_root / content["image_rendition_file"]).read_bytes()
    assert (media_root / content["image_original_file"]).exists()
    assert stack.nginx.get("/media/" + content["image_original_file"]).status == 404


def test_the_files_of_a_draft_are_404(stack, content):
    assert content["private"]["renditions"], "the draft's recording was processed too"
    for item in content["private"]["renditions"]:
        answer = stack.nginx.get(item["url"], Range="bytes=0-9")
        assert answer.status == 404, item["url"]
    assert stack.nginx.get(f"/media-files/{content['private_asset']}/original").status == 404
    assert stack.nginx.get(content["private_document_url"]).status == 404


def test_a_published_original_and_an_arabic_named_document_come_through_nginx(stack, content):
    url = f"/media-files/{content['public_asset']}/original"
    assert stack.nginx.get(url).status == 404  # pupils and visitors play renditions
    moderator = stack.stack_data("session", "topology-moderator")["cookie"]
    original = stack.nginx.get(url, Cookie=moderator)
    assert original.status == 200
    media_root = Path(stack.env["MEDIA_ROOT"])
    assert original.body == (media_root / content["public_original"]).read_bytes()
    assert original.header("Cache-Control").startswith("private")

    upstream = stack.gunicorn.get(content["public_document_url"])
    assert upstream.header("X-Accel-Redirect") == "/protected-media/" + quote(
        content["public_document_file"]
    )
    document = stack.nginx.get(content["public_document_url"], Range="bytes=0-3")
    assert document.status == 206 and document.body == b"%PDF"
    assert document.header("Content-Type") == "application/pdf"
    assert "filename*=UTF-8''" in document.header("Content-Disposition")
    assert document.header("Content-Security-Policy") == "default-src 'none'"


# --- pages and processes --------------------------------------------------------------------


def test_home_and_search_pages_answer_through_gunicorn(stack, content):
    assert stack.nginx.get("/").status == 200
    query = quote(content["public_page_title"].split()[-1])  # the unique tag
    link = f'href="{content["public_page_url"]}"'.encode()

    def found():
        answer = stack.nginx.get(f"/search/?q={query}")
        assert answer.status == 200
        return link in answer.body

    wait_for(found, 60, "the search worker to index the new lesson")
    wait_for(
        lambda: f"/search/?q={query}" in stack.log("gunicorn-access.log"),
        10,
        "gunicorn's access log line",
    )
    page = stack.nginx.get(content["public_page_url"])
    assert page.status == 200 and content["public"]["renditions"][0]["url"].encode() in page.body


def test_gunicorn_runs_several_workers(stack):
    master = stack.pid("gunicorn")
    workers = [
        int(stat.parent.name)
        for stat in Path("/proc").glob("[0-9]*/stat")
        if _parent_of(stat) == master
    ]
    assert len(workers) >= 2, workers
    status = stack.script("status")
    assert status.returncode == 0, status.stdout + status.stderr
    assert all(str(pid) in status.stdout for pid in workers)


def _parent_of(stat: Path) -> int | None:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_a_task_enqueued_by_the_app_is_run_by_an_rq_worker(stack):
    enqueued = stack.python(
        "-c",
        "import django; django.setup(); from catalog.ebook.tasks import send_deliveries_task; "
        "print('ID', send_deliveries_task.enqueue([]).id)",
    )
    assert enqueued.returncode == 0, enqueued.stderr[-2000:]
    result_id = enqueued.stdout.split("ID ", 1)[1].strip()

    def finished():
        status = stack.python(
            "-c",
            "import django; django.setup(); from catalog.ebook.tasks import send_deliveries_task; "
            f"print('STATUS', send_deliveries_task.get_result({result_id!r}).status)",
        )
        assert status.returncode == 0, status.stderr[-2000:]
        return "STATUS SUCCESSFUL" in status.stdout

    wait_for(finished, 60, "an RQ worker to run the task")


def test_the_scheduler_enqueues_periodic_work_that_the_workers_run(stack):
    assert Path(f"/proc/{stack.pid('scheduler')}").exists()
    code = (
        "import django; django.setup(); from library.models import PeriodicRun; "
        "run = PeriodicRun.objects.filter(name='media-sweep').first(); "
        "print('ENQUEUED', bool(run and run.last_enqueued_at and not run.last_error))"
    )

    def enqueued():
        result = stack.python("-c", code)
        assert result.returncode == 0, result.stderr[-2000:]
        return "ENQUEUED True" in result.stdout

    wait_for(enqueued, 90, "the scheduler to enqueue the media sweep")
    wait_for(
        lambda: "sweep_media_jobs" in stack.log("rqworker-1.log") + stack.log("rqworker-2.log"),
        60,
        "an RQ worker to run the media sweep",
    )


def test_up_again_changes_nothing(stack):
    names = ("gunicorn", "nginx", "rqworker-1", "rqworker-2", "scheduler")
    before = {name: stack.pid(name) for name in names}
    again = stack.script("up")
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "already running" in again.stdout
    after = {name: stack.pid(name) for name in before}
    assert after == before
    assert stack.nginx.get("/").status == 200
