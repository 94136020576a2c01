"""Bad input: malformed identifiers, oversized posts, odd characters; nothing stored, nothing leaked."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal_auth.accounts import codes
from portal_auth.accounts.forms import CinField, MassarCodeField
from portal_auth.models import Guardian, Pupil, SecurityEvent
from portal_auth.validators import normalise_phone
from tests.factories.schools import make_pupil

pytestmark = pytest.mark.django_db
BIG = "A" * 100_000


@pytest.mark.parametrize(
    "typed, valid",
    [
        ("J130045678", True),
        ("j 130 045 678", True),
        ("J-130-045-678", True),
        ("J١٣٠٠٤٥٦٧٨", True),  # Arabic-Indic digits
        ("J13004567", False),
        ("J1300456789", False),
        ("130045678J", False),
        ("JJ30045678", False),
        ("Ј130045678", False),  # Cyrillic Je
        ("J130045678\x00", False),
        ("", False),
    ],
)
def test_massar_code_field(typed, valid):
    field = MassarCodeField()
    if valid:
        assert field.clean(typed) == "J130045678"
    else:
        with pytest.raises(ValidationError):
            field.clean(typed)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ab123456", "AB123456"),
        ("A 12345", "A12345"),
        ("ab-123-456", "AB123456"),
        ("123456", None),
        ("ABC12345", None),
        ("AB1234567", None),
        ("AB", None),
    ],
)
def test_cin_field(typed, expected):
    field = CinField()
    if expected:
        assert field.clean(typed) == expected
    else:
        with pytest.raises(ValidationError):
            field.clean(typed)


def test_phone_normalisation():
    assert normalise_phone("06 12 34 56 78") == "+212612345678"
    assert normalise_phone("00212612345678") == "+212612345678"
    assert normalise_phone("212612345678") == "+212612345678"


@pytest.mark.parametrize(
    "url_name, fields",
    [
        ("portal_auth:activate_pupil", ["massar_code", "code", "password1", "password2"]),
        (
            "portal_auth:activate_guardian",
            ["cin", "massar_code", "code", "password1", "password2", "email"],
        ),
        ("portal_auth:login", ["identifier", "password"]),
    ],
)
def test_100_kb_posts_are_refused_cheaply_and_store_nothing(client, url_name, fields):
    pupil = make_pupil()
    codes.issue_pupil_code(pupil)
    response = client.post(reverse(url_name), {name: BIG for name in fields} | {"consent": "on"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors
    page = response.content.decode()
    assert BIG not in page  # oversized values are not echoed back
    assert not get_user_model().objects.exists()
    assert not SecurityEvent.objects.exists()  # rejected before any credential check


def test_password_field_is_capped_so_hashing_cannot_be_abused(client):
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    long_password = "x" * 129
    response = client.post(
        reverse("portal_auth:activate_pupil"),
        {
            "massar_code": pupil.massar_code,
            "code": issued.plain,
            "password1": long_password,
            "password2": long_password,
        },
    )
    assert "password1" in response.context["form"].errors
    pupil.refresh_from_db()
    assert pupil.user is None


@pytest.mark.parametrize(
    "code", ["ABCD", "ABCD-EFGH-JKMN-PQRS", "ABCD-EFGH-JKMN-P!", "<script>", "' OR 1=1 --"]
)
def test_malformed_codes_are_a_form_error(client, code):
    pupil = make_pupil()
    response = client.post(
        reverse("portal_auth:activate_pupil"),
        {
            "massar_code": pupil.massar_code,
            "code": code,
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    assert "code" in response.context["form"].errors
    assert "<script>" not in response.content.decode().split("<main", 1)[1].replace(
        "&lt;script&gt;", ""
    )


def test_error_pages_never_show_another_persons_data(client):
    pupil = make_pupil(last_name_latin="Secretname")
    codes.issue_pupil_code(pupil)
    response = client.post(
        reverse("portal_auth:activate_pupil"),
        {
            "massar_code": pupil.massar_code,
            "code": codes.generate_code(),
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    page = response.content.decode()
    assert "Secretname" not in page and pupil.full_name_ar not in page
    assert Pupil.objects.count() == 1 and not Guardian.objects.exists()
