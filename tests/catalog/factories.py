"""Small real objects for catalogue tests: Wagtail documents and media assets."""

from __future__ import annotations

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from media_pipeline.models import MediaAsset

from .manifest_builder import TINY_PDF


def make_document(name: str, content: bytes = TINY_PDF) -> Document:
    document = Document(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def make_asset(kind: str) -> MediaAsset:
    asset = MediaAsset(title=f"{kind} asset", kind=kind, original_size=4)
    asset.original.save(f"clip.{'mp3' if kind == 'audio' else 'mp4'}", ContentFile(b"data"))
    return asset
