"""A school with two classes, a teacher of one of them, pupils, a guardian, two resources."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from assignments.models import Teaching
from library.school_calendar import is_school_day
from tests.factories.catalog import make_resource
from tests.factories.records import year_containing_today
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_school,
    make_staff,
)


@pytest.fixture(autouse=True)
def default_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def next_school_day(after: int = 1) -> datetime.date:
    """A school day (no Sunday, no holiday) at least ``after`` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=after)
    while not is_school_day(day):
        day += datetime.timedelta(days=1)
    return day


def next_sunday() -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.isoweekday() != 7:
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def school_world(library):
    year = year_containing_today()
    school = make_school()
    taught = make_class(school, level="1BAC", year=year, name="1BAC-SP-1")
    other = make_class(school, level="1BAC", year=year, name="1BAC-SP-2")
    teacher = make_staff("teacher", school)
    Teaching.objects.create(teacher=teacher, school_class=taught)
    colleague = make_staff("teacher", school)
    Teaching.objects.create(teacher=colleague, school_class=other)
    pupil = make_pupil(taught, last_name_latin="Bennani", first_name_latin="Salma")
    classmate = make_pupil(taught, last_name_latin="Chraibi", first_name_latin="Omar")
    outsider = make_pupil(other, last_name_latin="Idrissi", first_name_latin="Nora")
    give_pupil_account(pupil)
    give_pupil_account(classmate)
    give_pupil_account(outsider)
    guardian = make_guardian()
    link_guardian(guardian, pupil)
    give_guardian_account(guardian)
    lesson = make_resource(library, title="Les ondes mécaniques", levels=("1BAC",))
    exercise = make_resource(library, title="Exercices sur les ondes", levels=("1BAC",))
    primary = make_resource(
        library, title="Les ondes pour 3AP", subject="mathematiques", levels=("3AP",)
    )
    return {
        "year": year,
        "school": school,
        "taught": taught,
        "other": other,
        "teacher": teacher,
        "colleague": colleague,
        "pupil": pupil,
        "classmate": classmate,
        "outsider": outsider,
        "guardian": guardian,
        "lesson": lesson,
        "exercise": exercise,
        "primary": primary,
    }


@pytest.fixture
def video_lesson(school_world):
    """A published ten-minute video lesson (its data-saver rendition a few bytes on disk),
    assigned to the teacher's class."""
    import hashlib

    from django.core.files.base import ContentFile

    from assignments import assigning
    from media_pipeline.models import MediaAsset, Rendition
    from tests.catalog.media_pages import publish_media_resource

    asset = MediaAsset(title="Les ondes (vidéo)", kind="video", original_size=4)
    asset.original.save("clip.mp4", ContentFile(b"data"))
    MediaAsset.objects.filter(pk=asset.pk).update(state=MediaAsset.State.READY, duration=600.0)
    body = b"\x00\x00\x00\x18ftypmp42 not a real video"
    checksum = hashlib.sha256(body).hexdigest()
    rendition = Rendition(
        asset=asset,
        profile="datasaver",
        type=Rendition.Type.VIDEO,
        checksum=checksum,
        size=len(body),
        mime_type="video/mp4",
        duration=600.0,
    )
    rendition.file.save(f"renditions/{checksum}.mp4", ContentFile(body), save=False)
    rendition.save()
    asset.refresh_from_db()
    page = publish_media_resource(
        school_world["lesson"].get_parent().specific, asset, title="Les ondes en vidéo"
    )
    assignment = assigning.create_assignment(
        school_world["teacher"],
        classes=[school_world["taught"]],
        resources=[page],
        due_on=next_school_day(2),
    )
    return {"page": page, "asset": asset, "assignment": assignment}
