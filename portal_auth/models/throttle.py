"""Brute-force counters kept in the database (``THROTTLE_STORE = "database"``).

One row per bucket and window; ``portal_auth/accounts/throttle_store.py`` adds to ``count`` with a single
``UPDATE ... SET count = count + 1`` inside a transaction, so concurrent processes never lose an
attempt. Rows past ``expires_at`` are deleted by ``purge_portal_records``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCounter(models.Model):
    key = models.CharField(_("bucket and window"), max_length=200, primary_key=True)
    count = models.PositiveIntegerField(_("attempts"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("throttling counter")
        verbose_name_plural = _("throttling counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
