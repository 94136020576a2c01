"""Every password form goes through the portal's brute-force guard, and portal accounts
(pupils, guardians) never sign in through the admin: the Wagtail admin, the only one."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal_auth.models import SecurityEvent
from tests.factories.schools import (
    TEST_PASSWORD,
    give_guardian_account,
    give_pupil_account,
    make_class,
    make_guardian,
    make_pupil,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db
ADMIN_LOGIN = reverse("wagtailadmin_login")


def admin_sign_in(client: Client, username: str, password: str, url: str = ADMIN_LOGIN):
    return client.post(url, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_a_pupils_guessable_username_does_not_open_the_admin():
    user = give_pupil_account(make_pupil(make_class()))
    client = Client(REMOTE_ADDR="105.66.0.1")
    response = admin_sign_in(client, user.username, TEST_PASSWORD)
    assert response.status_code == 200
    assert not signed_in(client)
    assert client.get(reverse("portal_auth:marks")).status_code != 200


def test_a_guardians_username_does_not_open_the_admin():
    user = give_guardian_account(make_guardian())
    client = Client(REMOTE_ADDR="105.66.0.2")
    admin_sign_in(client, user.username, TEST_PASSWORD)
    assert not signed_in(client)


def test_staff_still_sign_in_to_the_admin():
    staff = make_staff()
    client = Client(REMOTE_ADDR="105.66.0.3")
    response = admin_sign_in(client, staff.username, TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_admin_sign_in_locks_an_account_after_the_account_limit(settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ACCOUNT_FAILURES": 5}
    staff = make_staff()
    for n in range(5):  # five different places: only the account bucket can stop this
        response = admin_sign_in(Client(REMOTE_ADDR=f"41.0.0.{n}"), staff.username, "wrong-pass")
        assert response.status_code == 200
    client = Client(REMOTE_ADDR="41.0.1.1")
    response = admin_sign_in(client, staff.username, TEST_PASSWORD)
    assert not signed_in(client)
    assert response.context["form"].has_error("__all__", "throttled")
    assert SecurityEvent.objects.filter(kind="lockout", detail="staff-login").count() == 1
    assert SecurityEvent.objects.filter(kind="login_failed", detail="staff-login").count() == 5


def test_the_admin_sign_in_counts_usernames_case_blind(settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ACCOUNT_FAILURES": 3}
    staff = make_staff()
    for n, typed in enumerate([staff.username.upper(), staff.username, f" {staff.username}"]):
        admin_sign_in(Client(REMOTE_ADDR=f"41.1.0.{n}"), typed, "wrong-pass")
    client = Client(REMOTE_ADDR="41.1.1.1")
    admin_sign_in(client, staff.username, TEST_PASSWORD)
    assert not signed_in(client)


def test_one_below_the_limit_still_signs_in(settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ACCOUNT_FAILURES": 5}
    staff = make_staff()
    for n in range(4):
        admin_sign_in(Client(REMOTE_ADDR=f"41.2.0.{n}"), staff.username, "wrong-pass")
    client = Client(REMOTE_ADDR="41.2.1.1")
    assert admin_sign_in(client, staff.username, TEST_PASSWORD).status_code == 302


def test_there_is_no_second_admin_to_sign_in_to():
    """The Django admin is gone: its old sign-in address is a plain 404, for a superuser too."""
    admin = make_user("root-admin", is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR="41.3.1.1")
    for url in ("/django-admin/", "/django-admin/login/"):
        assert (
            client.post(url, {"username": admin.username, "password": TEST_PASSWORD}).status_code
            == 404
        )
    assert not signed_in(client)


@pytest.mark.parametrize(
    "url", [reverse("portal_auth:password_reset"), reverse("wagtailadmin_password_reset")]
)
def test_a_flood_of_reset_requests_sends_at_most_the_account_limit(url, settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ACCOUNT_FAILURES": 5}
    make_user("reset-me", email="parent@example.ma")
    client = Client(REMOTE_ADDR="105.66.9.9")
    answers = {client.post(url, {"email": "parent@example.ma"}).status_code for _ in range(30)}
    assert answers == {302}  # the same answer every time: nothing tells whether it was sent
    assert len(mail.outbox) == 5


def test_reset_requests_for_unknown_addresses_count_too(settings):
    settings.MAKTABA_PORTAL = {**settings.MAKTABA_PORTAL, "ACCOUNT_FAILURES": 2}
    make_user("reset-me", email="parent@example.ma")
    url = reverse("portal_auth:password_reset")
    for n in range(2):
        Client(REMOTE_ADDR=f"105.67.0.{n}").post(url, {"email": "parent@example.ma"})
    Client(REMOTE_ADDR="105.67.1.1").post(url, {"email": "parent@example.ma"})
    assert len(mail.outbox) == 2
