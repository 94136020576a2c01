"""A pupil types the start of a title in the header's search box and picks the suggestion with
the keyboard, or with a tap on the search page; both land on the resource."""

from urllib.parse import unquote

import pytest

from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.catalog import make_resource

from .axe import assert_accessible

pytestmark = pytest.mark.browser


def test_pupil_picks_a_suggested_title(browser):
    _home, library = ensure_site()
    ensure_roles(library)
    make_resource(library, title="قوانين نيوتن", language="ar", summary="درس حول قوانين نيوتن.")
    make_resource(library, title="قواعد الاشتقاق", language="ar", summary="تمارين في الاشتقاق.")
    make_resource(library, title="Les lois de Newton", language="fr", summary="Cours.")
    page = browser
    page.set_viewport_size({"width": 360, "height": 640})  # a small phone
    asked = []
    page.on("request", lambda r: "/search/suggest/" in r.url and asked.append(unquote(r.url)))
    page.goto("/")
    box = page.locator("#site-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("ق")  # one letter: nothing asked
    page.wait_for_timeout(400)
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("وان")
    option = page.get_by_role("option", name="قوانين نيوتن")
    option.wait_for()
    assert page.get_by_role("option").count() == 1  # «قواعد» does not start with «قوان»
    # Nothing asked for one letter; the fast keystrokes after it made one request (200 ms wait).
    assert [url.split("q=")[1] for url in asked] == ["قوان"]
    assert option.get_attribute("dir") == "auto"
    assert box.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    # The list sits under the box, inside the page: no sideways scroll in RTL.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    list_box, input_box = page.locator("[role=listbox]").first.bounding_box(), box.bounding_box()
    assert list_box["y"] >= input_box["y"] + input_box["height"] - 1
    assert list_box["x"] >= 0 and list_box["x"] + list_box["width"] <= 360
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("ي")
    option.wait_for()
    box.press("ArrowDown")
    with page.expect_navigation():
        box.press("Enter")
    assert page.locator("h1").inner_text() == "قوانين نيوتن"

    page.goto("/fr/search/")
    box = page.locator("#search-q")
    box.press_sequentially("lois de new")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_navigation():
        page.get_by_role("option", name="Les lois de Newton").click()
    assert page.locator("h1").inner_text() == "Les lois de Newton"
