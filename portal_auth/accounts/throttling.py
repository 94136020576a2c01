"""Brute-force protection for login and activation that stays fair behind a school's NAT.

A whole school often reaches the site from one public IP address, so a plain per-IP lockout
would let one pupil lock every classmate out. Failures are therefore counted in several buckets
(in ``throttle_store``, fixed windows), and each bucket blocks only what it must:

- **source** (IP + this browser's device cookie): the attacker's own browser is stopped first
  (``SOURCE_FAILURES``), without touching anyone else at the same IP;
- **account** (the Massar code or CIN typed): ``ACCOUNT_FAILURES`` failures lock that identifier
  for browsers that never signed in to it; the owner's *trusted device* (a signed cookie set
  after a successful sign-in) still gets in — the device-cookie defence against lockout abuse;
- **IP**: ``IP_FAILURES`` failures (an attacker shedding cookies) lock the address for untrusted
  browsers; classmates on trusted devices are unaffected;
- **global** (activation only): a ceiling on failed activations site-wide, a circuit breaker
  against distributed guessing.

A locked bucket cools off when its window ends. Counters count failures only: a school lab
activating thirty accounts in an hour is never slowed down by its successes.

Concurrency: an attempt is counted *before* the credentials are checked, and allowed only if the
count the store returned for it is within every applicable limit (``throttle_store``: one atomic
increment, so forty simultaneous guesses get exactly ``limit`` checked, never more). The count is
given back when the attempt is refused (refusals never fill a bucket: an attacker stopped by
their source bucket cannot go on to lock the school's IP) or succeeds; it stays when it fails.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext_lazy as _

from ..conf import portal_setting
from .throttle_store import CounterStore, counter_store

DEVICE_COOKIE = "maktaba_device"
TRUSTED_COOKIE = "maktaba_trusted"
TRUSTED_MAX_AGE = 180 * 24 * 3600
TRUSTED_MAX_ACCOUNTS = 5
_SALT = "maktaba.portal_auth.throttling"

TOO_MANY_ATTEMPTS = _(
    "Too many unsuccessful attempts. Wait 15 minutes and try again, or ask your school."
)


def now() -> float:
    """The clock the windows are cut from (tests move it instead of sleeping)."""
    return time.time()


def client_ip(request: HttpRequest) -> str:
    """The client's address; with ``TRUSTED_PROXY_COUNT`` proxies, read from X-Forwarded-For.

    IPv6 addresses are reduced to their /64, since one household or phone holds a whole /64.
    """
    address = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    proxies = int(portal_setting("TRUSTED_PROXY_COUNT") or 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "0.0.0.0"
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _digest(value: str) -> str:
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:32]


# --- Device cookies --------------------------------------------------------------------------


def _set_private_cookie(response: HttpResponse, name: str, value: str) -> None:
    """Signed, never read by scripts, sent over HTTPS only wherever the session cookie is."""
    response.set_cookie(
        name,
        value,
        max_age=TRUSTED_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def device_id(request: HttpRequest) -> str:
    """This browser's device id (from its cookie), or ``""`` if it has none yet."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    try:
        return signing.loads(raw, salt=_SALT + ".device") if raw else ""
    except signing.BadSignature:
        return ""


def ensure_device_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """Give a browser that shows a login/activation form its own throttling bucket."""
    if not device_id(request):
        value = signing.dumps(get_random_string(24), salt=_SALT + ".device")
        _set_private_cookie(response, DEVICE_COOKIE, value)


def _trusted_identifiers(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(TRUSTED_COOKIE, "")
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=_SALT + ".trusted", max_age=TRUSTED_MAX_AGE)
    except signing.BadSignature:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def remember_trusted_device(request: HttpRequest, response: HttpResponse, identifier: str) -> None:
    """After a successful sign-in: this browser may still sign in to ``identifier`` when locked."""
    digest = _digest("account:" + identifier)
    known = [d for d in _trusted_identifiers(request) if d != digest]
    value = signing.dumps([digest, *known][:TRUSTED_MAX_ACCOUNTS], salt=_SALT + ".trusted")
    _set_private_cookie(response, TRUSTED_COOKIE, value)


