"""Every absolute URL starts with the one configured public origin, whatever the Wagtail Site
says (``localhost`` from ``setup_library``); printed URLs are short and readable."""

from __future__ import annotations

import pytest

from library.public_origin import absolute_url, printable_url
from tests.factories.catalog import make_resource

ORIGIN = "https://maktaba.example.ma"


@pytest.fixture
def origin(settings):
    settings.MAKTABA_PUBLIC_ORIGIN = ORIGIN + "/"
    return ORIGIN


def test_absolute_url_joins_the_origin_and_a_path(origin):
    assert absolute_url("/account/activate/pupil/") == ORIGIN + "/account/activate/pupil/"


def test_printed_urls_drop_the_scheme_and_the_percent_encoding():
    url = "https://maktaba.example.ma/library/%D9%82%D9%88%D8%A7%D9%86%D9%8A%D9%86/"
    assert printable_url(url) == "maktaba.example.ma/library/قوانين/"
    assert printable_url("http://maktaba.example.ma/") == "maktaba.example.ma"


@pytest.mark.django_db
def test_pages_and_the_api_use_the_public_origin(client, library, origin):
    page = make_resource(library, title="Les lois de Newton")
    assert page.get_full_url() == ORIGIN + page.url
    assert library.get_full_url().startswith(ORIGIN + "/")
    detail = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert detail["meta"]["html_url"] == ORIGIN + page.url
    # Links inside the site stay relative.
    assert page.url.startswith("/")


@pytest.mark.django_db
def test_printed_slips_and_emails_use_the_public_origin(origin, settings):
    from portal_auth.accounts import slips
    from portal_auth.desk.notifying.email import build_email
    from portal_auth.models import Notification

    assert slips.site_address() == "maktaba.example.ma"
    notice = Notification(kind=Notification.Kind.MARKS_PUBLISHED, link="/account/marks/")
    body = build_email(notice, "parent@example.ma", "ar").body
    assert ORIGIN + "/account/marks/" in body


@pytest.mark.django_db
def test_the_ebook_links_to_the_public_origin(site_tree, origin):
    from catalog.ebook.build_warnings import WarningLog
    from catalog.ebook.content import BookAssembler
    from tests.factories.ebook import chapter, make_ebook

    home, library = site_tree
    resource = make_resource(library, title="قوانين نيوتن")
    page = make_ebook(
        home,
        slug="guide-massar",
        chapters=[chapter("مقدمة", ("resource", {"resource": resource.pk, "note": ""}))],
    )
    book = BookAssembler(page, 1, WarningLog()).assemble()
    assert book.page_url == ORIGIN + "/guide-massar/"
    links = [el.url for ch in book.chapters for el in ch.elements if hasattr(el, "url")]
    assert links == [ORIGIN + resource.url]
