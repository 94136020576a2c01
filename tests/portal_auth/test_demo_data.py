"""The portal's demo data: idempotent, one guardian with children in two schools, working codes."""

import re

import pytest
from django.core.management import CommandError, call_command

from portal_auth.accounts import codes
from portal_auth.models import Guardian, Pupil, School

pytestmark = pytest.mark.django_db


def test_demo_data_is_dev_only():
    with pytest.raises(CommandError):
        call_command("load_portal_demo_data")


def test_demo_data_creates_a_small_world_and_prints_working_codes(capsys):
    call_command("load_portal_demo_data", "--force")
    call_command("load_portal_demo_data", "--force")
    out = capsys.readouterr().out.split("demo-director / ")[-1]
    assert School.objects.filter(code__startswith="DEMO").count() == 2
    assert Pupil.objects.count() == 4
    father = Guardian.objects.get(cin="BE100001")
    schools = {link.pupil.current_school.code for link in father.links.all()}
    assert schools == {"DEMO-L1", "DEMO-C1"}
    printed = re.findall(
        r"(J\d{9})\s+\S+ \S+\s+([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})", out
    )
    assert len(printed) == 4
    massar, code = printed[0]
    assert codes.find_usable_code(code, pupil=Pupil.objects.get(massar_code=massar))


def _printed_director_password(out: str) -> str:
    match = re.search(r"demo-director / (\S+)", out)
    assert match, out
    return match.group(1)


def test_the_demo_director_gets_a_random_password_printed_once(capsys, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("MAKTABA_DEMO_DIRECTOR_PASSWORD", raising=False)
    call_command("load_portal_demo_data", "--force")
    first = _printed_director_password(capsys.readouterr().out)
    director = get_user_model().objects.get(username="demo-director")
    assert director.check_password(first)
    assert len(first) >= 12

    call_command("load_portal_demo_data", "--force")
    again = capsys.readouterr().out
    assert first not in again  # printed once: a second run keeps it and does not show it
    assert director.check_password(first)

    director.delete()
    call_command("load_portal_demo_data", "--force")
    second = _printed_director_password(capsys.readouterr().out)
    assert second != first
    assert get_user_model().objects.get(username="demo-director").check_password(second)


def test_the_demo_director_password_can_come_from_the_environment(capsys, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("MAKTABA_DEMO_DIRECTOR_PASSWORD", "chosen-by-the-operator-7")
    call_command("load_portal_demo_data", "--force")
    out = capsys.readouterr().out
    assert "chosen-by-the-operator-7" not in out
    director = get_user_model().objects.get(username="demo-director")
    assert director.check_password("chosen-by-the-operator-7")


def test_reset_passwords_gives_the_demo_director_a_new_one(capsys, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("MAKTABA_DEMO_DIRECTOR_PASSWORD", raising=False)
    call_command("load_portal_demo_data", "--force")
    first = _printed_director_password(capsys.readouterr().out)
    call_command("load_portal_demo_data", "--force", "--reset-passwords")
    second = _printed_director_password(capsys.readouterr().out)
    assert second != first
    assert get_user_model().objects.get(username="demo-director").check_password(second)
