"""The portal's demo data: idempotent, one guardian with children in two schools, working codes."""

import re

import pytest
from django.core.management import CommandError, call_command

from portal_auth import codes
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
