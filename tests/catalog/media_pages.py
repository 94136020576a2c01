"""Resource pages that use a media asset, for media access and playback tests."""

from __future__ import annotations

from catalog.models import Level, ResourcePage, Subject


def publish_media_resource(library, asset, *, title: str = "Lesson", live: bool = True):
    """A published (or draft) audio/video resource page under the library using ``asset``."""
    page = ResourcePage(
        title=title,
        summary="A recorded lesson.",
        kind=asset.kind,
        language="fr",
        subject=Subject.objects.get(slug="physique-chimie"),
        media_asset=asset,
        live=live,
    )
    page.levels = [Level.objects.get(code="1BAC")]
    library.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page
