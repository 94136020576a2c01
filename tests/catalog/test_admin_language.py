"""The admin names the moderation workflow and its task in the editor's language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from wagtail.users.models import UserProfile

from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "مراجعة الموارد"), ("fr", "Modération des ressources")],
)
def test_the_submit_button_names_the_workflow_in_the_editors_language(
    client, library, language, words
):
    resource = make_resource(library, title="Les lois de Newton", publish=False)
    editor = User.objects.create_superuser("editor", "editor@example.ma", "pw-123456789")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    client.force_login(editor)
    html = client.get(f"/admin/pages/{resource.pk}/edit/").content.decode()
    assert words in html
    assert "Resource moderation" not in html
