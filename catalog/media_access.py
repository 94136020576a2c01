"""The catalogue's answer to "may this visitor fetch this media file?" (MAKTABA_MEDIA ACCESS_POLICY).

Yes when at least one live, public resource page uses the asset: originals and renditions of
drafts, unpublished or privately restricted resources are not reachable by URL.
"""

from __future__ import annotations

from django.http import HttpRequest

from media_pipeline.models import MediaAsset

from .models import ResourcePage


def asset_is_public(request: HttpRequest, asset: MediaAsset) -> bool:
    return ResourcePage.objects.live().public().filter(media_asset=asset).exists()
