"""Pages for 2G phones: at most 30 KB over the wire (HTML + CSS + JS, gzip), first HTML < 14 KB.

Two scripts, both deferred and counted in the 30 KB: the offline one (catalog/offline,
docs/offline.md) and the search forms' title suggestions (static/search/suggest.js, at most 2 KB
gzipped; docs/search.md).

Size is deterministic for given content, so it is asserted here; speed is measured in
benchmarks/catalog.py.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db

LONG_SUMMARY = "ملخص طويل للدرس يشرح المفاهيم الأساسية خطوة بخطوة. " * 20


def _wire_bytes(client, url: str) -> tuple[int, int]:
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.get("Content-Encoding") == "gzip"
    html_bytes = len(response.content)
    html = gzip.decompress(response.content).decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    # The offline script (service worker, save buttons) and the title suggestions, both deferred.
    assert scripts == ["/static/offline/offline.js", "/static/search/suggest.js"], scripts
    assert html.count("<script") == 2 == html.count("defer></script>")  # and nothing inline
    total = html_bytes
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) + scripts:
        path = finders.find(href.removeprefix("/static/"))
        with open(path, "rb") as fh:
            total += len(gzip.compress(fh.read()))
    return html_bytes, total


@pytest.mark.parametrize("lang_prefix", ["", "/fr"])
def test_catalogue_pages_fit_a_2g_budget(client, library, lang_prefix, settings):
    for i in range(settings.MAKTABA_CATALOG["PAGE_SIZE"] + 5):
        resource = make_resource(
            library, title=f"الدرس رقم {i} في الفيزياء", language="ar", summary=LONG_SUMMARY,
            tags=("فيزياء", "ميكانيك"),
        )  # fmt: skip
    urls = [
        "/",
        "/library/",
        "/library/1bac/",
        "/library/1bac/sciences-experimentales/",
        "/library/1bac/sciences-experimentales/physique-chimie/",
        resource.url_path.removeprefix("/home"),
    ]
    for url in urls:
        html_bytes, total = _wire_bytes(client, lang_prefix + url)
        assert html_bytes < 14 * 1024, (url, html_bytes)
        assert total <= 30 * 1024, (url, total)


def test_suggestions_script_stays_small():
    with open(finders.find("search/suggest.js"), "rb") as fh:
        assert len(gzip.compress(fh.read(), compresslevel=9)) <= 2 * 1024


def test_pages_use_system_fonts_and_no_framework(client, library):
    css_path = finders.find("css/maktaba.css")
    css = open(css_path, encoding="utf-8").read()
    assert "@font-face" not in css and "@import" not in css
    html = client.get("/library/").content.decode()
    assert "bootstrap" not in html.lower() and "fonts.googleapis" not in html
