"""What saving a resource for offline use stores: its page, the chosen file, its documents.

The chosen rendition is the data saver (``listen``: the sound only), the one the page plays
first to a visitor without cookies, so the saved copy plays with no connection. A resource's
*version* is a hash of everything its saved copy shows; it changes when the page is published
again or a file changes, so a pupil's phone re-saves only then.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from media_pipeline.models import Rendition

from ..models import ResourcePage
from ..models.pages import ResourceKind

AUDIO_PREFERENCE = ("audio_opus", "audio_aac")


@dataclass(frozen=True)
class SavedFile:
    url: str
    size: int
    content_type: str
    fingerprint: str  # what identifies these bytes (SHA-256 of a rendition, a document's hash)


def offline_resources():
    """Resource pages that may be saved: live and public (a private page is never stored)."""
    return ResourcePage.objects.live().public()


def chosen_video(renditions: list[Rendition]) -> Rendition | None:
    videos = [r for r in renditions if r.type == Rendition.Type.VIDEO]
    saver = [r for r in videos if r.profile == "datasaver"]
    return (saver or sorted(videos, key=lambda r: r.size) or [None])[0]


def chosen_audio(renditions: list[Rendition], prefer: str = "") -> Rendition | None:
    audios = [r for r in renditions if r.type == Rendition.Type.AUDIO]
    order = (prefer, *AUDIO_PREFERENCE) if prefer else AUDIO_PREFERENCE
    for profile in order:
        for rendition in audios:
            if rendition.profile == profile:
                return rendition
    return min(audios, key=lambda r: r.size, default=None)


def saved_files(page: ResourcePage, *, listen: bool = False, audio: str = "") -> list[SavedFile]:
    """The files a saved copy of ``page`` needs, smallest choice first; none while processing."""
    files: list[SavedFile] = []
    if page.kind == ResourceKind.DOCUMENT and page.document_id:
        document = page.document
        files.append(
            SavedFile(
                url=document.url,
                size=document.get_file_size() or 0,
                content_type=document.content_type,
                fingerprint=document.file_hash or f"{document.pk}-{document.file.name}",
            )
        )
    elif page.media_asset_id and page.media_asset.is_ready:
        renditions = list(page.media_asset.renditions.all())
        is_video = page.kind == ResourceKind.VIDEO and not listen
        rendition = chosen_video(renditions) if is_video else None
        if rendition is None:
            rendition = chosen_audio(renditions, audio)
        if rendition is not None:
            files.append(
                SavedFile(
                    url=rendition.url,
                    size=rendition.size,
                    content_type=rendition.mime_type,
                    fingerprint=rendition.checksum,
                )
            )
    return files


def version_of(page: ResourcePage) -> str:
    """Changes whenever what a saved copy of the page shows may change (any variant)."""
    parts = [
        str(page.pk),
        str(page.live_revision_id or ""),
        page.last_published_at.isoformat() if page.last_published_at else "",
    ]
    if page.document_id:
        parts.append(page.document.file_hash or page.document.file.name)
    if page.media_asset_id:
        parts += sorted(page.media_asset.renditions.values_list("checksum", flat=True))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
