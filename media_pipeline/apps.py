from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import pre_save
        from wagtail.images import get_image_model

        from . import signals  # noqa: F401  (connects the upload hook)
        from .image_metadata import strip_new_image_metadata

        pre_save.connect(
            strip_new_image_metadata,
            sender=get_image_model(),
            dispatch_uid="media_pipeline.strip_new_image_metadata",
        )
