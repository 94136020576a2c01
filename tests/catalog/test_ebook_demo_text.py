"""The demo e-book says what it holds: the address to type, a video only when there is one,
and a cover that does not announce an unrelated image's title."""

from __future__ import annotations

import pytest

from catalog.ebook import demo
from tests.factories.ebook import make_ebook, make_image


def test_the_first_step_gives_the_address_to_type(settings):
    settings.MAKTABA_PUBLIC_ORIGIN = "https://maktaba.example.ma"
    chapters = demo._chapters(None, None, [])
    steps = chapters[1]["value"]["body"][0]["value"]["steps"]
    assert "maktaba.example.ma" in steps[0]["text"]


def test_the_blurb_promises_a_video_only_with_one():
    assert "فيديو" not in demo.description(has_video=False)
    assert "فيديو" in demo.description(has_video=True)


@pytest.mark.django_db
def test_the_cover_is_decorative_next_to_the_title(client, site_tree):
    home, _library = site_tree
    page = make_ebook(home, slug="guide", cover=make_image(title="Les lois de Newton"))
    html = client.get(page.url).content.decode()
    assert 'alt="Les lois de Newton"' not in html
    assert 'alt=""' in html
