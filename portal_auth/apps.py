from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AppConfig):
    name = "portal_auth"
    verbose_name = _("Pupil and guardian portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the session bookkeeping)
