"""Redis as a cache that may go away: while it is down, pages render from the database.

A cache is an optimisation, so a failed read is a miss and a failed write is skipped; each
failure is logged (at most once a minute per process, so a Redis outage does not flood the log).
Counting (``incr``/``decr``) is not an optimisation (a counter that silently stays put would be
wrong), so those raise :class:`CacheUnreachable`, and each caller decides what an unreachable
store means for it.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("maktaba.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_QUIET_SECONDS = 60.0


class CacheUnreachable(Exception):
    """The cache server could not be reached for an operation that cannot just be skipped."""


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, degraded to "no cache" while Redis cannot be reached."""

    _last_report = 0.0

    def _unreachable(self, operation: str, error: BaseException) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_report >= _QUIET_SECONDS:
            TolerantRedisCache._last_report = now
            logger.error("cache unreachable (%s): %s; serving without cache", operation, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            self._unreachable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            self._unreachable("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            self._unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            self._unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            self._unreachable("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("incr", error)
            raise CacheUnreachable(str(error)) from error

    def decr(self, key, delta=1, version=None):
        try:
            return super().decr(key, delta, version)
        except UNREACHABLE as error:
            self._unreachable("decr", error)
            raise CacheUnreachable(str(error)) from error

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            self._unreachable("clear", error)
            return False
