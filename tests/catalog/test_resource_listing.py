"""The admin's list of resources narrows by subject and level (70 resources are not one flat
list), and a teacher sees there what the page explorer shows them: live pages and their drafts."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from catalog.models import Level, Subject
from catalog.site_setup import TEACHERS
from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db


def test_resources_filter_by_subject_and_level(admin_client, library):
    make_resource(library, title="Newton 1BAC", tracks=("sciences-experimentales",))
    make_resource(library, title="Pythagore 2AC", subject="mathematiques", levels=("2AC",))
    url = reverse("resources:index")
    everything = admin_client.get(url).content.decode()
    assert "Newton 1BAC" in everything and "Pythagore 2AC" in everything
    maths = Subject.objects.get(slug="mathematiques").pk
    only_maths = admin_client.get(url, {"subject": maths}).content.decode()
    assert "Pythagore 2AC" in only_maths and "Newton 1BAC" not in only_maths
    bac1 = Level.objects.get(code="1BAC").pk
    only_1bac = admin_client.get(url, {"levels": bac1}).content.decode()
    assert "Newton 1BAC" in only_1bac and "Pythagore 2AC" not in only_1bac


def test_a_teacher_sees_live_resources_and_their_own_drafts(client, library, django_user_model):
    make_resource(library, title="Live lesson")
    make_resource(library, title="Someone's draft", publish=False)
    teacher = django_user_model.objects.create_user("prof", password="x" * 12)
    teacher.groups.add(Group.objects.get(name=TEACHERS))
    client.force_login(teacher)
    html = client.get(reverse("resources:index")).content.decode()
    assert "Live lesson" in html and "Someone&#x27;s draft" not in html
    assert "Someone's draft" not in html
