"""A lesson on a slow link: Debian's Chromium with CDP network emulation, side by side.

    .venv/bin/python benchmarks/slow_link.py [--seconds 120]

Sets up a scratch site (its own SQLite file and media directory) with a video lesson and an
audio lesson made by ffmpeg (``--seconds`` long, transcoded by the real pipeline), serves it with
Django's threaded server (the full middleware stack, gzip, WhiteNoise), and measures in a fresh
Chromium context per profile:

- **page usable**: from ``goto`` to the ``load`` event of the video lesson's page (HTML, CSS,
  the script; the video is ``preload="none"``);
- **video first frame**: from ``play()`` to the first frame presented
  (``requestVideoFrameCallback``) of the data-saver rendition;
- **audio start**: from ``play()`` to ``playing`` on the listen-only page (``?listen=1``);
- **bytes** the server sent (bodies and headers, counted at the WSGI layer, so the service
  worker's own fetches count too) for a first visit (page only, then the worker installs its
  shell) and a repeat visit of the same page; and a repeat visit of the same lesson once saved
  for offline.

Profiles: 400 kbps down / 400 ms RTT (targets: page < 3 s, first frame < 5 s, audio < 3 s, repeat
visit ≤ 10 % of the first visit's bytes) and 2G, 50 kbps / 600 ms. Numbers are printed, never
asserted: this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.slow_link_settings"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # noqa: E402

from catalog.site_setup import ensure_site  # noqa: E402
from tests.browser.chromium import launch_chromium  # noqa: E402
from tests.catalog.media_pages import publish_media_resource  # noqa: E402
from tests.factories.media import make_asset  # noqa: E402
from tests.media_pipeline.samples import ffmpeg  # noqa: E402

PROFILES = {
    "400 kbps / 400 ms": {"down": 400_000, "up": 200_000, "rtt": 400},
    "2G 50 kbps / 600 ms": {"down": 50_000, "up": 25_000, "rtt": 600},
}
TARGETS = {"page": 3.0, "frame": 5.0, "audio": 3.0, "repeat": 0.10}


class ByteCounter:
    """WSGI middleware: the bytes of every answer (status line, headers, body)."""

    def __init__(self, app) -> None:
        self.app = app
        self.total = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        def counting_start(status, headers, exc_info=None):
            self.add(len(status) + 11 + sum(len(k) + len(v) + 4 for k, v in headers) + 2)
            return start_response(status, headers, exc_info)

        for block in self.app(environ, counting_start):
            self.add(len(block))
            yield block

    def add(self, n: int) -> None:
        with self.lock:
            self.total += n

    def take(self) -> int:
        with self.lock:
            value, self.total = self.total, 0
            return value


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def make_lecture(path: Path, seconds: int) -> Path:
    """A slide-like lecture: a mostly still picture with a moving pointer, and a voice-band tone."""
    ffmpeg(
        "-f", "lavfi", "-i", f"color=c=0xf4f1e8:s=854x480:r=25:d={seconds}",
        "-f", "lavfi", "-i", f"sine=f=180:sample_rate=44100:d={seconds}",
        "-vf", "drawbox=x='mod(t*40,700)':y=200:w=40:h=40:color=0x203060:t=fill,"
               "drawgrid=w=120:h=60:t=2:c=0x9090a0",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "96k", "-shortest", str(path),
    )  # fmt: skip
    return path


def set_up(seconds: int):
    call_command("migrate", verbosity=0)
    _home, library = ensure_site()
    work = Path(tempfile.mkdtemp(prefix="maktaba-slow-src-"))
    asset = make_asset(make_lecture(work / "lecture.mp4", seconds), title="Lecture")
    asset.refresh_from_db()
    if not asset.is_ready:
        raise SystemExit(f"the lesson was not transcoded: {asset.error_message}")
    page = publish_media_resource(library, asset, title="Optique géométrique")
    return page, asset


def emulate(cdp, profile: dict) -> None:
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": profile["rtt"],
            "downloadThroughput": profile["down"] / 8,
            "uploadThroughput": profile["up"] / 8,
        },
    )


FIRST_FRAME = """() => new Promise((resolve) => {
  const v = document.querySelector('video');
  v.muted = true;
  const start = performance.now();
  v.requestVideoFrameCallback(() => resolve((performance.now() - start) / 1000));
  v.play();
})"""
AUDIO_START = """() => new Promise((resolve) => {
  const a = document.querySelector('audio');
  const start = performance.now();
  a.addEventListener('playing', () => resolve((performance.now() - start) / 1000), {once: true});
  a.play();
})"""


def settle(page, counter: ByteCounter, quiet: float = 1.5) -> None:
    """Wait until the server has sent nothing for ``quiet`` seconds (the worker's install)."""
    last, since = counter.total, time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.25)
        if counter.total != last:
            last, since = counter.total, time.monotonic()


