"""A full build from the demo content, validated by epubcheck."""

import zipfile

import pytest

from catalog.demo.loader import load_demo_data
from catalog.ebook.demo import ensure_demo_ebook
from catalog.ebook.models import EBookBuild

from .ebook_checks import epubcheck

pytestmark = pytest.mark.django_db


def test_demo_ebook_builds_a_valid_epub_from_the_demo_library(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_data()
    with django_capture_on_commit_callbacks(execute=True):
        page = ensure_demo_ebook()
    build = page.current_build()
    assert build is not None and build.status == EBookBuild.Status.COMPLETE
    errors, _warnings = epubcheck(build.epub_file.path)
    assert errors == [], [(e["ID"], e["message"]) for e in errors]
    assert build.warnings == []
    with zipfile.ZipFile(build.epub_file.path) as archive:
        names = archive.namelist()
    assert "EPUB/chapter-3.xhtml" in names  # the chapter of library links
    assert any(name.startswith("EPUB/video/") for name in names)
    assert any(name.startswith("EPUB/images/cover") for name in names)
    assert ensure_demo_ebook() == page  # safe to run twice
