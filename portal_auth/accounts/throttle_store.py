"""Where brute-force counters live, and the one promise every store keeps: ``hit`` adds one and
returns the new count in a single atomic step, whatever the number of processes.

The guard (``throttling.AttemptGuard``) decides from the count ``hit`` returns, never from a
count read earlier, so two processes racing can never both see "one attempt left". A store that
cannot keep that promise across processes (the file cache, a process's local memory) is refused
by name before it counts anything.

``MAKTABA_PORTAL["THROTTLE_STORE"]`` chooses:

- ``"database"`` (the default): one ``ThrottleCounter`` row per bucket and window, incremented
  with ``UPDATE ... SET count = count + 1`` in a transaction; the database serialises the
  writers (a row lock on PostgreSQL, the write lock on SQLite), so the embedded set-up (SQLite,
  a web server and a worker) needs nothing else;
- ``"cache"``: the ``default`` cache, which must increment atomically: Redis (``INCR``), also
  through ``library.cache.TolerantRedisCache``. While Redis cannot be reached, attempts are
  refused with ``StoreUnavailable`` rather than let through uncounted (the database store has
  no such dependency: sign-in needs the database anyway).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from library.cache import UNREACHABLE, CacheUnreachable

from ..conf import portal_setting
from ..models import ThrottleCounter

STORE_SETTING = 'MAKTABA_PORTAL["THROTTLE_STORE"]'
CACHE_ALIAS = "default"
# Cache backends (and their subclasses) whose ``add`` + ``incr`` are atomic on the server.
ATOMIC_CACHE_BACKENDS = (RedisCache,)
_ATTEMPTS = 3  # a cache key evicted between ``add`` and ``incr`` is added again, this often


class ThrottleStoreError(Exception):
    """The counters cannot be kept as promised."""


class UnknownStore(ThrottleStoreError, ImproperlyConfigured):
    """``THROTTLE_STORE`` names no store."""


class StoreNotAtomic(ThrottleStoreError, ImproperlyConfigured):
    """The store chosen would lose or double-grant attempts when processes race."""


class CounterLost(ThrottleStoreError):
    """The cache keeps dropping a counter while it is being incremented."""


class StoreUnavailable(ThrottleStoreError):
    """The store cannot be reached: the attempt cannot be counted, so it is not checked."""


class CounterStore(Protocol):
    def hit(self, key: str, ttl: int) -> int:
        """Add one to ``key`` (created at 0, kept ``ttl`` seconds) and return the new count."""

    def give_back(self, key: str) -> None:
        """Take back one earlier ``hit`` on ``key``."""

    def count(self, key: str) -> int:
        """The current count of ``key`` (0 if it has none); only for display and tests."""


class CacheCounterStore:
    """Counters in a cache that increments atomically (Redis ``INCR``)."""

    def __init__(self, alias: str = CACHE_ALIAS) -> None:
        backend = settings.CACHES[alias]["BACKEND"]
        if not issubclass(import_string(backend), ATOMIC_CACHE_BACKENDS):
            raise StoreNotAtomic(
                f'{STORE_SETTING} = "cache" needs a cache that increments atomically across '
                f"processes (Redis: set REDIS_URL in production); CACHES[{alias!r}] is {backend}, "
                'which loses attempts under concurrency. Use "database" instead.'
            )
        self.cache = caches[alias]

    def hit(self, key: str, ttl: int) -> int:
        try:
            for _attempt in range(_ATTEMPTS):
                self.cache.add(key, 0, timeout=ttl)
                try:
                    return self.cache.incr(key)
                except ValueError:  # expired or evicted between add and incr
                    continue
        except (CacheUnreachable, *UNREACHABLE) as error:
            raise StoreUnavailable(f"The throttling counters cannot be reached: {error}") from error
        raise CounterLost(f"The cache dropped the throttling counter {key} {_ATTEMPTS} times.")

    def give_back(self, key: str) -> None:
        try:
            self.cache.decr(key)
        except ValueError:  # already expired: nothing left to give back
            pass
        except (CacheUnreachable, *UNREACHABLE):  # not given back: counted, the safe side
            pass

    def count(self, key: str) -> int:
        return int(self.cache.get(key, 0))


class DatabaseCounterStore:
    """Counters in ``ThrottleCounter`` rows, one per bucket and window."""

    def hit(self, key: str, ttl: int) -> int:
        rows = ThrottleCounter.objects.filter(key=key)
        with transaction.atomic():
            # The UPDATE takes the row (or SQLite's write) lock until commit: the count read
            # back below is this attempt's own, whoever else is counting.
            if not rows.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        ThrottleCounter.objects.create(
                            key=key, count=1, expires_at=timezone.now() + timedelta(seconds=ttl)
                        )
                    return 1
                except IntegrityError:  # another process created it first
                    rows.update(count=F("count") + 1)
            return rows.values_list("count", flat=True).get()

    def give_back(self, key: str) -> None:
        ThrottleCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)

    def count(self, key: str) -> int:
        return ThrottleCounter.objects.filter(key=key).values_list("count", flat=True).first() or 0


STORES = {"database": DatabaseCounterStore, "cache": CacheCounterStore}


def counter_store() -> CounterStore:
    """The store ``THROTTLE_STORE`` names; refuses an unknown or non-atomic one."""
    name = portal_setting("THROTTLE_STORE")
    if name not in STORES:
        raise UnknownStore(
            f"{STORE_SETTING} = {name!r} is not known: use "
            + " or ".join(repr(known) for known in STORES)
            + "."
        )
    return STORES[name]()
