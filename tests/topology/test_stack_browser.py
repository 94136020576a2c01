"""People at work on the production stack, in Debian's Chromium through nginx.

A teacher uploads a video and submits its resource page, an RQ worker transcodes it while the
admin shows its progress, a moderator publishes it, and an anonymous pupil finds it through the
search page and plays its data-saver rendition, fetched by byte ranges that nginx answers after
Django's permission check (``X-Accel-Redirect``). A member of a school's staff imports an absence
and the stack's mail worker sends the guardian's e-mail to a real SMTP server, once.
"""

from __future__ import annotations

import random
import re
import string
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.utils import dateformat, translation

from media_pipeline.models import MediaAsset, TranscodeJob
from media_pipeline.templatetags.media_player import profile_label
from tests.browser.chromium import ARTIFACTS, CHROMIUM, launch_chromium, watch_csp_violations
from tests.media_pipeline.samples import make_video

pytestmark = pytest.mark.topology

ACTIONS_TOGGLE = "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"


def a_tag() -> str:
    return "".join(random.choice(string.ascii_lowercase) for _ in range(10))


def wait_for(condition: Callable, seconds: float, what: str, pause: float = 0.5):
    deadline = time.monotonic() + seconds
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(pause)


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def open_tab(request, chromium, stack) -> Iterator[Callable]:
    """Opens a tab of its own (one person: own cookies) on nginx's address, in Arabic."""
    tabs = []
    failures_before = request.session.testsfailed

    def open_tab():
        context = chromium.new_context(base_url=f"http://127.0.0.1:{stack.port}", locale="ar-MA")
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.csp_violations = watch_csp_violations(page)
        tabs.append(page)
        return page

    yield open_tab
    if request.session.testsfailed > failures_before:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(tabs):
            path = ARTIFACTS / f"{request.node.name}-{number}.png"
            page.screenshot(path=str(path), full_page=True)
    violations = [v for page in tabs for v in page.csp_violations]
    for page in tabs:
        page.context.close()
    assert violations == [], "the Content-Security-Policy blocked:\n" + "\n".join(violations)


def sign_in(page, username: str, password: str) -> None:
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def choose(page, field: str, search: str, chosen: str) -> None:
    """Open a field's chooser, search, and click the item whose link ends in ``chosen``."""
    page.locator(f"[data-field-input]:has(#id_{field}) [data-chooser-action-choose]").click()
    page.locator(".modal input[name=q]").fill(search)
    page.locator(f".modal a[href$='{chosen}']").first.click()
    page.wait_for_function(f"() => document.querySelector('#id_{field}').value !== ''")


def in_arabic(text) -> str:
    with translation.override("ar"):
        return str(text)


def processing_panel(page) -> tuple[str, list[int]]:
    """What the asset's edit screen says: its state, and each job's progress bar."""
    panel = page.locator(".media-processing")
    state = panel.locator("p strong").first.inner_text().strip()
    bars = [int(bar.get_attribute("value")) for bar in panel.locator("progress").all()]
    return state, bars


# --- a video, from the teacher's upload to the pupil's phone ------------------------------------