# --- Buckets -------------------------------------------------------------------------------


@dataclass
class _Bucket:
    name: str
    key: str
    limit: int
    window: int
    trusted_bypass: bool

    def store_key(self) -> str:
        """This bucket's counter in the current window (fixed windows, cut from ``now()``)."""
        return f"maktaba:throttle:{self.name}:{self.key}:{int(now() // self.window)}"


@dataclass
class _Hit:
    bucket: _Bucket
    key: str
    count: int  # this attempt's own place in the bucket's window, as the store returned it


@dataclass
class AttemptGuard:
    """The buckets one login or activation attempt falls in.

    Call ``blocked()`` before checking credentials (it counts the attempt), then ``failed()``
    or ``succeeded()``.
    """

    request: HttpRequest
    endpoint: str  # "login" or "activation"
    identifier: str  # the normalised Massar code or CIN typed, existing or not
    buckets: list[_Bucket] = field(init=False)
    trusted: bool = field(init=False)
    store: CounterStore = field(init=False)
    _hits: list[_Hit] | None = field(init=False, default=None)
    _refused: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.store = counter_store()
        ip = client_ip(self.request)
        device = device_id(self.request) or "-"
        account_window = int(portal_setting("ACCOUNT_WINDOW"))
        ip_window = int(portal_setting("IP_WINDOW"))
        self.trusted = bool(self.identifier) and (
            _digest("account:" + self.identifier) in _trusted_identifiers(self.request)
        )
        self.buckets = [
            _Bucket(
                "source",
                _digest(f"{self.endpoint}:{ip}:{device}"),
                int(portal_setting("SOURCE_FAILURES")),
                ip_window,
                False,
            ),
            _Bucket(
                "account",
                _digest(f"{self.endpoint}:{self.identifier}"),
                int(portal_setting("ACCOUNT_FAILURES")),
                account_window,
                True,
            ),
            _Bucket(
                "ip",
                _digest(f"{self.endpoint}:{ip}"),
                int(portal_setting("IP_FAILURES")),
                ip_window,
                True,
            ),
        ]
        if self.endpoint == "activation":
            self.buckets.append(
                _Bucket(
                    "global",
                    "activation",
                    int(portal_setting("GLOBAL_ACTIVATION_FAILURES")),
                    int(portal_setting("GLOBAL_WINDOW")),
                    False,
                )
            )

    def _applies(self, bucket: _Bucket) -> bool:
        return not (self.trusted and bucket.trusted_bypass)

    def _count(self) -> list[_Hit]:
        if self._hits is None:
            self._hits = []
            for bucket in self.buckets:
                key = bucket.store_key()
                self._hits.append(_Hit(bucket, key, self.store.hit(key, ttl=bucket.window * 2)))
        return self._hits

    def _give_back(self) -> None:
        for hit in self._hits or []:
            self.store.give_back(hit.key)
        self._hits = []

    def blocked(self) -> bool:
        """Count this attempt, and whether it must be refused without checking the credentials.

        Refused when a bucket that applies to this browser holds more than its limit counting
        this attempt; a refused attempt is given back at once.
        """
        if self._hits is None:
            hits = self._count()
            self._refused = any(h.count > h.bucket.limit for h in hits if self._applies(h.bucket))
            if self._refused:
                self._give_back()
        return self._refused

    def failed(self) -> bool:
        """The attempt stays counted as a failure (counted now if ``blocked()`` was not asked);
        returns whether a bucket has just locked. A refused attempt is never counted."""
        if self._refused:
            return False
        return any(hit.count == hit.bucket.limit for hit in self._count())

    def succeeded(self, response: HttpResponse | None = None) -> None:
        """Give the attempt back (successes never count); with ``response``, mark this browser
        as a trusted device of the account."""
        if not self._refused:
            self._give_back()
        if self.identifier and response is not None:
            remember_trusted_device(self.request, response, self.identifier)
