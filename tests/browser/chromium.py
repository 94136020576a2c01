"""Debian's Chromium as the browser journeys launch it, and what they watch it for.

Shared by the live-server journeys (``tests/browser``) and the production stack's journeys
(``tests/topology``): the same executable, flags and Content-Security-Policy watch.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = os.environ.get("MAKTABA_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def launch_chromium(playwright):
    """A headless Chromium from Playwright's sync API (``playwright.chromium``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


def watch_csp_violations(page) -> list[str]:
    """A list that fills with every refusal Chromium logs for the page's policy."""
    violations: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    return violations
