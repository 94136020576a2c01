"""A guardian activates with the slip of a first child, adds a second child (another school),
switches between the two, and signs out — in Arabic, in headless Chromium."""

import pytest

from portal_auth.accounts import codes
from tests.factories.schools import (
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
)

from .axe import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "a-long-family-passphrase"


def test_guardian_activates_adds_a_second_child_switches_and_signs_out(browser):
    guardian = make_guardian(first_name_ar="محمد", last_name_ar="العلوي")
    first = make_pupil(make_class(make_school()), first_name_ar="سلمى", last_name_ar="العلوي")
    second = make_pupil(
        make_class(make_school(), level="2AC", track=None),
        first_name_ar="آدم",
        last_name_ar="العلوي",
    )
    code_first = codes.issue_guardian_code(link_guardian(guardian, first, confirmed=False))
    code_second = codes.issue_guardian_code(link_guardian(guardian, second, confirmed=False))
    page = browser

    page.goto("/account/activate/guardian/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.locator("#id_cin").fill(guardian.cin.lower())
    page.locator("#id_massar_code").fill(first.massar_code)
    page.locator("#id_code").fill(code_first.printable.lower().replace("-", " "))
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_consent").check()
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/account/")
    switcher = page.locator("nav.child-switcher")
    assert "سلمى العلوي" in switcher.inner_text()
    assert "آدم" not in switcher.inner_text()
    assert_accessible(page)

    page.locator("a[href$='/account/children/add/']").click()
    assert_accessible(page)
    page.locator("#id_massar_code").fill(second.massar_code)
    page.locator("#id_code").fill(code_second.printable)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url("**/account/")
    assert page.locator("nav.child-switcher [aria-current=true]").inner_text() == "آدم العلوي"
    # The child being looked at is the filled one; the other is an outlined button.
    background = "el => getComputedStyle(el).backgroundColor"
    selected = page.locator("nav.child-switcher [aria-current=true]").first.evaluate(background)
    other = page.locator("nav.child-switcher button").first.evaluate(background)
    assert selected == "rgb(11, 83, 148)" and other in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    assert second.massar_code in page.locator("dl.pupil-card").inner_text()

    page.locator("nav.child-switcher button", has_text="سلمى العلوي").click()
    page.wait_for_url("**/account/")
    assert page.locator("nav.child-switcher [aria-current=true]").inner_text() == "سلمى العلوي"
    assert first.massar_code in page.locator("dl.pupil-card").inner_text()

    page.locator("nav.account form button[type=submit]").click()
    page.wait_for_url("**/account/sign-in/")
    page.goto("/account/")
    assert "/account/sign-in/" in page.url
