"""The admin never loads avatars from Gravatar: a school network often cannot reach it, and it
would tell a third party who uses the admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_gravatar_in_the_admin(admin_client, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()
