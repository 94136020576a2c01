from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AppConfig):
    name = "portal_auth"
    verbose_name = _("Pupil and guardian portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib import admin

        from . import (
            absence_mail,  # noqa: F401  (guardian email on an unjustified absence)
            records_admin,  # noqa: F401  (marks, timetable and absence admin screens)
            signals,  # noqa: F401  (connects the session bookkeeping)
        )
        from .password_forms import ThrottledAdminAuthenticationForm
        from .requests_admin import hooks  # noqa: F401  (the request desk in the admin)
        from .throttle_store import counter_store

        admin.site.login_form = ThrottledAdminAuthenticationForm
        counter_store()  # an unknown or non-atomic throttling store stops every process here
