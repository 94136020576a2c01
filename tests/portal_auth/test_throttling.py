"""Brute-force protection: per account, per source, per IP and global, fair behind a NAT."""

from datetime import timedelta

import pytest
import redis
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from portal_auth.accounts import codes, throttling
from portal_auth.models import SecurityEvent, ThrottleCounter
from tests.factories.schools import TEST_PASSWORD, give_pupil_account, make_class, make_pupil

pytestmark = pytest.mark.django_db
SCHOOL_NAT = "196.200.1.1"
LOGIN = reverse("portal_auth:login")
ACTIVATE = reverse("portal_auth:activate_pupil")
LOGOUT = reverse("portal_auth:logout")
REDIS_URL = "redis://127.0.0.1:6379/5"  # the throttling tests' Redis database


def browser(ip: str = SCHOOL_NAT) -> Client:
    """A browser that opened the sign-in page once (so it holds a device cookie)."""
    client = Client(REMOTE_ADDR=ip)
    client.get(LOGIN)
    assert throttling.DEVICE_COOKIE in client.cookies
    return client


def sign_in(client: Client, identifier: str, password: str):
    return client.post(LOGIN, {"identifier": identifier, "password": password})


def activate(client: Client, massar: str, code: str):
    password = "a-long-new-passphrase"
    return client.post(
        ACTIVATE,
        {"massar_code": massar, "code": code, "password1": password, "password2": password},
    )


@pytest.fixture
def classmates():
    school_class = make_class()
    pupils = [make_pupil(school_class) for _ in range(4)]
    for pupil in pupils[:2]:
        give_pupil_account(pupil)
    return pupils


def test_account_locks_after_five_failures_but_its_owners_device_still_gets_in(classmates):
    victim = classmates[0]
    own_phone = browser("41.250.0.7")
    assert sign_in(own_phone, victim.massar_code, TEST_PASSWORD).status_code == 302
    own_phone.post(reverse("portal_auth:logout"))
    for n in range(5):  # an attacker from five different places
        assert (
            sign_in(browser(f"105.66.0.{n}"), victim.massar_code, "guess-guess-1").status_code
            == 200
        )
    stranger = browser("105.66.1.1")
    assert sign_in(stranger, victim.massar_code, TEST_PASSWORD).status_code == 429
    assert sign_in(own_phone, victim.massar_code, TEST_PASSWORD).status_code == 302
    assert SecurityEvent.objects.filter(kind="lockout", pupil=victim).count() == 1


def test_one_attacker_behind_the_school_nat_does_not_lock_out_classmates(classmates):
    attacker = browser()
    targets = [p.massar_code for p in classmates] + ["Z000000001", "Z000000002"]
    statuses = [
        sign_in(attacker, targets[n % len(targets)], f"guess-{n}-xxxxx").status_code
        for n in range(30)
    ]
    assert statuses[:10] == [200] * 10 and set(statuses[10:]) == {429}
    # a classmate at the same public IP, on a browser that never signed in before
    classmate = browser()
    assert sign_in(classmate, classmates[1].massar_code, TEST_PASSWORD).status_code == 302
    # and another one activates their account from the school lab
    newcomer = classmates[2]
    issued = codes.issue_pupil_code(newcomer)
    assert activate(browser(), newcomer.massar_code, issued.printable).status_code == 302


@override_settings(MAKTABA_PORTAL={"IP_FAILURES": 20})
def test_attacker_shedding_cookies_locks_the_ip_but_not_trusted_devices(classmates):
    pupil = classmates[1]
    own_phone = browser()
    assert sign_in(own_phone, pupil.massar_code, TEST_PASSWORD).status_code == 302
    own_phone.post(reverse("portal_auth:logout"))
    for n in range(20):
        sign_in(browser(), f"Z{n:09d}", "guess-guess-1")  # a fresh cookie every time
    assert sign_in(browser(), classmates[0].massar_code, TEST_PASSWORD).status_code == 429
    assert sign_in(own_phone, pupil.massar_code, TEST_PASSWORD).status_code == 302
    assert (
        sign_in(browser("41.92.0.1"), classmates[0].massar_code, TEST_PASSWORD).status_code == 302
    )


