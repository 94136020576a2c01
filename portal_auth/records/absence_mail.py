"""Email a pupil's guardians when an unjustified absence is recorded, through the ``mail`` queue.

Sent at most once per absence and guardian: an ``AbsenceNotification`` row is taken under a row
lock before sending and marked sent after, so running the task twice (a retry, a re-import that
saves the absence again) never sends twice. Guardians the school linked to the pupil (links it has
not suspended) and who have an email address are told, in their preferred language. Turned off with
``MAKTABA_PORTAL["ABSENCE_EMAILS"] = False``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from ..conf import portal_setting
from ..models import Absence, AbsenceNotification, GuardianLink

logger = logging.getLogger("maktaba.portal.absences")


@task(queue_name="mail")
def notify_guardians_of_absence(absence_id: int) -> int:
    """Send the pending emails for one absence; returns how many were sent now."""
    absence = (
        Absence.objects.select_related("pupil", "school_class__school")
        .filter(pk=absence_id)
        .first()
    )
    if absence is None or absence.justified:
        return 0
    links = GuardianLink.objects.filter(
        pupil=absence.pupil, suspended_at__isnull=True, ended_at__isnull=True
    ).exclude(guardian__email="")
    sent = 0
    for link in links.select_related("guardian"):
        guardian = link.guardian
        with transaction.atomic():
            notification, _created = AbsenceNotification.objects.select_for_update().get_or_create(
                absence=absence, guardian=guardian, defaults={"email": guardian.email}
            )
            if notification.sent_at is not None:
                continue
            with translation.override(guardian.preferred_language or settings.LANGUAGE_CODE):
                context = {"absence": absence, "pupil": absence.pupil, "guardian": guardian}
                subject = render_to_string("portal_auth/email/absence_subject.txt", context)
                body = render_to_string("portal_auth/email/absence_body.txt", context)
            send_mail(" ".join(subject.split()), body, None, [notification.email])
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
            sent += 1
    logger.info("absence %s: %s guardian email(s) sent", absence_id, sent)
    return sent


@receiver(post_save, sender=Absence, dispatch_uid="portal_auth.records.absence_mail")
def queue_absence_mail(sender, instance: Absence, **kwargs) -> None:
    if instance.justified or not portal_setting("ABSENCE_EMAILS"):
        return
    absence_id = instance.pk
    transaction.on_commit(lambda: notify_guardians_of_absence.enqueue(absence_id))
