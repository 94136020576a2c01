"""Documents are served by the same rule as media: a live page the visitor may view, an editor,
or nothing; and the API lists no files on its own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.factories.schools import make_user

from .test_resource_routing import publish_resource

pytestmark = pytest.mark.django_db


def fetch(client: Client, document) -> int:
    return client.get(document.url).status_code


def test_the_document_of_a_live_public_resource_is_served(library):
    page = publish_resource(library, "Cours", "cours")
    response = Client().get(page.document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_behind_nginx_a_document_is_handed_over_by_x_accel_redirect(library, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "X_ACCEL_REDIRECT_PREFIX": "/protected/"}
    page = publish_resource(library, "Cours", "cours-nginx")
    response = Client().get(page.document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/protected/" + page.document.file.name
    assert response.content == b""
    # The body is nginx's: the empty answer never claims the file's length.
    assert response.get("Content-Length", "0") == "0"
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="cours-nginx.pdf"' in response["Content-Disposition"]


def test_behind_nginx_a_refused_document_has_no_x_accel_redirect(library, settings):
    settings.MAKTABA_MEDIA = {**settings.MAKTABA_MEDIA, "X_ACCEL_REDIRECT_PREFIX": "/protected/"}
    page = publish_resource(library, "Brouillon", "brouillon-nginx", live=False)
    response = Client().get(page.document.url)
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")


def test_the_document_of_a_draft_is_not_served(library):
    page = publish_resource(library, "Brouillon", "brouillon", live=False)
    assert fetch(Client(), page.document) == 404


def test_an_unpublished_resource_closes_its_document(library):
    page = publish_resource(library, "Retiré", "retire")
    url = page.document.url
    assert Client().get(url).status_code == 200
    page.refresh_from_db()
    page.unpublish()
    assert Client().get(url).status_code == 404


def test_a_document_used_by_no_page_is_not_served(library):
    from tests.factories.catalog import make_document

    assert fetch(Client(), make_document("orphan.pdf")) == 404


def test_a_password_protected_resource_needs_its_password(library):
    page = publish_resource(library, "Protégé", "protege")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )
    assert fetch(Client(), page.document) == 404


def test_a_group_restricted_resource_opens_to_its_group_only(library):
    page = publish_resource(library, "Réservé", "reserve")
    group = Group.objects.create(name="Teachers of the school")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    outsider, member = Client(), Client()
    outsider.force_login(make_user("outsider"))
    insider = make_user("insider")
    insider.groups.add(group)
    member.force_login(insider)
    assert fetch(Client(), page.document) == 404
    assert fetch(outsider, page.document) == 404
    assert fetch(member, page.document) == 200


def test_an_editor_who_manages_documents_may_fetch_a_draft_document(library):
    page = publish_resource(library, "Brouillon", "brouillon-2", live=False)
    editor = Client()
    editor.force_login(make_user("admin-editor", is_superuser=True))
    assert fetch(editor, page.document) == 200


@pytest.mark.parametrize("endpoint", ["/api/v2/documents/", "/api/v2/images/"])
def test_the_api_has_no_file_listing(library, endpoint):
    publish_resource(library, "Brouillon", "brouillon-3", live=False)
    assert Client().get(endpoint).status_code == 404