def measure(browser, base: str, url: str, counter: ByteCounter, profile: dict) -> dict:
    figures: dict[str, float] = {}
    context = browser.new_context(base_url=base, locale="ar-MA")
    page = context.new_page()
    emulate(context.new_cdp_session(page), profile)
    counter.take()
    start = time.monotonic()
    page.goto(url, wait_until="load")
    figures["page"] = time.monotonic() - start
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    settle(page, counter)
    figures["first_bytes"] = counter.take()
    page.goto(url, wait_until="load")
    settle(page, counter)
    figures["repeat_bytes"] = counter.take()
    figures["frame"] = page.evaluate(FIRST_FRAME)
    page.goto(url + "?listen=1", wait_until="load")
    figures["audio"] = page.evaluate(AUDIO_START)
    settle(page, counter)
    # Saved for offline, then opened again.
    page.goto(url, wait_until="load")
    settle(page, counter)
    counter.take()
    page.locator("[data-offline-save] button").click()
    page.wait_for_function(
        "() => document.querySelector('[data-offline-save] button').textContent"
        " === document.querySelector('[data-offline-save]').dataset.remove",
        timeout=600_000,
    )
    settle(page, counter)
    figures["save_bytes"] = counter.take()
    page.goto(url, wait_until="load")
    settle(page, counter)
    figures["saved_repeat_bytes"] = counter.take()
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=120, help="length of the lessons")
    args = parser.parse_args()
    lesson, asset = set_up(args.seconds)
    sizes = {r.profile: r.size for r in asset.renditions.all()}
    counter = ByteCounter(WSGIHandler())
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://localhost:{server.server_address[1]}"
    print(f"lesson: {args.seconds} s; data saver {sizes.get('datasaver', 0) / 1e3:.0f} kB, "
          f"Opus {sizes.get('audio_opus', 0) / 1e3:.0f} kB, AAC {sizes.get('audio_aac', 0) / 1e3:.0f} kB")  # fmt: skip
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        for name, profile in PROFILES.items():
            rows.append((name, measure(browser, base, lesson.url, counter, profile)))
        browser.close()
    server.shutdown()

    print(f"{'profile':22} {'page s':>7} {'frame s':>8} {'audio s':>8} {'1st kB':>7} "
          f"{'repeat kB':>9} {'ratio':>6} {'save kB':>8} {'saved repeat kB':>15}")  # fmt: skip
    for name, f in rows:
        ratio = f["repeat_bytes"] / f["first_bytes"]
        print(
            f"{name:22} {f['page']:7.2f} {f['frame']:8.2f} {f['audio']:8.2f} "
            f"{f['first_bytes'] / 1e3:7.1f} {f['repeat_bytes'] / 1e3:9.1f} {ratio:6.1%} "
            f"{f['save_bytes'] / 1e3:8.1f} {f['saved_repeat_bytes'] / 1e3:15.1f}"
        )
    print(
        f"targets at 400 kbps / 400 ms: page < {TARGETS['page']} s, frame < {TARGETS['frame']} s, "
        f"audio < {TARGETS['audio']} s, repeat ≤ {TARGETS['repeat']:.0%} of the first visit"
    )


if __name__ == "__main__":
    main()
