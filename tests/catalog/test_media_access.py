"""The catalogue's media access policy: files of live, public resources only."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction

from catalog.media_access import asset_is_public
from tests.factories.media import make_asset

from .media_pages import publish_media_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    upload = tmp_path / "lesson.mp4"
    upload.write_bytes(b"\0" * 64)
    return make_asset(upload)


def allowed(asset) -> bool:
    return asset_is_public(RequestFactory().get("/"), asset)


def test_live_public_page_opens_the_files(library, asset):
    publish_media_resource(library, asset)
    assert allowed(asset)


def test_asset_used_by_no_page_is_closed(library, asset):
    assert not allowed(asset)


def test_draft_page_does_not_open_the_files(library, asset):
    publish_media_resource(library, asset, live=False)
    assert not allowed(asset)


def test_unpublished_page_closes_the_files(library, asset):
    page = publish_media_resource(library, asset)
    page.unpublish()
    assert not allowed(asset)


def test_private_page_does_not_open_the_files(library, asset):
    page = publish_media_resource(library, asset)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert not allowed(asset)


def test_the_setting_points_at_this_policy(settings):
    assert settings.MAKTABA_MEDIA["ACCESS_POLICY"] == "catalog.media_access.asset_is_public"


def test_a_video_shown_only_in_a_public_ebook_plays_there(site_tree, asset):
    from tests.factories.ebook import chapter, make_ebook

    home, _library = site_tree
    book = make_ebook(home, chapters=[chapter("الفصل", ("video", {"video": asset.pk}))])
    assert allowed(asset)
    book.unpublish()
    assert not allowed(asset)
