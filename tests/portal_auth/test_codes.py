"""Activation codes: format, normalisation, hashing and their whole lifecycle."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from portal_auth.accounts import codes
from portal_auth.models import ActivationCode
from tests.factories.schools import link_guardian, make_class, make_guardian, make_pupil, make_staff

pytestmark = pytest.mark.django_db


def test_generated_codes_have_70_random_bits_in_crockford_base32():
    generated = {codes.generate_code() for _ in range(500)}
    assert len(generated) == 500
    for code in generated:
        assert len(code) == 14
        assert set(code) <= set(codes.ALPHABET)
        assert not set(code) & set("ILOU")
    assert len(codes.ALPHABET) ** codes.CODE_LENGTH >= 2**64


def test_printed_form_is_grouped_for_reading_aloud():
    assert codes.format_code("ABCDEFGHJKMNPQ") == "ABCD-EFGH-JKMN-PQ"
    assert re.fullmatch(
        r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", codes.format_code(codes.generate_code())
    )


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH-JKMN-P0",
        "abcd-efgh-jkmn-p0",
        "abcd efgh jkmn p0",
        " ABCDEFGHJKMNP0 ",
        "ABCD–EFGH–JKMN–PO",  # en dashes, letter O for zero
        "abcd_efgh.jkmn p o",
    ],
)
def test_normalisation_accepts_case_spacing_dash_and_confusable_variants(typed):
    assert codes.normalise_code(typed) == "ABCDEFGHJKMNP0"


def test_crockford_confusables_and_arabic_digits():
    assert codes.normalise_code("IIII-LLLL-oooo-il") == "11111111000011"
    assert codes.normalise_code("١٢٣٤-٥٦٧٨-٩٠AB-CD") == "1234567890ABCD"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "ABCD",
        "ABCD-EFGH-JKMN-P",
        "ABCD-EFGH-JKMN-PQR",
        "ABCD-EFGH-JKMN-PU",
        "ABCD-EFGH-JKMN-P*",
        "A" * 10_000,
    ],
)
def test_wrong_length_or_characters_are_not_codes(typed):
    assert codes.normalise_code(typed) is None


def test_only_a_keyed_hash_is_stored():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    stored = ActivationCode.objects.get()
    assert issued.plain not in stored.code_hash
    assert stored.code_hash == codes.hash_code(issued.plain)
    with override_settings(SECRET_KEY="another-key"):
        assert codes.hash_code(issued.plain) != stored.code_hash


def test_rotated_secret_key_keeps_codes_valid_through_fallbacks():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    with override_settings(SECRET_KEY="a-new-key", SECRET_KEY_FALLBACKS=["test-only-secret-key"]):
        assert codes.find_usable_code(issued.plain, pupil=pupil) == issued.record


def test_valid_code_in_any_typed_variant_is_found():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    for typed in (
        issued.printable,
        issued.printable.lower(),
        " ".join(issued.printable.split("-")),
    ):
        assert codes.find_usable_code(typed, pupil=pupil) == issued.record


def test_code_expires_after_the_configured_days():
    pupil = make_pupil()
    with override_settings(MAKTABA_PORTAL={"CODE_TTL_DAYS": 3}):
        issued = codes.issue_pupil_code(pupil)
    assert issued.record.expires_at - issued.record.issued_at == timedelta(days=3)
    ActivationCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert codes.find_usable_code(issued.plain, pupil=pupil) is None
    assert ActivationCode.objects.get().status == "expired"


def test_code_is_single_use():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    assert codes.mark_used(issued.record)
    assert not codes.mark_used(issued.record)
    assert codes.find_usable_code(issued.plain, pupil=pupil) is None


def test_revoked_code_no_longer_works():
    pupil = make_pupil()
    issued = codes.issue_pupil_code(pupil)
    assert codes.revoke(issued.record)
    assert codes.find_usable_code(issued.plain, pupil=pupil) is None
    assert not codes.revoke(issued.record)


def test_reissuing_revokes_the_old_code():
    pupil = make_pupil()
    old = codes.issue_pupil_code(pupil)
    new = codes.issue_pupil_code(pupil)
    assert codes.find_usable_code(old.plain, pupil=pupil) is None
    assert codes.find_usable_code(new.plain, pupil=pupil) == new.record
    old.record.refresh_from_db()
    assert old.record.status == "revoked"


def test_code_of_another_pupil_or_kind_does_not_match():
    school_class = make_class()
    pupil, classmate = make_pupil(school_class), make_pupil(school_class)
    guardian = make_guardian()
    link = link_guardian(guardian, pupil, confirmed=False)
    pupil_code = codes.issue_pupil_code(pupil)
    guardian_code = codes.issue_guardian_code(link)
    assert codes.find_usable_code(pupil_code.plain, pupil=classmate) is None
    assert codes.find_usable_code(guardian_code.plain, pupil=pupil) is None  # not a pupil code
    assert codes.find_usable_code(pupil_code.plain, pupil=pupil, guardian=guardian) is None
    other_guardian = make_guardian()
    assert codes.find_usable_code(guardian_code.plain, pupil=pupil, guardian=other_guardian) is None
    assert (
        codes.find_usable_code(guardian_code.plain, pupil=pupil, guardian=guardian)
        == guardian_code.record
    )


def test_guardian_codes_are_per_child_and_independent_of_the_pupil_code():
    guardian = make_guardian()
    first, second = make_pupil(), make_pupil()
    code_first = codes.issue_guardian_code(link_guardian(guardian, first, confirmed=False))
    code_second = codes.issue_guardian_code(link_guardian(guardian, second, confirmed=False))
    codes.issue_pupil_code(first)
    assert codes.find_usable_code(code_first.plain, pupil=first, guardian=guardian)
    assert codes.find_usable_code(code_second.plain, pupil=second, guardian=guardian)
    assert codes.find_usable_code(code_first.plain, pupil=second, guardian=guardian) is None


def test_bulk_issue_for_a_class_gives_one_slip_per_pupil_and_guardian():
    school_class = make_class()
    pupils = [make_pupil(school_class) for _ in range(3)]
    link_guardian(make_guardian(), pupils[0], confirmed=False)
    link_guardian(make_guardian(), pupils[0], confirmed=False)
    make_pupil()  # another class
    staff = make_staff("admin_staff", school_class.school)
    entries = codes.issue_for_class(school_class, staff)
    assert len(entries) == 5
    assert {e.pupil for e in entries} == set(pupils)
    assert ActivationCode.objects.usable().count() == 5
    assert all(e.issued.record.issued_by == staff for e in entries)
    again = codes.issue_for_class(school_class, staff, for_guardians=False)
    assert len(again) == 3
    assert ActivationCode.objects.usable().count() == 5  # the three pupil codes were replaced


def test_issue_codes_command_for_a_school(tmp_path):
    from django.core.management import CommandError, call_command

    from portal_auth.models import SecurityEvent

    first = make_class()
    school = first.school
    second = make_class(school, level="TC", track=None)
    for school_class in (first, first, second):
        make_pupil(school_class)
    make_pupil()  # another school
    output = tmp_path / "slips.pdf"
    call_command("issue_codes", "--school", school.code, "--who", "pupils", "--output", str(output))
    assert output.read_bytes().startswith(b"%PDF")
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert ActivationCode.objects.usable().count() == 3
    call_command(
        "issue_codes", "--school", school.code, "--class", second.name, "--output", str(output)
    )
    assert ActivationCode.objects.usable().count() == 3  # one replaced
    assert SecurityEvent.objects.filter(kind="code_issued", school=school).count() == 2
    with pytest.raises(CommandError):
        call_command(
            "issue_codes", "--school", school.code, "--class", "NOPE", "--output", str(output)
        )
