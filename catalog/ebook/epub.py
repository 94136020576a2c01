"""EPUB 3 writer: our own zip, checked by epubcheck in the tests.

Layout: ``mimetype`` (first, stored), ``META-INF/container.xml``, ``EPUB/package.opf``,
``EPUB/nav.xhtml``, ``EPUB/title.xhtml``, one ``chapter-N.xhtml`` per chapter, ``style.css``,
``images/`` and ``video/``. Arabic books declare ``page-progression-direction="rtl"``.
"""

from __future__ import annotations

import zipfile
from html import escape
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from library.public_origin import printable_url

from .content import (
    Book,
    BookImage,
    Callout,
    Chapter,
    Figure,
    Paragraphs,
    ResourceLink,
    Steps,
    VideoElement,
)
from .richtext import blocks_to_xhtml

CONTAINER_XML = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

STYLE_CSS = """body { font-family: serif; line-height: 1.5; margin: 0 0.5em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; } h3 { font-size: 1.1em; }
figure { margin: 1em 0; text-align: center; }
img, video { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; }
.callout { border: 2px solid #888; padding: 0.5em 0.75em; margin: 1em 0; }
.callout-warning { border-color: #b00; }
.callout-tip { border-color: #080; }
.steps li { margin-bottom: 0.75em; }
.note { font-style: italic; }
.subtitle { font-size: 1.2em; }
.cover { text-align: center; } .cover img { max-height: 95vh; }
"""


def _x(text: str) -> str:
    return escape(text or "", quote=True)


def _xhtml(book: Book, title: str, body: str, epub_type: str = "") -> str:
    type_attr = f' epub:type="{epub_type}"' if epub_type else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        f'xml:lang="{book.language}" lang="{book.language}" dir="{book.direction}">\n'
        f'<head><meta charset="UTF-8"/><title>{_x(title)}</title>'
        '<link rel="stylesheet" type="text/css" href="style.css"/></head>\n'
        f"<body{type_attr}>\n{body}\n</body>\n</html>\n"
    )


def _img(image: BookImage, alt: str = "") -> str:
    return (
        f'<img src="images/{image.name}" alt="{_x(alt or image.alt)}" '
        f'width="{image.width}" height="{image.height}"/>'
    )


def _element_xhtml(element) -> str:
    if isinstance(element, Paragraphs):
        return blocks_to_xhtml(element.blocks)
    if isinstance(element, Figure):
        caption = f"<figcaption>{_x(element.caption)}</figcaption>" if element.caption else ""
        return f"<figure>{_img(element.image)}{caption}</figure>"
    if isinstance(element, VideoElement):
        caption = f"<figcaption>{_x(element.caption or element.title)}</figcaption>"
        watch = _("Watch the video online: %(title)s") % {"title": element.title}
        link = f'<p><a href="{_x(element.online_url)}">{_x(watch)}</a></p>'
        if element.unavailable:
            note = _("The video “%(title)s” is not available yet.") % {"title": element.title}
            return f'<figure><p class="note">{_x(note)}</p>{caption}</figure>'
        if element.embedded:
            poster = f' poster="images/{element.poster.name}"' if element.poster else ""
            return (
                f'<figure><video src="video/{element.embedded.name}" controls="controls"{poster}>'
                f"{link}</video>{caption}</figure>"
            )
        poster = (
            f'<p><a href="{_x(element.online_url)}">{_img(element.poster)}</a></p>'
            if element.poster
            else ""
        )
        return f"<figure>{poster}{link}{caption}</figure>"
    if isinstance(element, Steps):
        items = []
        for step in element.steps:
            image = f"<p>{_img(step.image)}</p>" if step.image else ""
            items.append(
                f"<li><p><strong>{_x(step.title)}</strong></p>"
                f"{blocks_to_xhtml(step.blocks)}{image}</li>"
            )
        title = f"<h2>{_x(element.title)}</h2>" if element.title else ""
        return f'<section class="steps">{title}<ol>{"".join(items)}</ol></section>'
    if isinstance(element, Callout):
        label = {"warning": _("Warning"), "note": _("Note")}.get(element.kind, _("Tip"))
        return (
            f'<aside class="callout callout-{_x(element.kind)}" epub:type="tip">'
            f"<p><strong>{_x(label)}</strong></p>{blocks_to_xhtml(element.blocks)}</aside>"
        )
    if isinstance(element, ResourceLink):
        note = f" — {_x(element.note)}" if element.note else ""
        return f'<p class="resource"><a href="{_x(element.url)}">{_x(element.title)}</a>{note}</p>'
    return ""


def _chapter_xhtml(book: Book, chapter: Chapter) -> str:
    parts = [f'<section epub:type="chapter"><h1>{_x(chapter.heading)}</h1>']
    parts.extend(_element_xhtml(element) for element in chapter.elements)
    if not chapter.elements:
        parts.append(f'<p class="note">{_x(_("This chapter has no content yet."))}</p>')
    parts.append("</section>")
    return _xhtml(book, chapter.heading, "\n".join(parts))


