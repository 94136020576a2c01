"""Activation by code, the guardian's children, sign-in, sign-out and disabling activation."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from portal_auth.accounts import activation, codes
from portal_auth.accounts.views import activation as activation_views
from portal_auth.accounts.views.sign_in import SignInView
from portal_auth.accounts.views.throttled import ThrottledFormView
from portal_auth.models import ActivationCode, GuardianLink, SecurityEvent
from portal_auth.schools.child_switch import SESSION_KEY
from tests.factories.schools import (
    TEST_PASSWORD,
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
)

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-long-new-passphrase"


def generic() -> str:
    return str(ThrottledFormView.failure_message)


def sign_in_failed() -> str:
    return str(SignInView.failure_message)


def activate_pupil(client, massar, code, password=NEW_PASSWORD, **extra):
    return client.post(
        reverse("portal_auth:activate_pupil"),
        {"massar_code": massar, "code": code, "password1": password, "password2": password} | extra,
    )


def activate_guardian(client, cin, massar, code, password=NEW_PASSWORD, **extra):
    data = {
        "cin": cin,
        "massar_code": massar,
        "code": code,
        "password1": password,
        "password2": password,
        "consent": "on",
    }
    return client.post(reverse("portal_auth:activate_guardian"), data | extra)


def sign_in(client, identifier, password=NEW_PASSWORD):
    return client.post(
        reverse("portal_auth:login"), {"identifier": identifier, "password": password}
    )


def test_pupil_activates_then_signs_in_with_massar_code(client):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    client.get(reverse("portal_auth:activate_pupil"))
    before = client.session.session_key
    response = activate_pupil(client, pupil.massar_code.lower(), issued.printable.lower())
    assert response.status_code == 302 and response["Location"] == reverse("portal_auth:home")
    assert client.session.session_key != before
    pupil.refresh_from_db()
    assert pupil.user is not None and pupil.user.check_password(NEW_PASSWORD)
    assert ActivationCode.objects.get().status == "used"
    home = client.get(reverse("portal_auth:home"))
    assert pupil.massar_code in home.content.decode()
    client.post(reverse("portal_auth:logout"))
    response = sign_in(client, f" {pupil.massar_code.lower()} ")
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind="activation", pupil=pupil).exists()
    assert SecurityEvent.objects.filter(kind="login", pupil=pupil).exists()


def test_activation_code_works_once(client):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    assert activate_pupil(client, pupil.massar_code, issued.plain).status_code == 302
    client.post(reverse("portal_auth:logout"))
    response = activate_pupil(
        client, pupil.massar_code, issued.plain, password="another-passphrase-9"
    )
    # The second time says the slip was used (not the typo answer), and changes nothing.
    assert str(activation_views.USED_SLIP) in response.content.decode()
    pupil.refresh_from_db()
    assert pupil.user.check_password(NEW_PASSWORD)


def test_new_code_resets_the_password_and_ends_other_sessions(client, django_user_model):
    pupil = make_pupil()
    give_pupil_account(pupil)
    other_device = client.__class__()
    assert sign_in(other_device, pupil.massar_code, TEST_PASSWORD).status_code == 302
    issued = codes.issue_pupil_code(pupil)
    assert activate_pupil(client, pupil.massar_code, issued.plain).status_code == 302
    assert django_user_model.objects.filter(pupil=pupil).count() == 1
    assert other_device.get(reverse("portal_auth:home")).status_code == 302  # signed out
    assert SecurityEvent.objects.filter(kind="password_reset", pupil=pupil).exists()


def test_errors_do_not_tell_which_part_was_wrong(client):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    wrong_code = activate_pupil(client, pupil.massar_code, codes.generate_code()).content.decode()
    unknown_pupil = activate_pupil(client, "Z999999999", issued.plain).content.decode()
    for page in (wrong_code, unknown_pupil):
        assert generic() in page
    assert not get_user_model().objects.exists()
    sign_in_unknown = sign_in(client, "Z999999999").content.decode()
    give_pupil_account(pupil)
    sign_in_wrong = sign_in(client, pupil.massar_code, "wrong-password-1").content.decode()
    assert sign_in_failed() in sign_in_unknown and sign_in_failed() in sign_in_wrong


@pytest.mark.parametrize(
    "password, code",
    [
        ("short1a", "password_too_short"),
        ("qwertyuiop", "password_too_common"),
        ("12345678901234", "password_entirely_numeric"),
    ],
)
def test_passwords_go_through_djangos_validators(client, password, code):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    response = activate_pupil(client, pupil.massar_code, issued.plain, password=password)
    errors = response.context["form"].errors.as_data()["password1"]
    assert code in {error.code for error in errors}
    assert ActivationCode.objects.get().status == "active"


def test_guardian_activates_adds_a_second_child_and_switches(client):
    guardian = make_guardian()
    first, second = make_pupil(), make_pupil()
    code_first = codes.issue_guardian_code(link_guardian(guardian, first, confirmed=False))
    code_second = codes.issue_guardian_code(link_guardian(guardian, second, confirmed=False))
    response = activate_guardian(
        client, guardian.cin.lower(), first.massar_code, code_first.printable, email="p@example.ma"
    )
    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.user.email == "p@example.ma" and guardian.consented_at
    home = client.get(reverse("portal_auth:home")).content.decode()
    assert first.full_name_ar in home and second.full_name_ar not in home
    response = client.post(
        reverse("portal_auth:add_child"),
        {"massar_code": second.massar_code, "code": code_second.plain},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == second.pk
    assert GuardianLink.objects.filter(guardian=guardian, confirmed_at__isnull=False).count() == 2
    client.post(reverse("portal_auth:switch_child"), {"pupil": first.pk})
    assert client.session[SESSION_KEY] == first.pk


def test_guardian_cannot_add_a_child_without_a_link_or_with_the_pupil_code(client):
    guardian = make_guardian()
    own = make_pupil()
    issued = codes.issue_guardian_code(link_guardian(guardian, own, confirmed=False))
    activate_guardian(client, guardian.cin, own.massar_code, issued.plain)
    stranger = make_pupil()
    pupil_code = codes.issue_pupil_code(stranger)
    response = client.post(
        reverse("portal_auth:add_child"),
        {"massar_code": stranger.massar_code, "code": pupil_code.plain},
    )
    assert generic() in response.content.decode()
    assert (
        client.post(reverse("portal_auth:switch_child"), {"pupil": stranger.pk}).status_code == 404
    )


def test_guardian_activation_requires_consent_and_the_right_child(client):
    guardian = make_guardian()
    child, other = make_pupil(), make_pupil()
    issued = codes.issue_guardian_code(link_guardian(guardian, child, confirmed=False))
    response = activate_guardian(client, guardian.cin, child.massar_code, issued.plain, consent="")
    assert response.status_code == 200 and not get_user_model().objects.exists()
    response = activate_guardian(client, guardian.cin, other.massar_code, issued.plain)
    assert generic() in response.content.decode()
    assert (
        activate_guardian(client, guardian.cin, child.massar_code, issued.plain).status_code == 302
    )


def test_two_guardians_of_one_child_each_use_their_own_code(client):
    child = make_pupil()
    mother, father = make_guardian(), make_guardian()
    code_mother = codes.issue_guardian_code(link_guardian(mother, child, confirmed=False))
    codes.issue_guardian_code(link_guardian(father, child, confirmed=False))
    response = activate_guardian(client, father.cin, child.massar_code, code_mother.plain)
    assert generic() in response.content.decode()
    assert (
        activate_guardian(client, mother.cin, child.massar_code, code_mother.plain).status_code
        == 302
    )


def test_disabling_an_account_ends_every_session(client):
    pupil = make_pupil()
    user = give_pupil_account(pupil)
    phone, laptop = client.__class__(), client.__class__()
    assert sign_in(phone, pupil.massar_code, TEST_PASSWORD).status_code == 302
    assert sign_in(laptop, pupil.massar_code, TEST_PASSWORD).status_code == 302
    assert activation.disable_account(user) == 2
    for device in (phone, laptop):
        assert device.get(reverse("portal_auth:home")).status_code == 302
    assert sign_in_failed() in sign_in(phone, pupil.massar_code, TEST_PASSWORD).content.decode()
    # a disabled account is not revived by a new code
    issued = codes.issue_pupil_code(pupil)
    assert generic() in activate_pupil(client, pupil.massar_code, issued.plain).content.decode()
    activation.enable_account(user)
    assert phone.get(reverse("portal_auth:home")).status_code == 302  # old sessions stay ended
    assert sign_in(phone, pupil.massar_code, TEST_PASSWORD).status_code == 302


def test_guardian_signs_in_with_cin_and_resets_by_email(client):
    guardian = make_guardian(email="parent@example.ma")
    user = give_guardian_account(guardian)
    user.email = "parent@example.ma"
    user.save()
    assert sign_in(client, guardian.cin.lower(), TEST_PASSWORD).status_code == 302
    client.post(reverse("portal_auth:logout"))
    response = client.post(reverse("portal_auth:password_reset"), {"email": "parent@example.ma"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/account/password/reset/" in line
    )
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assert response.status_code == 302
    assert sign_in(client, guardian.cin, "brand-new-passphrase").status_code == 302


def test_sign_in_redirect_stays_on_this_site(client):
    pupil = make_pupil()
    give_pupil_account(pupil)
    response = client.post(
        reverse("portal_auth:login") + "?next=https://evil.example/",
        {"identifier": pupil.massar_code, "password": TEST_PASSWORD},
    )
    assert response["Location"] == reverse("portal_auth:home")


def test_pages_render_in_arabic_and_french(client):
    make_class()
    page = client.get(reverse("portal_auth:activate_guardian")).content.decode()
    assert 'dir="rtl"' in page
    page = client.get("/fr/account/activate/guardian/").content.decode()
    assert 'dir="ltr"' in page and 'lang="fr"' in page