@override_settings(MAKTABA_PORTAL={"GLOBAL_ACTIVATION_FAILURES": 6})
def test_global_ceiling_stops_distributed_guessing_of_activation_codes(classmates):
    target = classmates[3]
    issued = codes.issue_pupil_code(target)
    for n in range(6):
        activate(browser(f"100.64.{n}.1"), f"Z{n:09d}", codes.generate_code())
    assert activate(browser("8.8.4.4"), target.massar_code, issued.plain).status_code == 429
    # the sign-in endpoint is not affected by the activation ceiling
    assert sign_in(browser("8.8.4.4"), classmates[0].massar_code, TEST_PASSWORD).status_code == 302


def test_lock_cools_off_when_the_window_ends(classmates, monkeypatch):
    clock = [1_000_000.0]
    monkeypatch.setattr(throttling, "now", lambda: clock[0])
    victim = classmates[0]
    for n in range(5):
        sign_in(browser(f"105.66.0.{n}"), victim.massar_code, "guess-guess-1")
    assert sign_in(browser("41.1.1.1"), victim.massar_code, TEST_PASSWORD).status_code == 429
    clock[0] += throttling.portal_setting("ACCOUNT_WINDOW")
    assert sign_in(browser("41.1.1.1"), victim.massar_code, TEST_PASSWORD).status_code == 302


def test_successes_do_not_count(classmates):
    pupil = classmates[0]
    lab = browser()
    for _ in range(15):
        assert sign_in(lab, pupil.massar_code, TEST_PASSWORD).status_code == 302
        lab.post(reverse("portal_auth:logout"))


def test_malformed_identifiers_are_refused_before_counting(classmates):
    attacker = browser()
    for _ in range(20):
        response = activate(attacker, "not-a-code", "ABCD")
        assert response.status_code == 200
    issued = codes.issue_pupil_code(classmates[3])
    assert activate(attacker, classmates[3].massar_code, issued.plain).status_code == 302


def test_forged_cookies_are_ignored(classmates):
    client = Client(REMOTE_ADDR=SCHOOL_NAT)
    client.cookies[throttling.TRUSTED_COOKIE] = "forged"
    client.cookies[throttling.DEVICE_COOKIE] = "forged"
    request = RequestFactory().get("/", HTTP_COOKIE="maktaba_trusted=forged; maktaba_device=forged")
    assert throttling.device_id(request) == ""
    assert throttling._trusted_identifiers(request) == []


@pytest.mark.parametrize(
    "remote, forwarded, proxies, expected",
    [
        ("10.0.0.1", "", 0, "10.0.0.1"),
        ("10.0.0.1", "6.6.6.6, 196.200.1.1", 0, "10.0.0.1"),  # header ignored without a proxy
        ("10.0.0.1", "6.6.6.6, 196.200.1.1", 1, "196.200.1.1"),  # spoofed first hop ignored
        ("10.0.0.1", "196.200.1.1", 1, "196.200.1.1"),  # the proxy's one entry
        ("10.0.0.1", "", 1, "10.0.0.1"),  # no header behind the proxy: the proxy's address
        ("10.0.0.1", " , 196.200.1.1 ,", 1, "196.200.1.1"),  # empty entries skipped
        ("10.0.0.1", "196.200.1.1", 2, "10.0.0.1"),  # fewer entries than proxies
        ("10.0.0.1", "6.6.6.6, 196.200.1.1, 10.0.0.2", 2, "196.200.1.1"),
        ("10.0.0.1", "not-an-ip", 1, "0.0.0.0"),
        ("2001:db8:1:2:3:4:5:6", "", 0, "2001:db8:1:2::"),
        ("::ffff:196.200.1.1", "", 0, "196.200.1.1"),
        ("garbage", "", 0, "0.0.0.0"),
    ],
)
def test_client_ip(remote, forwarded, proxies, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(MAKTABA_PORTAL={"TRUSTED_PROXY_COUNT": proxies}):
        assert throttling.client_ip(request) == expected


@pytest.mark.parametrize("secure", [True, False])
def test_device_and_trusted_cookies_are_private_and_follow_the_session_cookie(
    classmates, settings, secure
):
    settings.SESSION_COOKIE_SECURE = secure
    client = Client(REMOTE_ADDR="41.250.0.9")
    client.get(LOGIN)
    assert sign_in(client, classmates[0].massar_code, TEST_PASSWORD).status_code == 302
    for name in (throttling.DEVICE_COOKIE, throttling.TRUSTED_COOKIE):
        morsel = client.cookies[name]
        assert morsel["httponly"] is True
        assert bool(morsel["secure"]) is secure
        assert int(morsel["max-age"]) == throttling.TRUSTED_MAX_AGE == 180 * 24 * 3600
        assert morsel["samesite"] == "Lax"


def lockouts() -> int:
    return SecurityEvent.objects.filter(kind="lockout").count()


@pytest.fixture(params=["database", "cache"])
def store(request, settings):
    """Each store the portal runs with: database rows, or Redis (database 5)."""
    if request.param == "cache":
        client = redis.Redis.from_url(REDIS_URL)
        client.flushdb()
        request.addfinalizer(client.flushdb)
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
            }
        }
    return request.param


