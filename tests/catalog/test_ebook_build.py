"""Building the e-book: EPUB 3 checked by epubcheck, PDF rendered by poppler, versions kept."""

from __future__ import annotations

import zipfile

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from catalog.ebook.building import build_ebook
from catalog.ebook.models import EBookBuild
from tests.factories.catalog import make_resource
from tests.factories.ebook import (
    arabic_chapters,
    chapter,
    french_chapters,
    make_broken_image,
    make_ebook,
    make_image,
    make_missing_image,
    make_video,
    tiny_mp4,
)

from .ebook_checks import epubcheck, render_pdf_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_tree):
    return site_tree[0]


def _opf(build: EBookBuild) -> str:
    with zipfile.ZipFile(build.epub_file.path) as archive:
        return archive.read("EPUB/package.opf").decode()


def _assert_valid(build: EBookBuild) -> None:
    errors, _warnings = epubcheck(build.epub_file.path)
    assert errors == [], [(e["ID"], e["message"], e.get("locations")) for e in errors]


def test_arabic_book_is_valid_rtl_epub_with_embedded_video(home, library):
    image, video = make_image(), make_video()
    resource = make_resource(library, title="قوانين نيوتن", language="ar")
    page = make_ebook(
        home, chapters=arabic_chapters(image, video, resource), cover=make_image("غلاف")
    )
    build = build_ebook(page, page.live_revision_id)
    assert build.status == EBookBuild.Status.COMPLETE, build.error_message
    assert build.version == 1
    _assert_valid(build)
    opf = _opf(build)
    assert 'page-progression-direction="rtl"' in opf
    assert "<dc:language>ar</dc:language>" in opf
    assert "<dc:publisher>Maktaba</dc:publisher>" in opf
    assert 'properties="cover-image"' in opf
    assert "dcterms:modified" in opf
    with zipfile.ZipFile(build.epub_file.path) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert any(n.startswith("EPUB/video/") for n in names)
        chapter_two = archive.read("EPUB/chapter-2.xhtml").decode()
        assert "<video" in chapter_two
        assert "قوانين نيوتن" in chapter_two
        # Images were resized for screens (1600 px wide originals).
        for name in names:
            if name.startswith("EPUB/images/"):
                with archive.open(name) as handle:
                    assert PILImage.open(handle).width <= 1200
    assert build.warnings == []


def test_french_book_is_valid_ltr_epub(home):
    image, video = make_image("capture"), make_video("Présentation")
    page = make_ebook(
        home,
        title="Guide Massar",
        language="fr",
        subtitle="",
        chapters=french_chapters(image, video),
    )
    build = build_ebook(page)
    _assert_valid(build)
    opf = _opf(build)
    assert "page-progression-direction" not in opf
    assert "<dc:language>fr</dc:language>" in opf


def test_video_over_the_size_cap_becomes_a_poster_and_link(home, settings):
    settings.MAKTABA_EBOOK = {"MAX_EMBEDDED_VIDEO_BYTES": 100}
    video = make_video("فيديو طويل")
    page = make_ebook(home, chapters=arabic_chapters(make_image(), video))
    build = build_ebook(page)
    _assert_valid(build)
    with zipfile.ZipFile(build.epub_file.path) as archive:
        assert not any(n.startswith("EPUB/video/") for n in archive.namelist())
        chapter_two = archive.read("EPUB/chapter-2.xhtml").decode()
    assert "<video" not in chapter_two
    assert page.get_full_url() + "chapter/2/#video-" in chapter_two
    assert "video_too_large" in [w["code"] for w in build.warnings]


def test_missing_and_broken_images_and_failed_video_are_skipped_with_warnings(home):
    chapters = [
        chapter(
            "صور",
            ("text", "<p>نص.</p>"),
            ("image", {"image": make_missing_image().pk, "alt_text": "", "caption": "مفقودة"}),
            ("image", {"image": make_broken_image().pk, "alt_text": "", "caption": "تالفة"}),
            ("image", {"image": 987654, "alt_text": "", "caption": "محذوفة"}),
            ("video", {"video": make_video("تحويل فاشل", state="failed").pk, "caption": ""}),
        )
    ]
    page = make_ebook(home, chapters=chapters)
    build = build_ebook(page)
    assert build.status == EBookBuild.Status.COMPLETE
    _assert_valid(build)
    codes = [w["code"] for w in build.warnings]
    assert codes.count("image_unreadable") == 2
    assert "image_missing" in codes
    assert "video_failed" in codes
    assert any("تحويل فاشل" in message for message in build.warning_messages())


def test_empty_chapter_and_empty_text_block_still_build(home):
    chapters = [chapter("فصل فارغ"), chapter("فصل بنص فارغ", ("text", "<p></p>"))]
    page = make_ebook(home, chapters=chapters)
    build = build_ebook(page)
    assert build.status == EBookBuild.Status.COMPLETE
    _assert_valid(build)
    assert [w["code"] for w in build.warnings] == ["chapter_empty", "chapter_empty"]


