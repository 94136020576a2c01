"""Factories for the catalogue: small real objects, never mocks."""

from __future__ import annotations

import itertools

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject, Track

_counter = itertools.count(1)

# A minimal but valid one-page PDF.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def make_document(
    name: str = "lesson.pdf", content: bytes = TINY_PDF, *, title: str | None = None
) -> Document:
    """A Wagtail document stored as ``name`` (its extension counts), titled ``title`` or ``name``."""
    doc = Document(title=title or name)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc


def make_resource(
    library: LibraryIndexPage,
    *,
    title: str | None = None,
    subject: str = "physique-chimie",
    levels: tuple[str, ...] = ("1BAC",),
    tracks: tuple[str, ...] = (),
    kind: str = "document",
    language: str = "fr",
    summary: str = "Un cours clair.",
    publish: bool = True,
    document: Document | None = None,
    tags: tuple[str, ...] = (),
    **fields,
) -> ResourcePage:
    n = next(_counter)
    title = title or f"Ressource {n}"
    page = ResourcePage(
        title=title,
        slug=f"resource-{n}",
        summary=summary,
        kind=kind,
        language=language,
        subject=Subject.objects.get(slug=subject),
        **fields,
    )
    if kind == "document" and "document" not in fields:
        page.document = document or make_document(title=title)
    page.levels = list(Level.objects.filter(code__in=levels))
    page.tracks = list(Track.objects.filter(slug__in=tracks))
    if tags:
        page.tags.add(*tags)
    page.live = False
    library.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
