"""The desk's news for the people who asked or wrote, through the notification service.

``notify_*`` create one ``Notification`` per (recipient, event), on the channels the recipient
chose (``notifying/preferences.py``); the portal's signals hand each new one to the mail and SMS
queues once the transaction commits.
"""

from __future__ import annotations

from ..models import Notification, RequestEvent, ThreadPost
from .notifying import events, service


def notify_request_event(event: RequestEvent) -> Notification | None:
    """The requester learns of a status change made by the school."""
    return events.request_event(event)


def notify_reply(post: ThreadPost) -> Notification | None:
    """The author of a thread learns that the school replied."""
    return events.reply(post)


remember_language = service.remember_language
unread_count = service.unread_count
