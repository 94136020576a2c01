"""Bidirectional override and embedding controls: refused where people type, isolated where shown.

An unclosed U+202E in a message subject would reverse the rest of the staff's list; in a page
title it disguises what the title says. The forms of messages, replies and document requests and
the catalogue's pages refuse them with a message, and stored text is shown in ``<bdi>`` or with
``dir="auto"`` so it cannot reorder the page around it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from library.bidi_controls import BIDI_CONTROLS, validate_no_bidi_controls
from portal_auth.desk.school_messages import start_thread
from portal_auth.models import DocumentRequest, MessageThread, ThreadPost
from tests.factories.catalog import make_resource
from tests.factories.desk import desk_staff, family, in_english  # noqa: F401

RLO = "\u202e"
EVIL = f"Bulletin {RLO}fdp.exe"


@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS))
def test_every_override_embedding_and_isolate_control_is_refused(control):
    with pytest.raises(ValidationError) as error:
        validate_no_bidi_controls(f"abc{control}def")
    assert error.value.code == "bidi_control"
    assert f"U+{ord(control):04X}" in error.value.messages[0]


@pytest.mark.parametrize("text", ["درس\u200f (1)", "Leçon\u200e 2", "الدرس\u061c 3", "Équations"])
def test_marks_and_ordinary_text_are_accepted(text):
    validate_no_bidi_controls(text)


@pytest.fixture
def home(db):
    school, pupil, _guardian, user = family()
    return school, pupil, user


def _message(client, pupil, **extra):
    data = {"pupil": pupil.pk, "category": "question", "subject": "Horaires", "body": "Bonjour"}
    return client.post(reverse("portal_auth:thread_new"), data | extra)


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize("field", ["subject", "body"])
def test_a_message_with_an_override_is_refused_and_kept_in_the_form(client, home, field):
    _school, pupil, user = home
    client.force_login(user)
    response = _message(client, pupil, **{field: EVIL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "change the direction of writing" in html and "U+202E" in html
    assert "Bulletin" in html  # what was typed is not lost
    assert not MessageThread.objects.exists()


@pytest.mark.usefixtures("in_english")
def test_a_reply_and_a_staff_reply_with_an_override_are_refused(client, home):
    school, pupil, user = home
    thread = start_thread(user, pupil, "question", "Horaires", "Bonjour")
    client.force_login(user)
    url = reverse("portal_auth:thread_detail", args=[thread.pk])
    assert client.post(url, {"body": EVIL}).status_code == 200
    client.force_login(desk_staff(school))
    url = reverse("portal_requests_staff:thread", args=[thread.pk])
    response = client.post(url, {"body": EVIL})
    assert response.status_code == 200 and "U+202E" in response.content.decode()
    assert ThreadPost.objects.count() == 1


@pytest.mark.usefixtures("in_english")
@pytest.mark.parametrize(
    "data",
    [
        {"kind": "certificate", "note": f"urgent \u2067{RLO}"},
        {"kind": "other", "other_label": EVIL},
    ],
)
def test_a_document_request_with_an_override_is_refused(client, home, data):
    _school, pupil, user = home
    client.force_login(user)
    response = client.post(reverse("portal_auth:request_new"), {"pupil": pupil.pk} | data)
    assert response.status_code == 200
    assert "change the direction of writing" in response.content.decode()
    assert not DocumentRequest.objects.exists()


@pytest.mark.parametrize("field", ["title", "summary", "author_name"])
def test_a_catalogue_page_with_an_override_is_refused(library, field):
    values = {"title": "Les forces", "summary": "Un cours.", field: EVIL}
    with pytest.raises(ValidationError) as error:
        make_resource(library, **values)
    assert field in error.value.message_dict
    assert "U+202E" in error.value.message_dict[field][0]


def test_an_ebook_title_with_an_override_is_refused(site_tree):
    from tests.factories.ebook import make_ebook

    home, _library = site_tree
    with pytest.raises(ValidationError) as error:
        make_ebook(home, title=EVIL)
    assert "title" in error.value.message_dict


def unisolated(html: str, marker: str = RLO) -> list[str]:
    """Text nodes holding ``marker`` with no ``<bdi>`` or ``dir`` ancestor inside ``<body>``."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.body or soup
    bad = []
    for node in body.find_all(string=lambda s: marker in s):
        isolated = any(
            parent.name == "bdi" or parent.has_attr("dir")
            for parent in node.parents
            if parent is not body and parent.name not in ("html", "body", "[document]")
        )
        if not isolated:
            bad.append(f"<{node.parent.name}>{node.strip()[:40]!r}")
    return bad