def _title_xhtml(book: Book) -> str:
    parts = ['<section epub:type="titlepage">']
    if book.cover:
        parts.append(f'<div class="cover">{_img(book.cover, book.title)}</div>')
    parts.append(f"<h1>{_x(book.title)}</h1>")
    if book.subtitle:
        parts.append(f'<p class="subtitle">{_x(book.subtitle)}</p>')
    if book.description:
        parts.append(f"<p>{_x(book.description)}</p>")
    parts.append(f"<p>{_x(book.publisher)} · v{book.version}</p>")
    parts.append(
        f'<p><a href="{_x(book.page_url)}">{_x(printable_url(book.page_url))}</a></p></section>'
    )
    return _xhtml(book, book.title, "\n".join(parts))


def _nav_xhtml(book: Book) -> str:
    items = "\n".join(
        f'<li><a href="chapter-{c.number}.xhtml">{_x(c.heading)}</a></li>' for c in book.chapters
    )
    if not items:
        items = f'<li><a href="title.xhtml">{_x(book.title)}</a></li>'
    body = (
        f'<nav epub:type="toc" id="toc"><h1>{_x(_("Contents"))}</h1><ol>\n{items}\n</ol></nav>\n'
        '<nav epub:type="landmarks" hidden="hidden"><ol>'
        f'<li><a epub:type="titlepage" href="title.xhtml">{_x(book.title)}</a></li>'
        + (
            f'<li><a epub:type="bodymatter" href="chapter-1.xhtml">{_x(book.chapters[0].heading)}</a></li>'
            if book.chapters
            else ""
        )
        + "</ol></nav>"
    )
    return _xhtml(book, _("Contents"), body)


def _package_opf(book: Book) -> str:
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        '<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>',
    ]
    for chapter in book.chapters:
        manifest.append(
            f'<item id="chapter-{chapter.number}" href="chapter-{chapter.number}.xhtml" '
            'media-type="application/xhtml+xml"/>'
        )
    for image in book.images():
        is_cover = book.cover is image
        props = ' properties="cover-image"' if is_cover else ""
        item_id = "cover-image" if is_cover else image.name.replace(".", "-")
        manifest.append(
            f'<item id="{item_id}" href="images/{image.name}" media-type="{image.media_type}"{props}/>'
        )
    for video in book.videos():
        manifest.append(
            f'<item id="{video.name.replace(".", "-")}" href="video/{video.name}" '
            f'media-type="{video.media_type}"/>'
        )
    spine = ['<itemref idref="title"/>'] + [
        f'<itemref idref="chapter-{c.number}"/>' for c in book.chapters
    ]
    direction = ' page-progression-direction="rtl"' if book.direction == "rtl" else ""
    subtitle = (
        f'<dc:title id="book-subtitle">{_x(book.subtitle)}</dc:title>'
        '<meta refines="#book-subtitle" property="title-type">subtitle</meta>'
        if book.subtitle
        else ""
    )
    cover_meta = '<meta name="cover" content="cover-image"/>' if book.cover else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="book-id" xml:lang="{book.language}" dir="{book.direction}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="book-id">{_x(book.identifier)}</dc:identifier>\n'
        f'<dc:title id="book-title">{_x(book.title)}</dc:title>'
        '<meta refines="#book-title" property="title-type">main</meta>\n'
        f"{subtitle}\n"
        f"<dc:language>{book.language}</dc:language>\n"
        f"<dc:publisher>{_x(book.publisher)}</dc:publisher>\n"
        + (f"<dc:description>{_x(book.description)}</dc:description>\n" if book.description else "")
        + f'<meta property="dcterms:modified">{book.modified.strftime("%Y-%m-%dT%H:%M:%SZ")}</meta>\n'
        f"{cover_meta}\n</metadata>\n"
        "<manifest>\n" + "\n".join(manifest) + "\n</manifest>\n"
        f"<spine{direction}>\n" + "\n".join(spine) + "\n</spine>\n</package>\n"
    )


def write_epub(book: Book, destination: Path) -> Path:
    """Write ``book`` as an EPUB 3 file at ``destination`` and return the path."""
    with translation.override(book.language):
        files: list[tuple[str, str | bytes]] = [
            ("META-INF/container.xml", CONTAINER_XML),
            ("EPUB/style.css", STYLE_CSS),
            ("EPUB/nav.xhtml", _nav_xhtml(book)),
            ("EPUB/title.xhtml", _title_xhtml(book)),
        ]
        for chapter in book.chapters:
            files.append((f"EPUB/chapter-{chapter.number}.xhtml", _chapter_xhtml(book, chapter)))
        files.append(("EPUB/package.opf", _package_opf(book)))
    for image in book.images():
        files.append((f"EPUB/images/{image.name}", image.data))
    for video in book.videos():
        files.append((f"EPUB/video/{video.name}", video.data))
    with zipfile.ZipFile(destination, "w") as archive:
        # The mimetype entry comes first and is stored uncompressed (OCF requirement).
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        for name, data in files:
            compression = (
                zipfile.ZIP_STORED if name.startswith("EPUB/video/") else zipfile.ZIP_DEFLATED
            )
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return destination
