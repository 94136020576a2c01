"""The one way the portal tells people something: an event, its audience, each one's channels.

Invariants:
- one ``Notification`` per (person, event): the key is unique per recipient and per guardian, so
  a retried task or a re-imported file never notifies twice, and an SMS is queued under the
  notification's own key (``library.sms.sending.queue`` is idempotent too);
- only people who may know: a pupil's own account, and guardians whose link the school keeps
  open (neither suspended nor ended). The in-app list shows a notification only to an account
  that sees the pupil (``account_may_see_pupil``); a guardian the school's file knows but who
  has no account gets text messages only;
- each text carries its own pupil's and school's data only (``texts.values``);
- a channel only if the person chose it (``preferences``); e-mail only with an address; SMS only
  with a number, if the pupil's school allows it, and within the guardian's daily cap
  (``SMS_DAILY_CAP`` a local day); night hours are the SMS queue's business (quiet hours);
- a number that cannot receive SMS is recorded (a ``refused`` message) for staff, never tried.

This module never enqueues: the portal's signals hand new notifications to ``tasks.py``.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation

from library.sms import sending

from ...conf import portal_setting
from ...models import (
    Channel,
    Guardian,
    GuardianLink,
    Notification,
    NotificationPreference,
    Pupil,
    School,
)
from ...schools.scoping import account_may_see_pupil
from . import preferences, texts

logger = logging.getLogger("maktaba.portal.notifications")

K = Notification.Kind


@dataclass(frozen=True)
class Recipient:
    user: object | None = None  # an account, or None for a guardian known only from the file
    guardian: Guardian | None = None


@dataclass
class Event:
    kind: str
    key: str  # the event's own key ("absence:12"); unique per recipient
    pupil: Pupil
    school: School | None
    data: dict = field(default_factory=dict)
    link: str = ""
    batch: str = ""
    links: dict = field(default_factory=dict)  # request_event=..., post=...
    # Only accounts that see the pupil (the desk's news: the account itself asked or wrote).
    accounts_only: bool = False
    # False for news too old for a text message (an absence of a file imported late).
    sms_allowed: bool = True


def family_of(pupil: Pupil) -> list[Recipient]:
    """The pupil's own account and every guardian whose link the school keeps open."""
    found = []
    if pupil.user_id and pupil.user.is_active:
        found.append(Recipient(user=pupil.user))
    links = GuardianLink.objects.filter(
        pupil=pupil, suspended_at__isnull=True, ended_at__isnull=True
    ).select_related("guardian__user")
    for link in links.order_by("pk"):
        user = link.guardian.user
        found.append(
            Recipient(
                user=user if user is not None and user.is_active else None, guardian=link.guardian
            )
        )
    return found


def guardians_only(pupil: Pupil) -> list[Recipient]:
    return [r for r in family_of(pupil) if r.guardian is not None]


def account(user) -> Recipient:
    """One account (a requester, a thread's author), with its guardian file if it has one."""
    return Recipient(user=user, guardian=Guardian.objects.filter(user=user).first())


def notify(event: Event, recipients: list[Recipient]) -> list[Notification]:
    """Notify each recipient of ``event`` on the channels they chose; returns the new rows."""
    created = []
    for recipient in recipients:
        notification = _notify_one(event, recipient)
        if notification is not None:
            created.append(notification)
    return created


def _address(recipient: Recipient) -> str:
    user_email = getattr(recipient.user, "email", "") if recipient.user else ""
    return user_email or (recipient.guardian.email if recipient.guardian else "")


def _notify_one(event: Event, recipient: Recipient) -> Notification | None:
    user = recipient.user
    preference = preferences.preference_of(user)
    channels = preferences.chosen(preference, event.kind)
    sees_pupil = user is not None and account_may_see_pupil(user, event.pupil.pk)
    if event.accounts_only and not sees_pupil:
        return None
    in_app = Channel.IN_APP in channels and sees_pupil
    email = Channel.EMAIL in channels and bool(_address(recipient))
    sms = Channel.SMS in channels and recipient.guardian is not None
    sms_note = "" if sms else Notification.SmsNote.NOT_CHOSEN
    if sms and not event.sms_allowed:
        sms, sms_note = False, Notification.SmsNote.PAST
    if not (in_app or email or sms):
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=user,
                    guardian=recipient.guardian,
                    key=event.key,
                    kind=event.kind,
                    pupil=event.pupil,
                    school=event.school,
                    data=event.data,
                    link=neutral_link(event.link),
                    batch=event.batch,
                    in_app=in_app,
                    email_status=(
                        Notification.EmailStatus.PENDING
                        if email
                        else Notification.EmailStatus.SKIPPED
                    ),
                    sms_note=sms_note,
                    **event.links,
                )
        except IntegrityError:
            return None  # already notified of this event
        if sms:
            language = preferences.language_for(preference, recipient.guardian)
            _queue_sms(notification, recipient.guardian, language)
    return notification


def _local_day_start(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _queue_sms(notification: Notification, guardian: Guardian, language: str) -> None:
    """Queue the notification's text message, or note why none goes out."""
    note = ""
    school = notification.school
    if school is not None and not school.sms_enabled:
        note = Notification.SmsNote.SCHOOL_OFF
    elif not guardian.phone.strip():
        note = Notification.SmsNote.NO_NUMBER
    else:
        # The guardian's row is locked while counting, so two events at once keep the cap.
        Guardian.objects.select_for_update().filter(pk=guardian.pk).first()
        today = (
            Notification.objects.filter(
                guardian=guardian,
                sms__isnull=False,
                created_at__gte=_local_day_start(timezone.now()),
            )
            .exclude(sms__status="refused")
            .count()
        )
        if today >= int(portal_setting("SMS_DAILY_CAP")):
            note = Notification.SmsNote.DAILY_CAP
    if note:
        notification.sms_note = note
        notification.save(update_fields=["sms_note"])
        return
    text = texts.sms_text(notification.kind, language, texts.values(notification, language))
    message, _created = sending.queue(
        f"notice:{notification.pk}",
        guardian.phone,
        text,
        category=notification.kind,
        batch=notification.batch,
    )
    notification.sms = message
    notification.save(update_fields=["sms"])


def neutral_link(path: str) -> str:
    """A page's address as stored: in the site's default language, whatever is active now."""
    if not path:
        return ""
    with translation.override(translation.get_language()):
        try:
            match = resolve(path)
        except Resolver404:
            return path
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


def localized_link(path: str, language: str) -> str:
    """A stored address (``neutral_link``) in ``language``."""
    if not path:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return path
    with translation.override(language):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


def recipient_language(notification: Notification) -> str:
    preference = preferences.preference_of(notification.recipient)
    return preferences.language_for(preference, notification.guardian)


def recipient_address(notification: Notification) -> str:
    return _address(Recipient(user=notification.recipient, guardian=notification.guardian))


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


def in_app_list(user, limit: int = 50):
    return (
        Notification.objects.filter(recipient=user, in_app=True)
        .select_related("request_event__request", "post__thread", "pupil", "school")
        .order_by("-created_at", "-pk")[:limit]
    )


def remember_language(user, language: str | None) -> None:
    """Keep the language a pupil writes in as their notifications' language, unless they chose
    one. Guardians have ``Guardian.preferred_language`` from their file, which is kept instead."""
    language = (language or "").split("-")[0]
    if not user.is_authenticated or Guardian.objects.filter(user=user).exists():
        return
    if language in dict(settings.LANGUAGES):
        NotificationPreference.objects.get_or_create(user=user, defaults={"language": language})
