"""Record the session key of every sign-in so that staff can end an account's sessions."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import SignedInSession, StaffRole


@receiver(user_logged_in, dispatch_uid="portal_auth.remember_session")
def remember_session(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    SignedInSession.objects.get_or_create(
        session_key=request.session.session_key, defaults={"user": user}
    )


@receiver(user_logged_out, dispatch_uid="portal_auth.forget_session")
def forget_session(sender, request, user, **kwargs) -> None:
    if request is not None and getattr(request, "session", None) is not None:
        key = request.session.session_key
        if key:
            SignedInSession.objects.filter(session_key=key).delete()


@receiver(post_save, sender=StaffRole, dispatch_uid="portal_auth.staff_admin_access")
def staff_enter_the_admin(sender, instance: StaffRole, created: bool, **kwargs) -> None:
    """A staff role lets its user into the Wagtail admin, where the portal's screens live."""
    if created:
        from .schools.permissions import grant_admin_access

        grant_admin_access(instance.user)
