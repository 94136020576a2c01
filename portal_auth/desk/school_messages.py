"""Messages to the school: starting a thread, replying, the daily limit and read state.

Bodies are kept as the plain text people typed; templates escape them (autoescape), and no
view marks them safe. The daily limit counts, per pupil, the messages written by the pupil and
their guardians since local midnight (``MESSAGES_PER_DAY``).

Each form carries a one-time ``submission_key``; a post remembers the key it was sent with
(unique per author), so a form submitted twice — a double click, a resent request — gives back
the thread or reply the first submission wrote, with no second message and no second
notification.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conf import portal_setting
from ..models import Guardian, MessageThread, Pupil, ThreadPost
from ..schools.permissions import HANDLE
from ..schools.scoping import account_may_see_pupil
from . import notifications
from .attachments import validate_attachment
from .document_requests import RequestError
from .permissions import message_thread_policy


def threads_for_staff(user):
    return message_thread_policy.instances_user_has_permission_for(user, HANDLE)


def unread_by_staff(threads):
    """The threads among ``threads`` with a message the school has not read yet (one query)."""
    newer = ThreadPost.objects.filter(
        thread=OuterRef("pk"), from_staff=False, created_at__gt=OuterRef("staff_read_at")
    )
    return threads.filter(Q(staff_read_at__isnull=True) | Exists(newer))


def threads_for_account(user):
    """Threads this account started (a guardian's own words stay theirs, not the family's)."""
    if not user.is_authenticated or not user.is_active:
        return MessageThread.objects.none()
    return MessageThread.objects.filter(author=user)


def messages_left_today(pupil: Pupil) -> int:
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    sent = ThreadPost.objects.filter(
        thread__pupil=pupil, from_staff=False, created_at__gte=midnight
    ).count()
    return max(portal_setting("MESSAGES_PER_DAY") - sent, 0)


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise RequestError(_("Write your message."))
    limit = portal_setting("MESSAGE_MAX_CHARS")
    if len(body) > limit:
        raise RequestError(
            _("Your message is too long (at most %(limit)d characters).") % {"limit": limit}
        )
    return body


def _check_attachment(attachment: UploadedFile | None) -> None:
    if attachment is not None:
        try:
            validate_attachment(attachment)
        except ValidationError as error:
            raise RequestError(error.messages[0]) from None


def _already_sent(user, submission_key: uuid.UUID | None) -> ThreadPost | None:
    if submission_key is None:
        return None
    return (
        ThreadPost.objects.filter(author=user, submission_key=submission_key)
        .select_related("thread")
        .first()
    )


def _post(
    thread: MessageThread,
    user,
    body: str,
    attachment: UploadedFile | None,
    staff: bool,
    submission_key: uuid.UUID | None,
) -> ThreadPost:
    post = ThreadPost(
        thread=thread, author=user, from_staff=staff, body=body, submission_key=submission_key
    )
    if attachment is not None:
        post.attachment_type = validate_attachment(attachment)
        post.attachment_size = attachment.size
        post.attachment.save("upload", attachment, save=False)
    try:
        post.save()
    except IntegrityError:
        if post.attachment:
            post.attachment.delete(save=False)
        raise
    return post


def start_thread(
    user,
    pupil: Pupil,
    category: str,
    subject: str,
    body: str,
    attachment: UploadedFile | None = None,
    submission_key: uuid.UUID | None = None,
) -> MessageThread:
    """A new thread with its first message; checks the child, the limit and the input.

    The same ``submission_key`` from the same account gives back the thread it started.
    """
    if not account_may_see_pupil(user, pupil.pk):
        raise RequestError(_("You can only write about your own children."))
    if category not in MessageThread.Category.values:
        raise RequestError(_("Choose a category."))
    subject = subject.strip()
    if not subject or len(subject) > 120:
        raise RequestError(_("Give a short subject (at most 120 characters)."))
    body = _check_body(body)
    school = pupil.current_school
    if school is None:
        raise RequestError(_("This pupil is not enrolled in a school this year."))
    _check_attachment(attachment)
    try:
        with transaction.atomic():
            # Lock the pupil row so two messages at once cannot both pass the daily limit.
            Pupil.objects.select_for_update().get(pk=pupil.pk)
            sent = _already_sent(user, submission_key)
            if sent is not None:
                return sent.thread
            if messages_left_today(pupil) <= 0:
                raise RequestError(
                    _("You have reached today's limit of messages. Please write again tomorrow.")
                )
            now = timezone.now()
            thread = MessageThread.objects.create(
                author=user,
                pupil=pupil,
                school=school,
                category=category,
                subject=subject,
                last_post_at=now,
                author_read_at=now,
            )
            _post(thread, user, body, attachment, False, submission_key)
    except IntegrityError:
        sent = _already_sent(user, submission_key)
        if sent is None:
            raise
        return sent.thread
    return thread


def reply(
    thread: MessageThread,
    user,
    body: str,
    attachment: UploadedFile | None = None,
    submission_key: uuid.UUID | None = None,
) -> ThreadPost:
    """A reply by the thread's author or by the school's staff (who notify the author).

    The same ``submission_key`` from the same account gives back the reply it wrote.
    """
    staff = message_thread_policy.user_has_permission_for_instance(user, HANDLE, thread)
    if not staff and thread.author_id != user.pk:
        raise RequestError(_("You may not write in this conversation."))
    body = _check_body(body)
    _check_attachment(attachment)
    try:
        with transaction.atomic():
            if not staff:
                Pupil.objects.select_for_update().get(pk=thread.pupil_id)
            sent = _already_sent(user, submission_key)
            if sent is not None:
                return sent
            if not staff and messages_left_today(thread.pupil) <= 0:
                raise RequestError(
                    _("You have reached today's limit of messages. Please write again tomorrow.")
                )
            post = _post(thread, user, body, attachment, staff, submission_key)
            thread.last_post_at = post.created_at
            if staff:
                thread.staff_read_at = post.created_at
            else:
                thread.author_read_at = post.created_at
            thread.save(update_fields=["last_post_at", "staff_read_at", "author_read_at"])
            if staff:
                notifications.notify_reply(post)
    except IntegrityError:
        sent = _already_sent(user, submission_key)
        if sent is None:
            raise
        return sent
    return post


def mark_read(thread: MessageThread, *, staff: bool) -> None:
    field = "staff_read_at" if staff else "author_read_at"
    MessageThread.objects.filter(pk=thread.pk).update(**{field: timezone.now()})


def posts_with_authors(thread: MessageThread) -> list[ThreadPost]:
    """The thread's posts, each family post saying who wrote it (``post.author_role``: the pupil
    or a guardian; ``post.author_name``), so that staff never have to guess from "sender"."""
    posts = list(thread.posts.select_related("author"))
    author_ids = {p.author_id for p in posts if not p.from_staff and p.author_id}
    pupils = {p.user_id: p for p in Pupil.objects.filter(user_id__in=author_ids)}
    guardians = {g.user_id: g for g in Guardian.objects.filter(user_id__in=author_ids)}
    for post in posts:
        post.author_role, post.author_name = "", ""
        if post.from_staff or post.author_id is None:
            continue
        if post.author_id in pupils:
            post.author_role, post.author_name = _("Pupil"), pupils[post.author_id].full_name
        elif post.author_id in guardians:
            post.author_role, post.author_name = _("Guardian"), guardians[post.author_id].full_name
    return posts
