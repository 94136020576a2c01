"""Who may fetch an asset's files.

Renditions: the media pipeline knows nothing of pages or pupils, so the decision is delegated:
the ``MAKTABA_MEDIA["ACCESS_POLICY"]`` setting names a callable ``(request, asset) -> bool`` (the
catalogue's says yes when a live, public resource page uses the asset). People who may edit
media in the admin can always fetch it, to check a conversion before publishing. With no
policy configured, nobody else can.

Originals: only people who may change the asset (its uploader, moderators and editors), whatever
the policy says. An upload keeps what the phone wrote into it (GPS position, device model);
renditions are made without any of it and are all a pupil needs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from django.http import HttpRequest
from django.utils.module_loading import import_string

from .media_settings import media_setting
from .models import MediaAsset
from .permissions import user_may_change

logger = logging.getLogger("maktaba.media")

AccessPolicy = Callable[[HttpRequest, MediaAsset], bool]


@lru_cache(maxsize=8)
def _load_policy(dotted_path: str) -> AccessPolicy | None:
    if not dotted_path:
        return None
    return import_string(dotted_path)


def can_access(request: HttpRequest, asset: MediaAsset) -> bool:
    """Whether ``request`` may fetch the asset's renditions (and its poster)."""
    if can_fetch_original(request, asset):
        return True
    policy = _load_policy(media_setting("ACCESS_POLICY") or "")
    if policy is None:
        return False
    return bool(policy(request, asset))


def can_fetch_original(request: HttpRequest, asset: MediaAsset) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user_may_change(user, asset))


def in_live_use(asset: MediaAsset) -> bool:
    """Whether a published page shows ``asset`` (``MAKTABA_MEDIA["LIVE_USE_POLICY"]``).

    Such an asset's file never changes in place: a new recording is a new asset, attached to a
    new revision of the page, which goes through the page's moderation.
    """
    policy = _load_policy(media_setting("LIVE_USE_POLICY") or "")
    return bool(policy and policy(asset))
