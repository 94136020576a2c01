"""Media file URLs. Include outside ``i18n_patterns`` (file URLs have no language)."""

from django.urls import path, register_converter

from . import serving


class Sha256Converter:
    regex = "[0-9a-f]{64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(Sha256Converter, "sha256")

app_name = "media_pipeline"

urlpatterns = [
    path(
        "<int:asset_id>/<sha256:checksum>.<slug:extension>",
        serving.RenditionFileView.as_view(),
        name="rendition",
    ),
    path(
        "<int:asset_id>/hls/<sha256:checksum>/<str:name>",
        serving.HlsFileView.as_view(),
        name="hls",
    ),
    path("<int:asset_id>/original", serving.OriginalFileView.as_view(), name="original"),
    path("data-saver/", serving.DataSaverPreferenceView.as_view(), name="data_saver"),
]