def test_book_without_chapters_builds(home):
    page = make_ebook(home, chapters=[])
    build = build_ebook(page)
    _assert_valid(build)
    assert [w["code"] for w in build.warnings] == ["no_chapters"]


def test_publishing_builds_and_republishing_adds_a_version_old_links_still_answer(
    home, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_ebook(home, chapters=arabic_chapters(make_image(), make_video()))
    first = page.current_build()
    assert first is not None and first.version == 1
    old_url = first.download_url("epub")
    page.subtitle = "طبعة منقحة"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    second = page.current_build()
    assert second.version == 2
    latest = client.get(page.url + "download/latest.epub")
    assert latest.status_code == 200
    assert latest["Content-Type"] == "application/epub+zip"
    assert b"".join(latest.streaming_content) == second.epub_file.open("rb").read()
    old = client.get(old_url)
    assert old.status_code == 200
    assert b"".join(old.streaming_content) == first.epub_file.open("rb").read()
    assert client.get(page.url + "download/latest.pdf").status_code == 200
    assert client.get(page.url + "download/v9.epub").status_code == 404


def test_failed_build_leaves_previous_version_current(home, settings):
    page = make_ebook(home, chapters=arabic_chapters(make_image(), make_video()))
    first = build_ebook(page)
    settings.MAKTABA_EBOOK = {"FONT_DIR": "/nonexistent-fonts"}
    failed = build_ebook(page, force=True)
    assert failed.status == EBookBuild.Status.FAILED
    assert failed.version is None
    assert "fonts" in failed.error_message
    assert page.current_build() == first


def test_build_command_prints_paths(home, capsys):
    page = make_ebook(home, slug="guide", chapters=[chapter("مقدمة", ("text", "<p>نص</p>"))])
    call_command("build_ebook", "guide")
    out = capsys.readouterr().out.split()
    build = page.current_build()
    assert out == [build.epub_file.path, build.pdf_file.path]


def _pdf_page_count(path) -> int:
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_pdf_renders_every_page(home, tmp_path, language):
    image, video = make_image(), make_video()
    chapters = arabic_chapters(image, video) if language == "ar" else french_chapters(image, video)
    page = make_ebook(home, language=language, chapters=chapters, cover=make_image("غلاف"))
    build = build_ebook(page)
    pages = _pdf_page_count(build.pdf_file.path)
    assert pages == 4  # cover and title, contents, two chapters
    for number in range(1, pages + 1):
        png = render_pdf_page(build.pdf_file.path, number, tmp_path)
        with PILImage.open(png) as rendered:
            assert rendered.width > 400
            # Something was drawn on every page: it is not blank.
            assert rendered.convert("L").getextrema()[0] < 100


def test_smallest_rendition_is_embedded_and_poster_shown_when_the_pipeline_has_them(home, settings):
    """Runs once the media pipeline provides ``Rendition`` and ``MediaAsset.poster``."""
    from django.core.files.base import ContentFile

    from media_pipeline import models as media_models

    rendition_model = getattr(media_models, "Rendition", None)
    if rendition_model is None or not hasattr(media_models.MediaAsset, "poster"):
        pytest.skip("this branch's media pipeline has no renditions or posters yet")
    video = make_video("مع نسخ")
    video.poster = make_image("ملصق", size=(320, 180))
    video.save()
    small = tiny_mp4()
    for profile, data in (("240p", small), ("720p", small + b"\0" * 4096)):
        rendition = rendition_model(
            asset=video,
            profile=profile,
            type="video",
            checksum=profile.ljust(64, "0"),
            size=len(data),
            mime_type="video/mp4",
        )
        rendition.file.save(f"renditions/{profile}.mp4", ContentFile(data), save=False)
        rendition.save()
    page = make_ebook(home, chapters=[chapter("فيديو", ("video", {"video": video.pk}))])
    build = build_ebook(page)
    _assert_valid(build)
    with zipfile.ZipFile(build.epub_file.path) as archive:
        embedded = [n for n in archive.namelist() if n.startswith("EPUB/video/")]
        assert len(embedded) == 1
        assert archive.read(embedded[0]) == small
        assert 'poster="images/' in archive.read("EPUB/chapter-1.xhtml").decode()
    settings.MAKTABA_EBOOK = {"MAX_EMBEDDED_VIDEO_BYTES": 100}
    linked = build_ebook(page, force=True)
    with zipfile.ZipFile(linked.epub_file.path) as archive:
        chapter_one = archive.read("EPUB/chapter-1.xhtml").decode()
    assert "<video" not in chapter_one and "images/poster-" in chapter_one