def test_a_teachers_video_is_transcoded_moderated_found_and_played_through_nginx(
    stack, open_tab, tmp_path
):
    tag = a_tag()
    people = stack.stack_data("editors", tag)
    video = make_video(tmp_path / f"optique-{tag}.mp4", width=320, height=240, seconds=4)
    title = f"Optique {tag}"

    # The teacher uploads the recording; the list says it waits for the workers.
    teacher = open_tab()
    sign_in(teacher, people["teacher"], people["password"])
    teacher.goto("/admin/snippets/media_pipeline/mediaasset/add/")
    teacher.fill("#id_title", title)
    teacher.set_input_files("#id_original", str(video))
    teacher.locator("button.action-save").click()
    teacher.wait_for_url(re.compile(r"/admin/snippets/media_pipeline/mediaasset/$"))
    row = teacher.locator(f"tbody tr:has(td.title a:has-text('{title}'))")
    listed = row.locator(".w-status").inner_text().strip()
    assert listed != in_arabic(MediaAsset.State.READY.label), "ready before any worker ran"
    edit_url = row.locator("td.title a").first.get_attribute("href")
    asset_id = int(re.search(r"/edit/(\d+)/", edit_url).group(1))

    # The edit screen follows the workers: state, then one progress bar per job up to 100 %.
    ready, done = in_arabic(MediaAsset.State.READY.label), in_arabic(TranscodeJob.State.DONE.label)
    seen = [(listed, [])]

    def transcoded() -> bool:
        teacher.goto(edit_url)
        seen.append(processing_panel(teacher))
        state, bars = seen[-1]
        return state == ready and bars and all(value == 100 for value in bars)

    wait_for(transcoded, 240, "the transcode, on the asset's edit screen", pause=1)
    jobs = teacher.locator(".media-processing tbody tr").all_inner_texts()
    assert any(text.startswith(in_arabic(profile_label("datasaver"))) for text in jobs), jobs
    assert all(done in text for text in jobs), jobs
    asset = stack.stack_data("asset", str(asset_id))
    assert asset["state"] == "ready"
    datasaver = next(r for r in asset["renditions"] if r["profile"] == "datasaver")

    # The resource page, submitted for moderation: the recording is not anyone's yet.
    page_title = f"Optique géométrique {tag}"
    teacher.goto(f"/admin/pages/add/catalog/resourcepage/{people['library']}/")
    teacher.fill("#id_title", page_title)
    teacher.fill("#id_summary", "Réflexion et réfraction de la lumière.")
    teacher.select_option("#id_kind", "video")
    teacher.check(f"input[name=levels][value='{people['level']}']")
    teacher.select_option("#id_subject", str(people["subject"]))
    choose(teacher, "media_asset", title, f"/chosen/{asset_id}/")
    teacher.locator(ACTIONS_TOGGLE).first.click()
    teacher.locator("button[name=action-submit]").click()
    teacher.wait_for_url(re.compile(rf"/admin/pages/{people['library']}/$"))
    page_link = teacher.locator(f"a[href$='/edit/']:has-text('{page_title}')").first
    page_id = int(re.search(r"/pages/(\d+)/edit/", page_link.get_attribute("href")).group(1))
    for client in (stack.nginx, stack.gunicorn):
        hidden = client.get(datasaver["url"], Range="bytes=0-99")
        assert hidden.status in (403, 404), (hidden.status, hidden.headers)
        assert hidden.header("X-Accel-Redirect") is None

    # The moderator approves: the only task of the workflow, so the page goes live.
    moderator = open_tab()
    sign_in(moderator, people["moderator"], people["password"])
    moderator.goto(f"/admin/pages/{page_id}/edit/")
    moderator.locator(ACTIONS_TOGGLE).first.click()
    moderator.locator(
        "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).click()
    moderator.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # An anonymous pupil searches, opens the lesson and plays it.
    pupil = open_tab()
    media_responses = []
    pupil.on(
        "response",
        lambda response: (
            media_responses.append(
                (
                    response.url,
                    response.status,
                    response.request.headers.get("range"),
                    response.headers.get("content-range"),
                )  # fmt: skip
            )
            if datasaver["url"] in response.url
            else None
        ),
    )

    def found() -> bool:
        pupil.goto("/search/")
        pupil.fill("main input[name=q]", tag)
        pupil.locator("main input[name=q]").press("Enter")
        pupil.wait_for_load_state()
        return pupil.locator(f"a:has-text('{page_title}')").count() > 0

    wait_for(found, 90, "the lesson in the search results", pause=1)
    pupil.locator(f"a:has-text('{page_title}')").first.click()
    pupil.wait_for_selector("video")
    pupil.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    pupil.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.5", timeout=30_000
    )
    assert pupil.evaluate("() => document.querySelector('video').currentSrc").endswith(
        datasaver["url"]
    )
    ranged = [r for r in media_responses if r[1] == 206]
    assert ranged, media_responses
    for _url, _status, asked, answered in ranged:
        assert asked and asked.startswith("bytes=")
        assert answered and re.fullmatch(rf"bytes \d+-\d+/{datasaver['size']}", answered)

    # nginx sent the bytes: gunicorn only answered where they are, with an empty body.
    on_disk = (Path(stack.env["MEDIA_ROOT"]) / datasaver["file"]).read_bytes()
    upstream = stack.gunicorn.get(datasaver["url"], Range="bytes=0-99")
    assert upstream.status == 200 and upstream.body == b""
    assert upstream.header("X-Accel-Redirect") == "/protected-media/" + datasaver["file"]
    part = stack.nginx.get(datasaver["url"], Range="bytes=0-99")
    assert part.status == 206
    assert part.header("Content-Range") == f"bytes 0-99/{len(on_disk)}"
    assert part.body == on_disk[:100] and part.header("X-Accel-Redirect") is None
    assert stack.nginx.get("/protected-media/" + datasaver["file"]).status == 404

    # The phone's own requests: 206 from nginx, each an empty 200 from gunicorn.
    def phone_lines(log: str) -> list[tuple[str, str]]:
        line = re.compile(
            rf'"GET {re.escape(datasaver["url"])} HTTP/1\.[01]" (\d+) (\S+) .*HeadlessChrome'
        )
        return line.findall(stack.log(log))

    served = wait_for(lambda: phone_lines("nginx-access.log"), 10, "nginx's log lines")
    asked = wait_for(lambda: phone_lines("gunicorn-access.log"), 10, "gunicorn's log lines")
    assert {status for status, _size in served} == {"206"}, served
    assert set(asked) <= {("200", "0"), ("200", "-")}, asked


