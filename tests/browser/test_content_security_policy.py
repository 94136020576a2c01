"""The site and Wagtail's admin work in Chromium under their Content-Security-Policy.

The ``browser`` fixture fails a journey on any refusal Chromium logs; here the admin's busiest
screens are opened and used (the page editor with its rich-text fields and panels, the explorer,
images, documents, the portal's staff screens), and Chromium is shown to enforce the site's
policy: an inline style or handler slipped into a page is refused.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.catalog import make_resource
from tests.factories.schools import make_school, make_staff

pytestmark = pytest.mark.browser

PASSWORD = "admin-password-123"


def test_chromium_enforces_the_site_policy(browser):
    ensure_site()
    page = browser
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend',"
        ' \'<p id=injected style="color:red" onmouseover="document.title=1">x</p>\')'
    )
    page.hover("#injected")
    assert page.title() != "1"
    assert any("inline" in v for v in page.csp_violations)
    page.csp_violations.clear()  # seen: the fixture would fail the test on them


def test_the_admin_works_under_its_policy(browser):
    _home, library = ensure_site()
    ensure_roles(library)
    resource = make_resource(library, title="Les forces", summary="Un cours.")
    User.objects.create_superuser("admin", "admin@example.ma", PASSWORD)
    page = browser
    page.goto("/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    for url in ("/admin/pages/", f"/admin/pages/{library.pk}/", "/admin/images/",
                "/admin/documents/", "/admin/snippets/", "/admin/users/"):  # fmt: skip
        page.goto(url)
        page.wait_for_load_state("networkidle")

    # The editor: rich text (Draftail), panels and the action menu are JavaScript.
    page.goto(f"/admin/pages/{resource.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".Draftail-Editor").count() >= 1
    page.fill("input[name=title]", "Les forces et le mouvement")
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    resource.refresh_from_db()
    assert resource.title == "Les forces et le mouvement" and resource.live

    # A new page: the form is built by JavaScript as well.
    page.goto(f"/admin/pages/add/catalog/resourcepage/{library.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".Draftail-Editor").count() >= 1

    # The portal's staff screens inside the admin.
    director = make_staff("director", make_school())
    director.set_password(PASSWORD)
    director.save()
    browser.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", director.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    for url in ("/admin/requests/", "/admin/requests/day/", "/admin/requests/messages/",
                "/admin/portal/pupils/"):  # fmt: skip
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1, h2").count() >= 1
