"""The admin's processing panel speaks the editor's language: rendition names, units, counts."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def _panel(language: str) -> str:
    asset = SimpleNamespace(
        state="ready",
        get_state_display=lambda: "",
        error_message="",
        duration=5.0,
        width=640,
        height=360,
    )
    jobs = [
        SimpleNamespace(
            profile=name,
            required=True,
            get_state_display=lambda: "",
            error_message="",
            progress=100,
            attempts=1,
            elapsed_seconds=2.5,
        )
        for name in ("datasaver", "audio_opus", "hls")
    ]
    renditions = [SimpleNamespace(profile="datasaver", size_mb="1.2", width=426, height=240)]
    with translation.override(language):
        return render_to_string(
            "media_pipeline/admin/processing_panel.html",
            {"asset": asset, "jobs": jobs, "renditions": renditions, "can_retry": False},
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ar", ["توفير البيانات", "قائمة تشغيل HLS", "المدة: 5 ثوان", "ميغابايت"]),
        ("fr", ["Économiseur de données", "liste de lecture HLS", "Durée : 5 secondes", "Mo"]),
    ],
)
def test_rendition_names_and_units_are_translated(language, words):
    html = _panel(language)
    for word in words:
        assert word in html, word
    for raw in ("datasaver", "audio_opus", ">hls", " MB"):
        assert raw not in html, raw
    if language == "ar":
        assert " s<" not in html and "2,5 ث" in html
    assert '<bdi dir="ltr">640×360</bdi>' in html
