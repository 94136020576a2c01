"""The e-book's public page, web chapters, admin editing, preview, and the editor's screens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookDelivery
from catalog.ebook.recipients import Recipient
from catalog.site_setup import EDITORS, TEACHERS
from tests.factories.ebook import arabic_chapters, chapter, make_ebook, make_image, make_video

from . import ebook_recipients

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_tree):
    return site_tree[0]


@pytest.fixture
def page(home):
    return make_ebook(home, chapters=arabic_chapters(make_image(), make_video()))


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="pw-long-enough-123")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def directors(settings):
    settings.MAKTABA_EBOOK = {"RECIPIENT_PROVIDER": "tests.catalog.ebook_recipients.test_directors"}
    ebook_recipients.RECIPIENTS[:] = [
        Recipient(key=f"d{n}", name=f"مدير {n}", email=f"d{n}@example.ma") for n in range(5)
    ] + [Recipient(key="no-mail", name="بدون بريد", email="")]
    yield
    ebook_recipients.RECIPIENTS.clear()


def test_public_page_before_any_build_says_it_is_being_prepared(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    assert "download/latest.epub" not in response.content.decode()


def test_public_page_lists_downloads_with_sizes_and_older_versions(client, page):
    first = build_ebook(page)
    second = build_ebook(page, force=True)
    html = client.get(page.url).content.decode()
    assert page.description in html
    assert f'href="{page.url}download/latest.epub"' in html
    assert f'href="{page.url}download/latest.pdf"' in html
    assert first.epub_url in html  # the earlier version stays listed
    assert second.version == 2
    # Sizes are shown (Django's filesizeformat, in Arabic by default).
    assert client.get(page.url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    english = client.get("/en" + page.url).content.decode()
    assert "KB" in english or "bytes" in english


def test_chapters_are_readable_as_web_pages(client, page):
    html = client.get(page.url + "chapter/1/").content.decode()
    assert "مقدمة" in html and "احتفظ بالرمز السري" in html
    assert 'dir="rtl"' in html
    second = client.get(page.url + "chapter/2/").content.decode()
    assert 'id="video-2"' in second
    assert client.get(page.url + "chapter/3/").status_code == 404


def test_french_book_chapter_is_left_to_right_inside_an_arabic_site(client, home):
    page = make_ebook(
        home, title="Guide", language="fr", chapters=[chapter("Intro", ("text", "<p>Bonjour</p>"))]
    )
    html = client.get(page.url + "chapter/1/").content.decode()
    assert '<article class="ebook-chapter" lang="fr" dir="ltr">' in html


def test_admin_edit_and_create_forms_render_with_the_video_chooser(admin_client, page, home):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    body = edit.content.decode()
    assert "Send to all school directors" in body or "أرسل إلى جميع مديري المؤسسات" in body
    add = admin_client.get(
        reverse("wagtailadmin_pages:add", args=["catalog", "ebookpage", home.pk])
    )
    assert add.status_code == 200
    assert admin_client.get(reverse("ebook_media_chooser:choose")).status_code == 200


def test_preview_renders_the_draft(page):
    page.title = "مسودة جديدة"
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "مسودة جديدة" in response.content.decode()


def test_editor_sends_once_even_when_pressing_twice(client, page, editor, directors):
    build_ebook(page)
    client.force_login(editor)
    send_url = reverse("ebook_admin:send", args=[page.pk])
    confirm = client.get(send_url)
    assert confirm.status_code == 200
    first = client.post(send_url)
    assert first.status_code == 302
    client.post(send_url)
    assert len(mail.outbox) == 5
    status = client.get(reverse("ebook_admin:status", args=[page.pk]))
    html = status.content.decode()
    assert status.status_code == 200
    assert html.count('class="status-sent"') == 5
    assert html.count('class="status-failed"') == 1
    assert EBookDelivery.objects.get(recipient_key="no-mail").reason == "no_email"


def test_teachers_cannot_send(client, page, directors):
    build_ebook(page)
    teacher = User.objects.create_user("teacher", password="pw-long-enough-123")
    teacher.groups.add(Group.objects.get(name=TEACHERS))
    client.force_login(teacher)
    assert client.post(reverse("ebook_admin:send", args=[page.pk])).status_code in (302, 403)
    assert EBookDelivery.objects.count() == 0
    assert mail.outbox == []


def test_status_page_shows_build_warnings(admin_client, home):
    page = make_ebook(home, chapters=[chapter("فارغ")])
    build_ebook(page)
    html = admin_client.get(reverse("ebook_admin:status", args=[page.pk])).content.decode()
    assert "الفصل 1 لا يحتوي على أي محتوى بعد." in html


def test_a_video_in_a_published_public_ebook_counts_as_public(home):
    from wagtail.models import PageViewRestriction

    from catalog.ebook.media_access import asset_used_by_public_ebook

    shown, unused = make_video("ظاهر"), make_video("غير مستعمل")
    draft_only = make_video("مسودة")
    page = make_ebook(home, chapters=[chapter("ف", ("video", {"video": shown.pk}))])
    make_ebook(home, chapters=[chapter("ف", ("video", {"video": draft_only.pk}))], publish=False)
    assert asset_used_by_public_ebook(shown)
    assert not asset_used_by_public_ebook(unused)
    assert not asset_used_by_public_ebook(draft_only)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert not asset_used_by_public_ebook(shown)
