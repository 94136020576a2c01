"""axe-core on every main public page, in Arabic and French, on a 390 px phone and a desktop."""

from __future__ import annotations

import pytest

from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.catalog import make_resource
from tests.factories.ebook import chapter, make_ebook, make_image

from .axe import axe_violations, broken_references, describe, focus_problems

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _public_paths() -> list[str]:
    home, library = ensure_site()
    ensure_roles(library)
    resource = make_resource(
        library,
        title="قوانين نيوتن",
        language="ar",
        summary="درس مبسط حول قوانين نيوتن الثلاثة.",
        tracks=("sciences-experimentales",),
    )
    image = make_image()
    ebook = make_ebook(
        home,
        slug="guide-massar",
        chapters=[
            chapter("مقدمة", ("text", "<p>يقدم هذا الدليل خدمات منظومة مسار (Massar).</p>")),
            chapter("الصورة", ("image", {"image": image.pk, "alt_text": "لقطة", "caption": ""})),
        ],
    )
    return [
        "/",
        library.url,
        "/library/1bac/",
        "/library/1bac/sciences-experimentales/",
        "/library/1bac/sciences-experimentales/physique-chimie/",
        resource.url,
        "/search/?q=نيوتن",
        ebook.url,
        "/account/sign-in/",
        "/account/activate/pupil/",
        "/account/activate/guardian/",
    ]


def test_public_pages_have_no_serious_accessibility_violation(browser):
    paths = _public_paths()
    failures = []
    for language_prefix in ("", "/fr"):
        for name, viewport in VIEWPORTS.items():
            browser.set_viewport_size(viewport)
            for path in paths:
                response = browser.goto(language_prefix + path)
                assert response.status == 200, f"{language_prefix}{path}: {response.status}"
                violations = axe_violations(browser)
                broken = broken_references(browser)
                if violations or broken:
                    failures.append(f"[{name}] {browser.url}\n{describe(violations)}{broken}")
                if name == "desktop":
                    failures += [f"{browser.url}: {p}" for p in focus_problems(browser)]
    assert failures == [], "\n\n".join(failures)
