"""The web app's files and what the service worker is told to save (catalog/offline)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from tests.factories.catalog import make_resource

pytestmark = pytest.mark.django_db


def test_worker_is_served_from_the_root_and_never_cached(client, library):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert "/static/css/maktaba.css" in config["shell"]
    assert {"/offline/", "/fr/offline/", "/offline/saved/"} <= set(config["shell"])
    assert {"/account/", "/fr/account/", "/admin/"} <= set(config["private"])
    assert "__VERSION__" not in body


def test_manifest_is_arabic_right_to_left_with_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == "ar" and manifest["dir"] == "rtl"
    assert manifest["short_name"] == "مكتبة"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        png = client.get(icon["src"])
        assert png.status_code == 200
        content = b"".join(png.streaming_content) if png.streaming else png.content
        assert content.startswith(b"\x89PNG")


def test_resource_files_list_the_document_with_its_size_and_a_version_etag(client, library):
    page = make_resource(library, title="Optique")
    response = client.get(f"/offline/resources/{page.pk}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Optique"
    [document] = data["files"]
    assert document["url"] == page.document.url
    assert document["size"] == page.document.get_file_size() > 0
    again = client.get(
        f"/offline/resources/{page.pk}.json", headers={"If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""


def test_resource_files_of_a_draft_or_private_page_are_404(client, library):
    from wagtail.models import PageViewRestriction

    draft = make_resource(library, publish=False)
    assert client.get(f"/offline/resources/{draft.pk}.json").status_code == 404
    private = make_resource(library)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert client.get(f"/offline/resources/{private.pk}.json").status_code == 404


def test_state_says_which_saved_resources_are_still_published(client, library):
    kept = make_resource(library)
    gone = make_resource(library)
    before = client.get(f"/offline/state/?ids={kept.pk},{gone.pk},x").json()
    assert set(before) == {str(kept.pk), str(gone.pk)}
    gone.unpublish()
    state = client.get(f"/offline/state/?ids={kept.pk},{gone.pk}").json()
    assert state[str(gone.pk)] is None
    assert state[str(kept.pk)] == before[str(kept.pk)]
    kept.save_revision().publish()
    assert client.get(f"/offline/state/?ids={kept.pk}").json()[str(kept.pk)] != state[str(kept.pk)]


def test_saved_and_offline_pages_render_in_each_language(client, library):
    for path, words in (("/offline/saved/", "محفوظ"), ("/fr/offline/saved/", "hors connexion")):
        response = client.get(path)
        assert response.status_code == 200
        assert words in response.content.decode()
    assert client.get("/fr/offline/").status_code == 200


def test_resource_page_offers_saving_and_links_the_app(client, library):
    page = make_resource(library)
    html = client.get(page.url).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in html
    assert "offline/offline.js" in html
    assert f'data-offline-save hidden data-id="{page.pk}"' in html


def test_signing_out_clears_the_browsers_cache(client):
    user = get_user_model().objects.create_user("pupil", password="pw-123456789")
    client.force_login(user)
    response = client.post("/account/sign-out/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    assert "Clear-Site-Data" not in client.get("/offline/saved/")


def test_the_workers_update_check_and_a_repeat_visit_cost_a_304(client, library):
    worker = client.get("/sw.js")
    check = client.get("/sw.js", headers={"If-None-Match": worker["ETag"]})
    assert check.status_code == 304 and check.content == b""
    page = make_resource(library)
    first = client.get(page.url)
    assert first["ETag"]
    repeat = client.get(page.url, headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == 304 and repeat.content == b""


def test_a_private_resource_page_offers_no_saving(client, library):
    from wagtail.models import PageViewRestriction

    page = make_resource(library)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    user = get_user_model().objects.create_user("reader", password="pw-123456789")
    client.force_login(user)
    html = client.get(page.url).content.decode()
    assert "data-offline-save" not in html


def test_a_draft_of_a_saved_resource_changes_nothing_on_the_phones(client, library):
    """Saved items update only when what they show changed: an editor's unpublished draft
    leaves the version (so the worker re-downloads nothing) and the ETag as they were."""
    lesson = make_resource(library)
    before = client.get(f"/offline/state/?ids={lesson.pk}").json()[str(lesson.pk)]
    etag = client.get(f"/offline/resources/{lesson.pk}.json")["ETag"]
    lesson.title = "Brouillon pas encore publié"
    lesson.save_revision()  # a draft: the live page is unchanged
    assert client.get(f"/offline/state/?ids={lesson.pk}").json()[str(lesson.pk)] == before
    again = client.get(f"/offline/resources/{lesson.pk}.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