@pytest.mark.usefixtures("in_english")
def test_stored_text_is_shown_isolated_in_the_portal(client, home):
    school, pupil, user = home
    thread = start_thread(user, pupil, "question", "Horaires", "Bonjour")
    MessageThread.objects.filter(pk=thread.pk).update(subject=EVIL)
    ThreadPost.objects.filter(thread=thread).update(body=EVIL)
    request = DocumentRequest.objects.create(
        requester=user, pupil=pupil, school=school, kind="other", other_label=EVIL, note=EVIL
    )
    client.force_login(user)
    pages = [
        reverse("portal_auth:thread_list"),
        reverse("portal_auth:thread_detail", args=[thread.pk]),
        reverse("portal_auth:request_list"),
        reverse("portal_auth:request_detail", args=[request.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert RLO in html, url
        assert unisolated(html) == [], (url, unisolated(html))
    client.force_login(desk_staff(school))
    staff_pages = [
        reverse("portal_requests_staff:threads"),
        reverse("portal_requests_staff:thread", args=[thread.pk]),
        reverse("portal_requests_staff:queue"),
        reverse("portal_requests_staff:detail", args=[request.pk]),
    ]
    for url in staff_pages:
        html = client.get(url).content.decode()
        assert RLO in html, url
        assert unisolated(html) == [], (url, unisolated(html))


def test_stored_text_is_shown_isolated_in_the_catalogue(client, library):
    from catalog.models import ResourcePage

    resource = make_resource(library, title="Les forces", summary="Un cours.")
    ResourcePage.objects.filter(pk=resource.pk).update(title=EVIL, summary=EVIL, author_name=EVIL)
    for url in [
        resource.url_path.removeprefix("/home"),
        "/library/1bac/sciences-experimentales/physique-chimie/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert RLO in html, url
        assert unisolated(html) == [], (url, unisolated(html))


def _form_data(html: str, form_id: str = "page-edit-form") -> dict[str, object]:
    """The fields of the admin's page form as a browser would send them."""
    form = BeautifulSoup(html, "html.parser").find("form", id=form_id)
    data: dict[str, object] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            value = field.get_text()
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            value = [o.get("value", o.get_text()) for o in chosen]
            if not field.has_attr("multiple"):
                value = value[0] if value else ""
        else:
            value = field.get("value", "")
        data[name] = value
    return data


def test_the_admin_editor_refuses_an_override_in_a_title(client, library):
    from django.contrib.auth import get_user_model

    from catalog.models import ResourcePage

    resource = make_resource(library, title="Les forces", summary="Un cours.")
    admin = get_user_model().objects.create_superuser("bidi-admin", "b@example.ma", "x" * 12)
    client.force_login(admin)
    url = f"/admin/pages/{resource.pk}/edit/"
    data = _form_data(client.get(url).content.decode())
    data["title"] = EVIL
    response = client.post(url, data)
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()
    assert ResourcePage.objects.get(pk=resource.pk).title == "Les forces"
    assert resource.revisions.count() == 1  # no draft saved either
    data["title"] = "Les forces et le mouvement"
    assert client.post(url, data).status_code == 302  # the same form, corrected, is accepted
