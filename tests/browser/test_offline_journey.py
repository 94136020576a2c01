"""A pupil saves a video lesson and a PDF for offline use, loses the connection, and still
watches and reads them; the portal is never stored; an unpublished lesson leaves the saved list;
a full phone gets a clear message and nothing half-saved."""

from __future__ import annotations

import pytest

from catalog.site_setup import ensure_site
from tests.catalog.media_pages import publish_media_resource
from tests.factories.catalog import make_resource
from tests.factories.media import make_asset
from tests.factories.schools import TEST_PASSWORD, give_pupil_account, make_pupil
from tests.media_pipeline.samples import make_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED_ITEMS = "[data-offline-items] li"
ALL_CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(name + ' ' + request.url);
  }
  return urls;
}"""

ASK_WORKER = """(message) => navigator.serviceWorker.ready.then((registration) =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    registration.active.postMessage(message, [channel.port2]);
  }))"""


@pytest.fixture
def lessons(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    source = make_video(tmp_path / "lesson.mp4", width=320, height=240, seconds=6)
    asset = make_asset(source, title="Optique")
    asset.refresh_from_db()
    assert asset.is_ready, asset.error_message
    _home, library = ensure_site()
    video = publish_media_resource(library, asset, title="Optique géométrique")
    document = make_resource(library, title="Les lentilles")
    return video, asset, document


def save(page, url: str) -> None:
    page.goto(url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    box = page.locator("[data-offline-save]")
    box.locator("button").click()
    page.wait_for_function(
        "() => document.querySelector('[data-offline-save] button').textContent"
        " === document.querySelector('[data-offline-save]').dataset.remove",
        timeout=30_000,
    )


def test_saved_lessons_open_play_and_read_without_a_connection(browser, lessons):
    video, asset, document = lessons
    datasaver = asset.renditions.get(profile="datasaver")
    page = browser
    context = page.context

    save(page, video.url)
    save(page, document.url)
    # Saved again (a new version): the unchanged files are revalidated (304), not downloaded.
    for lesson in (video, document):
        again = page.evaluate(ASK_WORKER, {"type": "save", "id": lesson.pk, "page": lesson.url})
        assert again["ok"] and again["downloaded"] == 0, again
    page.goto("/offline/saved/")
    page.wait_for_selector("[data-offline-list][data-ready='1']")
    assert page.locator(SAVED_ITEMS).count() == 2
    assert "ميغابايت" in page.locator("[data-offline-usage]").inner_text()

    context.set_offline(True)
    page.goto(video.url)
    assert "Optique géométrique" in page.locator("h1").inner_text()
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video').currentTime > 1", timeout=20_000)
    assert page.evaluate("() => document.querySelector('video').currentSrc").endswith(datasaver.url)
    ranged = page.evaluate(
        """async (url) => { const r = await fetch(url, {headers: {Range: 'bytes=100-199'}});
        return [r.status, r.headers.get('Content-Range'), (await r.arrayBuffer()).byteLength]; }""",
        datasaver.url,
    )
    assert ranged == [206, f"bytes 100-199/{datasaver.size}", 100]

    page.goto(document.url)
    pdf_url = document.document.url
    head = page.evaluate(
        "async (url) => { const r = await fetch(url); return [r.status, (await r.text()).slice(0, 5)]; }",
        pdf_url,
    )
    assert head == [200, "%PDF-"]
    page.goto("/library/nothing-saved-here/")
    assert page.locator("h1").inner_text() == "لا يوجد اتصال"
    context.set_offline(False)

    # The portal is never stored, even when the worker controls the page.
    pupil = make_pupil()
    give_pupil_account(pupil)
    response = page.goto("/account/sign-in/")
    assert not response.from_service_worker
    page.locator("input[name=identifier]").fill(pupil.massar_code)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/account/")
    page.goto(video.url)  # a saved lesson, opened while signed in
    cached = page.evaluate(ALL_CACHED_URLS)
    assert not [url for url in cached if "/account/" in url], cached
    assert not [url for url in cached if pupil.last_name_ar in url]
    saved_page = page.evaluate(
        """async (url) => { for (const name of await caches.keys()) {
          const hit = await (await caches.open(name)).match(url, {ignoreVary: true});
          if (hit) return hit.text(); } return ''; }""",
        video.url,
    )
    assert "Optique géométrique" in saved_page and pupil.last_name_ar not in saved_page
    context.clear_cookies()

    # Unpublished on the server: gone from the saved list on the next visit online.
    document.unpublish()
    page.goto("/offline/saved/")
    page.wait_for_function(
        f"() => document.querySelectorAll('{SAVED_ITEMS}').length === 1", timeout=20_000
    )
    assert "Les lentilles" in page.locator("[data-offline-usage]").inner_text()
    assert not [url for url in page.evaluate(ALL_CACHED_URLS) if document.url in url]

    # A full phone: a clear message, nothing half-saved.
    page.locator(f"{SAVED_ITEMS} button").click()
    page.wait_for_function(f"() => document.querySelectorAll('{SAVED_ITEMS}').length === 0")
    cdp = context.new_cdp_session(page)
    cdp.send(
        "Storage.overrideQuotaForOrigin",
        {"origin": page.live_server_url, "quotaSize": 20_000},
    )
    page.goto(video.url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.locator("[data-offline-save] button").click()
    status = page.locator("[data-offline-save] [role=status]")
    page.wait_for_function(
        "() => document.querySelector('[data-offline-save] [role=status]').textContent"
        ".includes('مساحة')"
    )
    assert "لم يُحفظ أي شيء" in status.inner_text()
    assert not [url for url in page.evaluate(ALL_CACHED_URLS) if "maktaba-item-" in url]
