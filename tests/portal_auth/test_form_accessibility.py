"""The portal's forms tell screen readers and password managers the truth.

Every ``aria-describedby`` points at an element that exists (help texts and errors are read
out), errors are linked to their field, and only the account's own identifier is a username.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

FORMS = [
    "portal_auth:login",
    "portal_auth:activate_pupil",
    "portal_auth:activate_guardian",
    "portal_auth:password_reset",
]


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def _described_by(html: str) -> list[str]:
    return [i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()]


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", FORMS)
def test_help_texts_are_linked_to_elements_that_exist(client, url_name):
    html = client.get(reverse(url_name)).content.decode()
    described = _described_by(html)
    if url_name.startswith("portal_auth:activate"):
        assert described, "the form links no help text"
    assert set(described) <= _ids(html), set(described) - _ids(html)


@pytest.mark.django_db
def test_errors_are_announced_and_linked_to_their_field(client):
    html = client.post(reverse("portal_auth:activate_pupil"), {"massar_code": "x"}).content.decode()
    field = _input(html, "massar_code")
    assert 'aria-invalid="true"' in field
    assert "id_massar_code_error" in field
    assert 'id="id_massar_code_error"' in html
    assert set(_described_by(html)) <= _ids(html)


@pytest.mark.django_db
def test_the_guardian_form_saves_the_cin_not_the_childs_code_as_the_login(client):
    html = client.get(reverse("portal_auth:activate_guardian")).content.decode()
    assert 'autocomplete="username"' in _input(html, "cin")
    assert 'autocomplete="username"' not in _input(html, "massar_code")
    add_child = client.get(reverse("portal_auth:add_child"))
    if add_child.status_code == 200:
        assert 'autocomplete="username"' not in _input(add_child.content.decode(), "massar_code")
