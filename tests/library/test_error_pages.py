"""With DEBUG off, a missing page and a server error answer in the visitor's language and
direction, lightly, and the 500 gives a short reference that is also in the log."""

from __future__ import annotations

import logging
import re

import pytest


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.library.error_urls"
    settings.DEBUG = False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "words"),
    [("", "ar", "rtl", "الصفحة غير موجودة"), ("/fr", "fr", "ltr", "Page introuvable")],
)
def test_a_missing_page_answers_in_the_visitors_language(
    client, site_tree, prefix, lang, direction, words
):
    response = client.get(f"{prefix}/library/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'lang="{lang}"' in html and f'dir="{direction}"' in html
    assert words in html
    assert "Not Found" not in html
    assert len(response.content) < 15_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "words"),
    [("", "ar", "rtl", "حدث خطأ"), ("/fr", "fr", "ltr", "Une erreur")],
)
def test_a_server_error_apologises_with_a_reference_in_the_log(
    client, failing_urls, caplog, prefix, lang, direction, words
):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR):
        response = client.get(f"{prefix}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'lang="{lang}"' in html and f'dir="{direction}"' in html
    assert words in html
    assert "Server Error" not in html
    reference = re.search(r'<code class="reference"[^>]*>([A-Z0-9-]+)</code>', html).group(1)
    assert 6 <= len(reference) <= 12
    assert any(reference in record.getMessage() and record.exc_info for record in caplog.records), (
        "the reference is not in the log with the traceback"
    )
    assert len(response.content) < 6_000
