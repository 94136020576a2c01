"""Real-browser journeys: Debian's Chromium driven by Playwright, against pytest-django's live server.

Every journey gets a fresh, headless Chromium context. On failure a screenshot is written to
``test-artifacts/<test name>.png`` so CI logs point at what the user would have seen. Whatever
the Content-Security-Policy made Chromium refuse (its console says so) fails the journey: the
site and the admin must work under their policies (library/csp.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from .chromium import ARTIFACTS, CHROMIUM, launch_chromium, watch_csp_violations

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def chromium_browser(_saved_serialized_contents) -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def browser(
    request,
    chromium_browser,
    _serialized_contents_on_connection,
    live_server,
    django_db_serialized_rollback,
):
    """A fresh page (tab) whose ``base_url`` is the live server."""
    context = chromium_browser.new_context(base_url=live_server.url, locale="ar-MA")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.live_server_url = live_server.url
    page.csp_violations = watch_csp_violations(page)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert page.csp_violations == [], "the Content-Security-Policy blocked:\n" + "\n".join(
        page.csp_violations
    )
