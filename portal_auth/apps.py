from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AppConfig):
    name = "portal_auth"
    verbose_name = _("Pupil and guardian portal")
    default_auto_field = "django.db.models.BigAutoField"
