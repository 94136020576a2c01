"""Record the session key of every sign-in so that staff can end an account's sessions; hand
the events that notify families to the queue."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .conf import portal_setting
from .models import (
    Absence,
    Assessment,
    Notification,
    SemesterPublication,
    SignedInSession,
    StaffRole,
)


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
        if instance.role == StaffRole.Role.REGIONAL_EDITOR:
            # The e-book and the site pages are Wagtail pages: the regional editor publishes them
            # through the editorial group of ``catalog.site_setup``.
            from django.contrib.auth.models import Group

            from catalog.site_setup import EDITORS

            instance.user.groups.add(Group.objects.get_or_create(name=EDITORS)[0])


# Notifications: the events that tell families something, and each new notification, reach the
# queue once the transaction that made them commits (``tasks.py`` is the only one to enqueue).


@receiver(post_save, sender=Notification, dispatch_uid="portal_auth.notification_dispatch")
def dispatch_notification(sender, instance: Notification, created: bool, **kwargs) -> None:
    if created:
        from . import tasks

        notification_id = instance.pk
        transaction.on_commit(lambda: tasks.dispatch(notification_id))


@receiver(post_save, sender=Absence, dispatch_uid="portal_auth.absence_notice")
def absence_recorded(sender, instance: Absence, **kwargs) -> None:
    if instance.justified or not portal_setting("ABSENCE_NOTICES"):
        return
    from . import tasks

    absence_id = instance.pk
    transaction.on_commit(lambda: tasks.enqueue_notice(tasks.notify_absence_task, absence_id))


@receiver(post_save, sender=Assessment, dispatch_uid="portal_auth.assessment_notice")
def assessment_saved(sender, instance: Assessment, **kwargs) -> None:
    from . import tasks

    assessment_id = instance.pk
    transaction.on_commit(lambda: tasks.enqueue_notice(tasks.notify_assessment_task, assessment_id))


@receiver(post_save, sender=SemesterPublication, dispatch_uid="portal_auth.marks_notice")
def marks_published(sender, instance: SemesterPublication, created: bool, **kwargs) -> None:
    if created:
        from . import tasks

        publication_id = instance.pk
        transaction.on_commit(
            lambda: tasks.enqueue_notice(tasks.notify_marks_published_task, publication_id)
        )
