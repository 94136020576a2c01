"""Retry the emails of notifications still pending (run from cron when tasks cannot be deferred)."""

from django.core.management.base import BaseCommand

from portal_auth.tasks import send_pending_notifications


class Command(BaseCommand):
    help = "Enqueue the email of every notification that is still waiting to be sent."

    def handle(self, *args, **options) -> None:
        count = send_pending_notifications()
        self.stdout.write(f"{count} notification(s) enqueued")
