"""Who may change a media asset in the admin: its uploader, or whoever may change any asset.

Teachers hold ``add_mediaasset`` and edit only the assets they uploaded; moderators and editors
hold ``change_mediaasset`` and edit any. Views, the retry button and the file access check ask
this policy, never the raw permission.
"""

from __future__ import annotations

from wagtail.permission_policies.base import OwnershipPermissionPolicy

from .models import MediaAsset

permission_policy = OwnershipPermissionPolicy(MediaAsset, owner_field_name="uploaded_by")


def user_may_change(user, asset: MediaAsset) -> bool:
    return permission_policy.user_has_permission_for_instance(user, "change", asset)
