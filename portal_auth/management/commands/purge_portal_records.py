"""``python manage.py purge_portal_records``: delete records past their retention (daily)."""

from django.core.management.base import BaseCommand

from portal_auth.privacy.retention import purge_expired_records


class Command(BaseCommand):
    help = (
        "Delete old security events, finished activation codes, stale session rows, old "
        "record-access rows, expired throttling counters and old import runs."
    )

    def handle(self, *args, **options) -> None:
        counts = purge_expired_records()
        self.stdout.write(
            f"Deleted {counts.security_events} security events, {counts.codes} codes, "
            f"{counts.sessions} session rows, {counts.record_accesses} record-access rows, "
            f"{counts.throttle_counters} throttling counters, {counts.import_runs} import runs."
        )
