from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AppConfig):
    name = "portal_auth"
    verbose_name = _("Pupil and guardian portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib import admin

        from . import signals  # noqa: F401  (sessions, and events that notify families)
        from .accounts.password_forms import ThrottledAdminAuthenticationForm
        from .accounts.throttle_store import counter_store
        from .desk.staff import hooks as desk_hooks  # noqa: F401  (the request desk in the admin)
        from .records.staff import hooks as records_hooks  # noqa: F401  (records' staff screens)

        admin.site.login_form = ThrottledAdminAuthenticationForm
        counter_store()  # an unknown or non-atomic throttling store stops every process here
