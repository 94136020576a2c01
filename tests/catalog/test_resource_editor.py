"""The teacher's resource editor: levels and tracks as checkboxes grouped (no Ctrl-click
multi-select), and the subject chosen in one step from a list (no chooser window)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.models import Level, Subject, Track

pytestmark = pytest.mark.django_db


def _add_form(admin_client, library) -> str:
    url = reverse("wagtailadmin_pages:add", args=("catalog", "resourcepage", library.pk))
    with translation.override("fr"):
        response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    return response.content.decode()


def test_levels_and_tracks_are_checkboxes_grouped(admin_client, library):
    html = _add_form(admin_client, library)
    assert not re.search(r'<select[^>]*name="levels"', html)
    assert not re.search(r'<select[^>]*name="tracks"', html)
    bac1 = Level.objects.get(code="1BAC")
    assert re.search(rf'<input type="checkbox" name="levels" value="{bac1.pk}"', html)
    stream = Track.objects.get(slug="sciences-experimentales")
    assert re.search(rf'<input type="checkbox" name="tracks" value="{stream.pk}"', html)
    # Tracks come under the level that offers them, each track once.
    assert html.count(f'name="tracks" value="{stream.pk}"') == 1
    tracks_part = html[html.index('name="tracks"') - 3000 :]
    assert tracks_part.index("1BAC") < tracks_part.index(f'value="{stream.pk}"')


def test_the_subject_is_chosen_from_a_list_in_one_step(admin_client, library):
    html = _add_form(admin_client, library)
    physics = Subject.objects.get(slug="physique-chimie")
    assert re.search(r'<select[^>]*name="subject"', html)
    assert f'<option value="{physics.pk}">' in html
