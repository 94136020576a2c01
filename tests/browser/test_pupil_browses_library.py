"""A pupil opens the home page in Arabic and browses to a lesson: 1BAC → sciences physiques →
physique-chimie → the resource."""

import pytest

from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.catalog import make_resource

from .axe import assert_accessible

pytestmark = pytest.mark.browser


def test_pupil_browses_to_a_resource_in_arabic(browser):
    _home, library = ensure_site()
    ensure_roles(library)
    make_resource(
        library,
        title="قوانين نيوتن",
        language="ar",
        summary="درس مبسط حول قوانين نيوتن الثلاثة.",
        tracks=("sciences-experimentales",),
    )
    page = browser
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert_accessible(page)
    page.get_by_role("link", name="1BAC").first.click()
    page.get_by_role("link", name="علوم تجريبية").click()
    page.get_by_role("link", name="الفيزياء والكيمياء").click()
    assert "قوانين نيوتن" in page.content()
    page.get_by_role("link", name="قوانين نيوتن").click()
    assert page.locator("h1").inner_text() == "قوانين نيوتن"
    assert_accessible(page)
    assert (
        page.get_by_role("link", name="تحميل").count()
        + page.get_by_role("link", name="Download").count()
        == 1
    )
    # The breadcrumb leads back to the level.
    assert page.locator("nav.crumbs a").first.inner_text() == "المكتبة"
