"""Whether a media asset is shown by a published, public e-book (for the media access policy).

The media pipeline asks the catalogue whether a visitor may fetch an asset's files
(``MAKTABA_MEDIA["ACCESS_POLICY"]``); a video that appears only in an e-book chapter must be
playable there too. Wagtail's reference index already records which pages' StreamFields point
at which asset, so no scan of chapter JSON is needed.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from .models import EBookPage


def _ebooks_using(obj):
    references = ReferenceIndex.get_references_to(obj).filter(
        content_type=ContentType.objects.get_for_model(EBookPage)
    )
    page_ids = {int(object_id) for object_id in references.values_list("object_id", flat=True)}
    return (
        EBookPage.objects.live().filter(pk__in=page_ids) if page_ids else EBookPage.objects.none()
    )


def asset_used_by_public_ebook(asset) -> bool:
    """True when a live e-book page without view restrictions uses ``asset`` in its chapters."""
    return _ebooks_using(asset).public().exists()


def asset_used_by_live_ebook(asset) -> bool:
    """True when a live e-book page, restricted or not, uses ``asset`` in its chapters."""
    return _ebooks_using(asset).exists()
