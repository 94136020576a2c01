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
    assert not Level.objects.get(code="5AP").tracks.exists()
    assert Track.objects.get(slug="lettres").international_options is False


def test_1bac_offers_the_streams_and_2bac_the_series():
    """A 1BAC pupil is in a stream (sciences expérimentales…), never in a bac series such as
    sciences physiques or sciences mathématiques A: those are 2BAC (docs/taxonomy.md)."""
    bac1 = set(Level.objects.get(code="1BAC").tracks.values_list("slug", flat=True))
    assert bac1 == {
        "sciences-experimentales", "sciences-mathematiques", "sciences-economiques-gestion",
        "lettres-sciences-humaines", "sciences-tech-electriques", "sciences-tech-mecaniques",
        "arts-appliques", "sciences-charia", "lettres-originelles",
    }  # fmt: skip
    bac2 = set(Level.objects.get(code="2BAC").tracks.values_list("slug", flat=True))
    assert {
        "sciences-physiques", "sciences-vie-terre", "sciences-agronomiques", "sciences-math-a",
        "sciences-math-b", "sciences-economiques", "gestion-comptable", "lettres",
        "sciences-humaines",
    } <= bac2  # fmt: skip
    assert not bac2 & {"sciences-experimentales", "sciences-mathematiques"}
    assert Track.objects.get(slug="sciences-experimentales").name_ar == "علوم تجريبية"


def _taught(level, track=None):
    level = Level.objects.get(code=level)
    track = Track.objects.get(slug=track) if track else None
    return set(Subject.objects.taught_at(level, track).values_list("slug", flat=True))


def test_each_track_teaches_its_programme():
    sciences = _taught("1BAC", "sciences-experimentales")
    assert {"mathematiques", "physique-chimie", "svt", "philosophie", "arabe"} <= sciences
    assert not sciences & {"comptabilite", "economie", "organisation-entreprises"}
    assert "sciences-ingenieur" not in sciences
    economics = _taught("1BAC", "sciences-economiques-gestion")
    assert {"economie", "comptabilite", "organisation-entreprises", "mathematiques"} <= economics
    assert not economics & {"svt", "physique-chimie", "sciences-ingenieur"}
    assert "sciences-ingenieur" in _taught("1BAC", "sciences-tech-electriques")
    assert "svt" not in _taught("2BAC", "sciences-math-b")
    assert "svt" in _taught("2BAC", "sciences-math-a")
    assert not _taught("TC", "tc-lettres") & {"physique-chimie", "svt", "technologie"}
    # A level without tracks teaches every subject of its level.
    assert {"physique-chimie", "svt", "technologie"} <= _taught("2AC")


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