@pytest.mark.parametrize("limit", [1, 3])
def test_the_last_allowed_failure_is_checked_and_locks_and_the_next_is_refused(
    classmates, settings, store, limit
):
    settings.MAKTABA_PORTAL = {"ACCOUNT_FAILURES": limit, "THROTTLE_STORE": store}
    victim = classmates[0]
    for n in range(limit):
        assert lockouts() == 0
        response = sign_in(browser(f"105.70.0.{n}"), victim.massar_code, "guess-guess-1")
        assert response.status_code == 200  # checked, and wrong: not refused unchecked
    assert lockouts() == 1
    assert sign_in(browser("105.70.1.1"), victim.massar_code, TEST_PASSWORD).status_code == 429
    assert sign_in(browser("105.70.1.2"), victim.massar_code, "guess-guess-1").status_code == 429
    assert lockouts() == 1  # refusals are not new lockouts


def test_one_below_the_account_limit_the_owner_still_signs_in_from_anywhere(classmates):
    victim = classmates[0]
    for n in range(4):
        sign_in(browser(f"105.73.0.{n}"), victim.massar_code, "guess-guess-1")
    assert sign_in(browser("105.73.1.1"), victim.massar_code, TEST_PASSWORD).status_code == 302
    assert lockouts() == 0


def test_a_lock_holds_to_the_last_second_of_its_window_and_no_longer(classmates, monkeypatch):
    window = throttling.portal_setting("ACCOUNT_WINDOW")
    clock = [window * 2000.0]  # the first second of a window
    monkeypatch.setattr(throttling, "now", lambda: clock[0])
    victim = classmates[0]
    for n in range(5):
        sign_in(browser(f"105.71.0.{n}"), victim.massar_code, "guess-guess-1")
    clock[0] += window - 1
    assert sign_in(browser("41.1.1.2"), victim.massar_code, TEST_PASSWORD).status_code == 429
    clock[0] += 1
    assert sign_in(browser("41.1.1.2"), victim.massar_code, TEST_PASSWORD).status_code == 302


def test_failures_in_two_windows_do_not_add_up(classmates, monkeypatch):
    window = throttling.portal_setting("ACCOUNT_WINDOW")
    clock = [window * 3000.0 - 10]  # ten seconds before a window ends
    monkeypatch.setattr(throttling, "now", lambda: clock[0])
    victim = classmates[0]
    for n in range(4):
        sign_in(browser(f"105.74.0.{n}"), victim.massar_code, "guess-guess-1")
    clock[0] += 10
    for n in range(4):
        sign_in(browser(f"105.74.1.{n}"), victim.massar_code, "guess-guess-1")
    assert sign_in(browser("41.1.1.3"), victim.massar_code, TEST_PASSWORD).status_code == 302


def test_a_trusted_device_is_still_stopped_by_its_own_source_limit(classmates):
    pupil = classmates[0]
    own_phone = browser("41.250.0.8")
    assert sign_in(own_phone, pupil.massar_code, TEST_PASSWORD).status_code == 302
    own_phone.post(LOGOUT)
    for _ in range(10):  # past the account limit (5): the owner's device is not stopped by it
        assert sign_in(own_phone, pupil.massar_code, "guess-guess-1").status_code == 200
    assert sign_in(own_phone, pupil.massar_code, TEST_PASSWORD).status_code == 429
    assert lockouts() == 2  # the account at its fifth failure, the source at its tenth


