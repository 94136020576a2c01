"""Register the media screens with the Wagtail admin."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin_views import MediaAssetViewSet, retry_urlpatterns
from .models import MediaAsset
from .permissions import permission_policy

register_permission_policy(MediaAsset, permission_policy)
register_snippet(MediaAssetViewSet)


@hooks.register("register_admin_urls")
def register_retry_url():
    return retry_urlpatterns
