"""The counter stores: ``hit`` counts up atomically and returns its own count, ``give_back``
takes one back; a store that is unknown or not atomic across processes is refused by name."""

from datetime import timedelta

import pytest
import redis
from django.test import override_settings
from django.utils import timezone

from portal_auth.accounts import throttle_store
from portal_auth.models import ThrottleCounter
from portal_auth.privacy.retention import purge_expired_records

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/5"  # the throttling tests' Redis database
REDIS_CACHE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}


@pytest.fixture(params=["database", "cache"])
def store(request):
    if request.param == "database":
        yield throttle_store.DatabaseCounterStore()
        return
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    with override_settings(CACHES={"default": REDIS_CACHE}):
        yield throttle_store.CacheCounterStore()
    client.flushdb()


def test_hits_count_up_per_key_and_give_back_takes_one_back(store):
    assert [store.hit("a", ttl=60) for _ in range(3)] == [1, 2, 3]
    assert store.hit("b", ttl=60) == 1
    store.give_back("a")
    assert (store.count("a"), store.count("b"), store.count("never")) == (2, 1, 0)
    assert store.hit("a", ttl=60) == 3


def test_giving_back_what_was_never_counted_stays_at_zero(store):
    store.give_back("never")
    assert store.count("never") == 0
    assert store.hit("never", ttl=60) == 1


def test_a_database_counter_expires_after_its_ttl():
    store = throttle_store.DatabaseCounterStore()
    before = timezone.now()
    store.hit("k", ttl=1800)
    expires_at = ThrottleCounter.objects.get(key="k").expires_at
    assert (
        before + timedelta(seconds=1800) <= expires_at <= timezone.now() + timedelta(seconds=1800)
    )


def test_the_purge_deletes_expired_counters_only():
    now = timezone.now()
    ThrottleCounter.objects.create(key="old", count=4, expires_at=now - timedelta(seconds=1))
    ThrottleCounter.objects.create(key="live", count=2, expires_at=now + timedelta(seconds=60))
    counts = purge_expired_records(now)
    assert counts.throttle_counters >= 1
    assert not ThrottleCounter.objects.filter(key="old").exists()
    assert ThrottleCounter.objects.get(key="live").count == 2


def test_the_embedded_default_is_the_database():
    assert isinstance(throttle_store.counter_store(), throttle_store.DatabaseCounterStore)


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.redis.RedisCache", "library.cache.TolerantRedisCache"]
)
def test_the_cache_store_is_chosen_by_name_on_redis(backend):
    caches = {"default": {**REDIS_CACHE, "BACKEND": backend}}
    with override_settings(CACHES=caches, MAKTABA_PORTAL={"THROTTLE_STORE": "cache"}):
        assert isinstance(throttle_store.counter_store(), throttle_store.CacheCounterStore)


def test_an_unreachable_redis_fails_the_attempt_instead_of_letting_it_through_uncounted():
    unreachable = {
        "BACKEND": "library.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
    with override_settings(CACHES={"default": unreachable}):
        store = throttle_store.CacheCounterStore()
        with pytest.raises(throttle_store.StoreUnavailable, match="cannot be reached"):
            store.hit("k", ttl=60)
        store.give_back("k")  # nothing to give back to: no error on top of the first


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.filebased.FileBasedCache",
        "django.core.cache.backends.db.DatabaseCache",
    ],
)
def test_a_cache_that_is_not_atomic_across_processes_is_refused_by_name(backend, tmp_path):
    caches = {"default": {"BACKEND": backend, "LOCATION": str(tmp_path / "c")}}
    with override_settings(CACHES=caches, MAKTABA_PORTAL={"THROTTLE_STORE": "cache"}):
        with pytest.raises(throttle_store.StoreNotAtomic) as refused:
            throttle_store.counter_store()
    message = str(refused.value)
    assert 'MAKTABA_PORTAL["THROTTLE_STORE"]' in message and backend in message
    assert "REDIS_URL" in message


@override_settings(MAKTABA_PORTAL={"THROTTLE_STORE": "memcache"})
def test_an_unknown_store_is_refused_by_name():
    with pytest.raises(throttle_store.UnknownStore, match=r"'memcache' is not known"):
        throttle_store.counter_store()


def test_a_single_hit_given_back_leaves_nothing(store):
    assert store.hit("once", ttl=60) == 1
    store.give_back("once")
    assert store.count("once") == 0
    assert store.hit("once", ttl=60) == 1


def test_a_database_counter_given_back_once_too_often_stays_at_zero():
    store = throttle_store.DatabaseCounterStore()
    store.hit("once", ttl=60)
    store.give_back("once")
    store.give_back("once")  # nothing below zero (the column is unsigned), no error
    assert store.count("once") == 0
    assert store.hit("once", ttl=60) == 1


def test_a_cache_that_keeps_dropping_the_counter_gives_up_after_three_tries():
    client = redis.Redis.from_url(REDIS_URL)
    with override_settings(CACHES={"default": REDIS_CACHE}):
        store = throttle_store.CacheCounterStore()
        # Kept for 0 seconds: the counter is gone again before every increment.
        with pytest.raises(throttle_store.CounterLost, match=r"dropped .* 3 times"):
            store.hit("dropped", ttl=0)
    assert not client.exists(":1:dropped")