@override_settings(MAKTABA_PORTAL={"IP_FAILURES": 20})
def test_refused_attempts_do_not_fill_the_schools_ip_bucket(classmates):
    attacker = browser()
    statuses = [sign_in(attacker, f"Z{n:09d}", "guess-guess-1").status_code for n in range(30)]
    assert statuses == [200] * 10 + [429] * 20
    newcomer = browser()  # a classmate on a browser that never signed in, at the same IP
    assert sign_in(newcomer, classmates[1].massar_code, TEST_PASSWORD).status_code == 302


def test_one_family_tablet_stays_trusted_for_two_accounts(classmates):
    siblings = classmates[:2]
    tablet = browser("41.250.0.9")
    for pupil in siblings:
        assert sign_in(tablet, pupil.massar_code, TEST_PASSWORD).status_code == 302
        tablet.post(LOGOUT)
    for pupil in siblings:
        for n in range(5):
            sign_in(browser(f"105.72.{n}.1"), pupil.massar_code, "guess-guess-1")
    for pupil in siblings:
        assert sign_in(browser("105.72.9.9"), pupil.massar_code, TEST_PASSWORD).status_code == 429
        assert sign_in(tablet, pupil.massar_code, TEST_PASSWORD).status_code == 302
        tablet.post(LOGOUT)


def test_a_browser_is_trusted_for_its_last_five_accounts():
    request = RequestFactory().get("/")
    for identifier in ["Z1", "Z2", "Z3", "Z4", "Z5", "Z6", "Z3"]:
        response = HttpResponse()
        throttling.remember_trusted_device(request, response, identifier)
        request.COOKIES[throttling.TRUSTED_COOKIE] = response.cookies[
            throttling.TRUSTED_COOKIE
        ].value
    expected = ["Z3", "Z6", "Z5", "Z4", "Z2"]  # newest first, Z1 dropped, Z3 once
    assert throttling._trusted_identifiers(request) == [
        throttling._digest("account:" + i) for i in expected
    ]


def test_every_counter_outlives_its_window(classmates):
    earlier = set(ThrottleCounter.objects.values_list("key", flat=True))
    before = timezone.now()
    sign_in(browser("105.75.0.1"), classmates[0].massar_code, "guess-guess-1")
    after = timezone.now()
    counters = ThrottleCounter.objects.exclude(key__in=earlier)
    assert sorted(c.key.split(":")[2] for c in counters) == ["account", "ip", "source"]
    window = timedelta(seconds=throttling.portal_setting("ACCOUNT_WINDOW"))
    # twice the window, no more: a counter does not hold a school's IP longer than it must
    assert all(
        c.count == 1
        and before + 2 * window <= c.expires_at <= after + 2 * window + timedelta(seconds=1)
        for c in counters
    )


def guard(identifier: str = "Z000000009", ip: str = "105.77.0.1") -> throttling.AttemptGuard:
    return throttling.AttemptGuard(
        RequestFactory().post(LOGIN, REMOTE_ADDR=ip), "login", identifier
    )


def test_a_success_reported_before_any_check_counts_nothing_and_breaks_nothing():
    earlier = ThrottleCounter.objects.count()
    guard().succeeded()
    assert ThrottleCounter.objects.count() == earlier


def test_a_success_without_a_response_or_an_account_trusts_no_browser():
    response = HttpResponse()
    attempt = guard()
    assert attempt.blocked() is False
    attempt.succeeded()  # no response to mark: nothing to set, no error
    nameless = guard(identifier="")
    assert nameless.blocked() is False
    nameless.succeeded(response)
    assert throttling.TRUSTED_COOKIE not in response.cookies


def test_a_refused_attempt_reports_no_new_lock():
    ip = "105.77.0.2"
    for n in range(5):
        attempt = guard("Z000000010", ip)
        assert attempt.blocked() is False
        assert attempt.failed() is (n == 4)
    refused = guard("Z000000010", ip)
    assert refused.blocked() is True
    assert refused.failed() is False


@pytest.mark.parametrize("unset", [None, ""])
def test_an_unset_proxy_count_means_no_proxy(unset):
    request = RequestFactory().get("/", REMOTE_ADDR="196.200.1.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    with override_settings(MAKTABA_PORTAL={"TRUSTED_PROXY_COUNT": unset}):
        assert throttling.client_ip(request) == "196.200.1.9"
