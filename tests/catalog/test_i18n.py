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
    html = client.get("/library/1bac/sciences-physiques/").content.decode()
    assert 'href="/fr/library/1bac/sciences-physiques/"' in html
    assert 'href="/en/library/1bac/sciences-physiques/"' in html
    html = client.get("/fr/library/1bac/sciences-physiques/").content.decode()
    assert 'href="/library/1bac/sciences-physiques/"' in html


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