# --- an absence, from the school's import to the guardian's mailbox -----------------------------


def test_an_absence_imported_by_staff_reaches_the_guardian_by_email_once(
    stack, mail_server, open_tab, tmp_path
):
    tag = a_tag()
    family = stack.stack_data("family", tag)
    day = date.fromisoformat(family["date"])
    sheet = tmp_path / f"absences-{tag}.csv"
    sheet.write_text(
        "\ufeffCode Massar,Date,Période,Heures,Justifiée,Motif\n"
        f"{family['massar_code']},{day:%d/%m/%Y},matin,4,non,\n",
        encoding="utf-8",
    )

    staff = open_tab()
    sign_in(staff, family["staff"], family["password"])

    def import_sheet() -> None:
        staff.goto("/admin/portal/records/import/absences/")
        staff.select_option("#id_school", str(family["school"]))
        staff.set_input_files("#id_file", str(sheet))
        staff.locator("form[enctype='multipart/form-data'] button").click()
        # The run's page reloads itself until a worker has checked the file.
        staff.locator("button[name=confirm]").click(timeout=120_000)
        staff.wait_for_url("**/admin/portal/import/runs/*/")
        staff.get_by_text("Imported.").or_(staff.get_by_text("تم الاستيراد.")).wait_for(
            timeout=120_000
        )

    import_sheet()
    received = mail_server.wait_for(family["guardian_email"], 60)
    message = received[0].message
    assert received[0].recipients == [family["guardian_email"]]
    assert message["To"] == family["guardian_email"]
    with translation.override("ar"):
        when = dateformat.format(day, "j F Y")
    # Python's generator folds the encoded subject onto its own line: unfolded, it starts there.
    subject = message["Subject"].strip()
    assert subject == f"غياب {family['pupil_name']} يوم {when}", subject
    body = message.get_body(("plain",)).get_content()
    assert family["guardian_name"] in body
    assert family["pupil_name"] in body and family["school_name"] in body

    # The same sheet again changes nothing, and nobody is told twice.
    import_sheet()
    sent = stack.stack_data("notifications", family["massar_code"])["notifications"]
    assert [(n["email"], n["sent"]) for n in sent] == [(family["guardian_email"], True)]
    job = f"mail: portal_auth.tasks.notify_absence_task({sent[0]['absence']})"
    workers = "".join(stack.log(p.name) for p in (stack.run_dir / "log").glob("rqworker-*.log"))
    assert workers.count(job) == 1, "the job ran on an RQ worker's mail queue, once"
    time.sleep(3)  # a second message, if one were queued, would have arrived by now
    assert len(mail_server.for_recipient(family["guardian_email"])) == 1
