"""The data migration that gives 1BAC its streams moves what an install already holds: a 1BAC
resource, class or coefficient recorded in a 2BAC series goes to that series' stream."""

import importlib

import pytest
from django.apps import apps

from catalog.models import Level, ResourcePage, Track
from portal_auth.models import SubjectCoefficient
from tests.factories.catalog import make_resource
from tests.factories.schools import make_class

pytestmark = pytest.mark.django_db

catalog_step = importlib.import_module("catalog.migrations.0009_bac_streams_and_track_programmes")
portal_step = importlib.import_module("portal_auth.migrations.0017_classes_follow_bac_streams")


def test_1bac_rows_in_a_series_move_to_its_stream(library):
    bac1, bac2 = Level.objects.get(code="1BAC"), Level.objects.get(code="2BAC")
    series = Track.objects.get(slug="sciences-physiques")
    stream = Track.objects.get(slug="sciences-experimentales")
    series.levels.add(bac1)  # as installs before the streams had it
    only_1bac = make_resource(library, title="1BAC only")
    both = make_resource(library, title="1BAC and 2BAC", levels=("1BAC", "2BAC"))
    for page in (only_1bac, both):
        ResourcePage.tracks.through.objects.create(resourcepage=page, track=series)
        revision = page.latest_revision
        revision.content = {**revision.content, "tracks": [series.pk]}
        revision.save()
    school_class = make_class(level="1BAC", track="sciences-physiques")
    maths = apps.get_model("catalog", "Subject").objects.get(slug="mathematiques")
    SubjectCoefficient.objects.filter(level=bac1, track__in=[series, stream]).delete()
    SubjectCoefficient.objects.create(level=bac1, track=series, subject=maths, coefficient=4)

    catalog_step.forwards(apps, None)
    portal_step.forwards(apps, None)

    assert not series.levels.filter(pk=bac1.pk).exists() and series.levels.filter(pk=bac2.pk)
    assert [t.slug for t in only_1bac.tracks.all()] == ["sciences-experimentales"]
    assert {t.slug for t in both.tracks.all()} == {"sciences-physiques", "sciences-experimentales"}
    only_1bac.refresh_from_db()
    assert only_1bac.latest_revision.content["tracks"] == [stream.pk]
    school_class.refresh_from_db()
    assert school_class.track == stream
    assert SubjectCoefficient.objects.get(level=bac1, subject=maths).track == stream
    # Running it again changes nothing.
    catalog_step.forwards(apps, None)
    portal_step.forwards(apps, None)
    assert [t.slug for t in only_1bac.tracks.all()] == ["sciences-experimentales"]
