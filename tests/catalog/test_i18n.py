"""Arabic first and right-to-left; French and English under /fr/ and /en/; the switch keeps the page."""

import pytest
from django.utils import translation

from tests.factories.catalog import make_resource


def _arabic_url(page) -> str:
    with translation.override("ar"):
        return page.url


pytestmark = pytest.mark.django_db


def test_arabic_is_the_default_and_right_to_left(client, library):
    html = client.get("/library/1bac/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "اختر شعبتك" in html  # "Choose your track"


def test_french_pages_are_left_to_right_and_translated(client, library):
    html = client.get("/fr/library/1bac/").content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Choisissez votre filière" in html
    assert "1re année du bac" in html  # taxonomy names follow the language too


def test_english_pages(client, library):
    html = client.get("/en/library/1bac/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Choose your track" in html
    assert "First year of the baccalaureate" in html


def test_language_switch_links_keep_the_current_page(client, library):
    html = client.get("/library/1bac/sciences-experimentales/").content.decode()
    assert 'href="/fr/library/1bac/sciences-experimentales/"' in html
    assert 'href="/en/library/1bac/sciences-experimentales/"' in html
    html = client.get("/fr/library/1bac/sciences-experimentales/").content.decode()
    assert 'href="/library/1bac/sciences-experimentales/"' in html


def test_resource_page_in_french_frame_keeps_resource_language(client, library):
    page = make_resource(library, title="المعادلات", language="ar")
    html = client.get("/fr" + _arabic_url(page)).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert '<article lang="ar" dir="rtl">' in html


def test_dates_are_localised(client, library):
    page = make_resource(library, title="Les lois de Newton")
    html_fr = client.get("/fr" + _arabic_url(page)).content.decode()
    months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    assert any(m in html_fr for m in months_fr)


def _crumbs(html: str) -> list[str]:
    import re

    nav = re.search(r'<nav class="crumbs".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", nav, re.S)]


@pytest.mark.parametrize(
    ("prefix", "library_name"), [("", "المكتبة"), ("/fr", "Bibliothèque"), ("/en", "Library")]
)
def test_the_library_is_named_in_the_pages_language(client, library, prefix, library_name):
    level = client.get(f"{prefix}/library/1bac/").content.decode()
    assert _crumbs(level)[0] == library_name
    index = client.get(f"{prefix}/library/").content.decode()
    assert f"<h1><bdi>{library_name}</bdi></h1>" in index
    assert f"<title>{library_name} ·" in index
    if prefix:
        assert "المكتبة" not in index and "المكتبة" not in level


@pytest.mark.parametrize("prefix", ["", "/fr", "/en"])
def test_the_header_search_posts_to_the_pages_language(client, library, prefix):
    html = client.get(f"{prefix}/library/").content.decode()
    assert f'<form class="find" action="{prefix}/search/"' in html


def test_resource_breadcrumbs_go_through_level_track_and_subject(client, library):
    resource = make_resource(
        library, title="Les lois de Newton", levels=("1BAC",), tracks=("sciences-experimentales",)
    )
    with translation.override("fr"):
        url = resource.url
    html = client.get(url).content.decode()
    assert _crumbs(html) == [
        "Bibliothèque",
        "1re année du bac",
        "Sciences expérimentales",
        "Physique-chimie",
        "Les lois de Newton",
    ]
    assert 'href="/fr/library/1bac/sciences-experimentales/"' in html
    assert 'href="/fr/library/1bac/sciences-experimentales/physique-chimie/"' in html
