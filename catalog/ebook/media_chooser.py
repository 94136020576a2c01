"""A chooser for media-library videos, so chapters can pick a ``MediaAsset``.

Kept in the catalogue (not ``media_pipeline``) because only the e-book needs it so far; it does
not register itself as the default widget for every ``MediaAsset`` foreign key.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from media_pipeline.models import MediaAsset


class MediaAssetChooserViewSet(ChooserViewSet):
    model = MediaAsset
    icon = "media"
    choose_one_text = _("Choose a video")
    choose_another_text = _("Choose another video")
    register_widget = False

    def get_object_list(self):
        return MediaAsset.objects.filter(kind=MediaAsset.Kind.VIDEO).order_by("-created_at")


media_asset_chooser_viewset = MediaAssetChooserViewSet("ebook_media_chooser")
