"""``manage.py maktaba_scheduler``: enqueue Maktaba's periodic work when it is due.

Run one (or, for redundancy, several: each run is claimed in the database) beside the workers.
``--once`` enqueues what is due and exits, for operators who prefer cron or a systemd timer.
"""

from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from library import periodic
from library.tasks import enqueue_due

logger = logging.getLogger("maktaba.periodic")


class Command(BaseCommand):
    help = "Enqueue periodic work (media sweep, e-book resumption, notification retries, purges)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due, then exit.")

    def handle(self, *args, once: bool = False, **options) -> None:
        self.stopping = False
        if once:
            self._tick()
            return
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.stdout.write(
            "Scheduler started: "
            + ", ".join(
                f"{entry.name} every {entry.interval} s"
                for entry in periodic.entries()
                if entry.enabled
            )
        )
        while not self.stopping:
            self._tick()
            try:
                pause = periodic.seconds_until_next()
            except Exception:  # the database is away: look again in a few seconds
                pause = 5.0
            deadline = time.monotonic() + max(1.0, pause)
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.5)
        self.stdout.write("Scheduler stopped.")

    def _tick(self) -> None:
        close_old_connections()  # survive a database restart between ticks
        try:
            names = enqueue_due()
        except Exception:  # the database is away: say so, try again on the next tick
            logger.exception("scheduler tick failed")
            return
        if names:
            self.stdout.write("Enqueued: " + ", ".join(names))

    def _stop(self, signum, frame) -> None:
        self.stopping = True
