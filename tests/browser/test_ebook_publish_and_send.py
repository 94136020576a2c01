"""The regional editor publishes the campaign e-book and sends it to every school director from
the Wagtail admin; a director follows the emailed link and downloads the EPUB."""

from __future__ import annotations

import re
import zipfile
from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import User
from django.core import mail

from catalog.ebook.models import EBookDelivery, EBookPage
from catalog.site_setup import ensure_roles, ensure_site
from tests.factories.ebook import arabic_chapters, make_ebook, make_image, make_video
from tests.factories.schools import make_school, make_staff

pytestmark = pytest.mark.browser

PASSWORD = "editor-password-123"


def _open_action_menu(page) -> None:
    page.locator(
        "footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()


def test_editor_publishes_and_sends_a_director_downloads(browser, settings, tmp_path):
    settings.MAKTABA_EBOOK = {
        "RECIPIENT_PROVIDER": "portal_auth.schools.ebook_recipients.school_directors",
    }
    home, library = ensure_site()
    ensure_roles(library)
    directors = []
    for n in range(3):
        director = make_staff("director", make_school())
        director.email = f"director{n}@schools.example.ma"
        director.save()
        directors.append(director)
    User.objects.create_superuser("editor", "editor@example.ma", PASSWORD)
    draft = make_ebook(
        home,
        slug="guide-massar",
        chapters=arabic_chapters(make_image(), make_video()),
        publish=False,
    )

    page = browser
    page.goto("/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # Publish from the editor.
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    _open_action_menu(page)
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    # Wagtail's own "published" message, and ours about the files being built.
    assert "EPUB" in page.locator(".messages").inner_text()
    ebook = EBookPage.objects.get(pk=draft.pk)
    assert ebook.live
    build = ebook.current_build()
    assert build is not None and build.version == 1

    # Send from the action menu of the published e-book, confirm, then read the statuses.
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    _open_action_menu(page)
    page.locator(f"a[href='/admin/ebook/{draft.pk}/send/']").click()
    page.wait_for_url(re.compile(rf"/admin/ebook/{draft.pk}/send/$"))
    assert "3" in page.locator("main").inner_text()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/admin/ebook/{draft.pk}/$"))
    assert page.locator("td.status-sent").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.email for d in directors)
    assert EBookDelivery.objects.filter(status="sent").count() == 3

    # Pressing send again sends nobody twice.
    page.goto(f"/admin/ebook/{draft.pk}/send/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/admin/ebook/{draft.pk}/$"))
    assert len(mail.outbox) == 3

    # A director follows the link in the message and downloads the EPUB.
    link = next(line for line in mail.outbox[0].body.split() if "/guide-massar/" in line)
    director_context = browser.context.browser.new_context(
        base_url=page.live_server_url, locale="ar-MA", accept_downloads=True
    )
    director = director_context.new_page()
    director.goto(urlparse(link).path)
    assert director.locator("html").get_attribute("dir") == "rtl"
    with director.expect_download() as download_info:
        director.locator("a[href$='download/latest.epub']").click()
    target = tmp_path / "book.epub"
    download_info.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/epub+zip"
    director_context.close()
