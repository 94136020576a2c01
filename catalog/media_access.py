"""The catalogue's answer to "may this visitor fetch this media file?" (MAKTABA_MEDIA ACCESS_POLICY).

Yes when at least one live, public resource page uses the asset, or a live, public e-book shows
it in a chapter: originals and renditions of drafts, unpublished or privately restricted pages are
not reachable by URL.
"""

from __future__ import annotations

from django.http import HttpRequest

from media_pipeline.models import MediaAsset

from .ebook.media_access import asset_used_by_live_ebook, asset_used_by_public_ebook
from .models import ResourcePage


def asset_is_public(request: HttpRequest, asset: MediaAsset) -> bool:
    if ResourcePage.objects.live().public().filter(media_asset=asset).exists():
        return True
    return asset_used_by_public_ebook(asset)


def asset_in_live_use(asset: MediaAsset) -> bool:
    """Whether a live resource page (public or not) or a live e-book shows ``asset``."""
    if ResourcePage.objects.live().filter(media_asset=asset).exists():
        return True
    return asset_used_by_live_ebook(asset)
