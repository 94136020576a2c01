"""ResourcePage.clean(): the messages editors see, in the model and through the admin form."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from catalog.models import Level, ResourcePage, Subject, Track
from tests.factories.catalog import make_document
from tests.factories.media import make_placeholder_asset

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def resource(
    *, subject: str = "mathematiques", levels=("TC",), tracks=(), kind="document", **fields
) -> ResourcePage:
    page = ResourcePage(
        title="Les équations du second degré",
        slug="equations",
        summary="Cours.",
        kind=kind,
        language="fr",
        subject=Subject.objects.get(slug=subject),
        **fields,
    )
    page.levels.set(Level.objects.filter(code__in=levels))
    page.tracks.set(Track.objects.filter(slug__in=tracks))
    return page


def errors_of(page: ResourcePage) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        page.clean()
    return caught.value.message_dict


def test_a_consistent_resource_is_clean():
    resource(tracks=["tc-sciences"], document=make_document("cours.pdf")).clean()


def test_subject_not_taught_at_level():
    page = resource(
        subject="philosophie", levels=["1AC", "2AC", "TC"], document=make_document("a.pdf")
    )
    assert errors_of(page) == {"levels": ["Philosophy is not taught at 1AC, 2AC."]}


def test_track_not_offered_at_the_levels():
    page = resource(levels=["1BAC"], tracks=["tc-lettres"], document=make_document("a.pdf"))
    assert errors_of(page) == {
        "tracks": [
            "The track Common core: arts and humanities is not offered at the chosen levels."
        ]
    }


def test_written_resource_needs_a_document():
    assert errors_of(resource()) == {"document": ["A written resource needs a document."]}


def test_written_resource_with_a_non_document_file():
    page = resource(document=make_document("song.mp3", b"ID3"))
    assert errors_of(page) == {
        "document": ["A .mp3 file is not a written document. Use PDF, EPUB or an office file."]
    }


def test_written_resource_cannot_carry_a_recording():
    page = resource(document=make_document("a.pdf"), media_asset=make_placeholder_asset("audio"))
    assert errors_of(page) == {
        "media_asset": ["A written resource cannot have an audio or video file."]
    }


def test_recording_needs_a_media_file():
    assert errors_of(resource(kind="video")) == {
        "media_asset": ["An audio or video resource needs a media file."]
    }


def test_media_kind_must_match_the_resource_kind():
    page = resource(kind="video", media_asset=make_placeholder_asset("audio"))
    assert errors_of(page) == {
        "media_asset": ["This media file is Audio, but the resource is Video."]
    }


def test_all_problems_are_reported_together():
    page = resource(subject="philosophie", levels=["1AC"], tracks=["lettres"], kind="audio")
    assert set(errors_of(page)) == {"levels", "tracks", "media_asset"}


# --- through the admin: the form must hand the chosen levels and tracks to clean() ----------


@pytest.fixture
def admin_client(client, library):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-123456789")
    client.force_login(user)
    return client


def post_new_resource(admin_client, library, **overrides):
    data = {
        "title": "الفلسفة للسنة الأولى إعدادي",
        "slug": "falsafa",
        "summary": "ملخص.",
        "kind": "document",
        "language": "ar",
        "subject": str(Subject.objects.get(slug="philosophie").pk),
        "levels": [str(Level.objects.get(code="1AC").pk)],
        "tracks": [],
        "tags": "",
        "document": str(make_document("falsafa.pdf").pk),
        "body": '{"blocks": [], "entityMap": {}}',
        "author_name": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    url = reverse("wagtailadmin_pages:add", args=("catalog", "resourcepage", library.pk))
    return admin_client.post(url, data)


def test_admin_refuses_a_subject_not_taught_at_the_chosen_level(admin_client, library):
    response = post_new_resource(admin_client, library)

    assert response.status_code == 200
    assert not ResourcePage.objects.exists()
    # The admin speaks the default language (Arabic): check the names, not the sentence.
    (message,) = response.context["form"].errors["levels"]
    assert "الفلسفة" in message and "1AC" in message


def test_admin_refuses_a_track_of_another_level(admin_client, library):
    response = post_new_resource(
        admin_client,
        library,
        subject=str(Subject.objects.get(slug="physique-chimie").pk),
        levels=[str(Level.objects.get(code="1BAC").pk)],
        tracks=[str(Track.objects.get(slug="tc-sciences").pk)],
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["tracks"]
    assert Track.objects.get(slug="tc-sciences").name_ar in message


def test_admin_saves_a_consistent_resource(admin_client, library):
    response = post_new_resource(
        admin_client,
        library,
        subject=str(Subject.objects.get(slug="physique-chimie").pk),
        levels=[str(Level.objects.get(code="1BAC").pk)],
        tracks=[str(Track.objects.get(slug="sciences-experimentales").pk)],
    )
    assert response.status_code == 302, response.context["form"].errors
    page = ResourcePage.objects.get()
    assert [lvl.code for lvl in page.levels.all()] == ["1BAC"]
