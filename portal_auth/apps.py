from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AppConfig):
    name = "portal_auth"
    verbose_name = _("Pupil and guardian portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from .accounts import permissions as account_permissions
        from .desk import permissions as desk_permissions
        from .records import permissions as record_permissions
        from .schools import permissions as school_permissions

        # One policy per staff-facing model, registered before any screen or viewset asks.
        for rooms in (
            school_permissions,
            account_permissions,
            desk_permissions,
            record_permissions,
        ):
            for model, policy in rooms.POLICIES.items():
                register_permission_policy(model, policy, exact_class=True)

        from . import signals  # noqa: F401  (sessions, and events that notify families)
        from .accounts.throttle_store import counter_store
        from .desk.staff import hooks as desk_hooks  # noqa: F401  (the request desk in the admin)
        from .records.staff import hooks as records_hooks  # noqa: F401  (records' staff screens)

        counter_store()  # an unknown or non-atomic throttling store stops every process here
