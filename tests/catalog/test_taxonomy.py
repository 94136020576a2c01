"""The Moroccan taxonomy is present on every install, in three languages."""

import pytest
from django.utils import translation

from catalog.models import Cycle, Level, Subject, Track

pytestmark = pytest.mark.django_db


def test_levels_from_1ap_to_2bac_in_their_cycles():
    codes = list(Level.objects.values_list("code", flat=True))
    assert codes == [
        "1AP", "2AP", "3AP", "4AP", "5AP", "6AP", "1AC", "2AC", "3AC", "TC", "1BAC", "2BAC",
    ]  # fmt: skip
    assert Level.objects.get(code="3AC").cycle.slug == "college"
    assert set(Cycle.objects.values_list("slug", flat=True)) == {
        "primaire",
        "college",
        "qualifiant",
    }


def test_tracks_belong_to_tronc_commun_and_bac_levels_only():
    tc = Level.objects.get(code="TC")
    assert set(tc.tracks.values_list("slug", flat=True)) == {
        "tc-sciences", "tc-lettres", "tc-technologique", "tc-originel",
    }  # fmt: skip
    bac1 = Level.objects.get(code="1BAC")
    assert bac1.tracks.filter(slug="sciences-physiques").exists()
    assert bac1.tracks.count() == 14
    assert not Level.objects.get(code="5AP").tracks.exists()
    assert Track.objects.get(slug="lettres").international_options is False


def test_every_name_exists_in_arabic_french_and_english():
    for model in (Cycle, Level, Track, Subject):
        for row in model.objects.all():
            assert row.name_ar and row.name_fr and row.name_en, row.slug
            assert any("\u0600" <= ch <= "\u06ff" for ch in row.name_ar), row.slug


def test_name_follows_the_active_language():
    subject = Subject.objects.get(slug="physique-chimie")
    with translation.override("ar"):
        assert subject.name == "الفيزياء والكيمياء"
    with translation.override("fr"):
        assert subject.name == "Physique-chimie"
    with translation.override("en"):
        assert str(subject) == "Physics and chemistry"


def test_subjects_know_their_levels():
    assert Subject.objects.get(slug="philosophie").levels.filter(code="1AP").exists() is False
    assert Subject.objects.get(slug="amazigh").levels.filter(code="1AP").exists()
    assert Subject.objects.get(slug="physique-chimie").levels.filter(code="1BAC").exists()
