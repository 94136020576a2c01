"""Copying checked files into storage as Wagtail documents and images or media assets.

``StoredFiles`` remembers every file it wrote, so an import that fails after copying some files
can remove them again: a rolled-back transaction must not leave orphan files behind.
"""

from __future__ import annotations

import logging

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from media_pipeline.models import MediaAsset

from .file_checks import CheckedFile

logger = logging.getLogger("maktaba.catalog.import")

IMPORTS_COLLECTION = "Imports"


def imports_collection() -> Collection:
    """The Wagtail collection imported documents and images go to (created on first use)."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=IMPORTS_COLLECTION).first()
    return collection or root.add_child(name=IMPORTS_COLLECTION)


def same_wagtail_file(stored: Model | None, checked: CheckedFile) -> bool:
    """A Wagtail document or image holding the same bytes (Wagtail keeps their SHA-1)."""
    return stored is not None and stored.get_file_hash() == checked.sha1


def same_media_asset(asset: MediaAsset | None, kind: str, checked: CheckedFile) -> bool:
    return asset is not None and asset.kind == kind and asset.checksum == checked.sha256


class StoredFiles:
    """Writes files into storage and can take them all back."""

    def __init__(self) -> None:
        self._written: list[tuple[Storage, str]] = []

    def _save(self, field_file, checked: CheckedFile) -> None:
        with checked.path.open("rb") as handle:
            field_file.save(checked.path.name, File(handle), save=False)
        self._written.append((field_file.storage, field_file.name))

    def document(self, title: str, checked: CheckedFile, collection: Collection) -> Model:
        document = get_document_model()(title=title, collection=collection)
        self._save(document.file, checked)
        document.file_size = checked.size
        document.file_hash = checked.sha1
        document.save()
        return document

    def image(self, title: str, checked: CheckedFile, collection: Collection) -> Model:
        image = get_image_model()(title=title, collection=collection)
        self._save(image.file, checked)
        image.file_size = checked.size
        image.file_hash = checked.sha1
        image.save()
        return image

    def media_asset(self, title: str, kind: str, checked: CheckedFile) -> MediaAsset:
        """A new asset, 'uploaded': the media pipeline probes and transcodes it."""
        asset = MediaAsset(
            title=title, kind=kind, original_size=checked.size, checksum=checked.sha256
        )
        self._save(asset.original, checked)
        asset.save()
        return asset

    def remove_all(self) -> None:
        for storage, name in self._written:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("Could not remove %s after a failed import", name)
        self._written.clear()
