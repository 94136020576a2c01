"""Codes shown among Arabic text keep their order and stay on one line: «1BAC-SP-1» never
becomes «-1BAC-SP / 1»; user text (a teacher's name, a room) takes its own direction."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def test_the_pupil_card_isolates_the_class_code_and_the_massar_code():
    school_class = SimpleNamespace(
        name="1BAC-SP-1",
        level=SimpleNamespace(name="السنة الأولى باكالوريا"),
        track=SimpleNamespace(name="علوم فيزيائية"),
        school=SimpleNamespace(name="Lycée Ibn Sina"),
    )
    pupil = SimpleNamespace(
        full_name_ar="سلمى العلوي", full_name_latin="Salma Alaoui", massar_code="J130045678"
    )
    enrolment = SimpleNamespace(school_class=school_class, year=SimpleNamespace(label="2025-2026"))
    with translation.override("ar"):
        html = render_to_string(
            "portal_auth/_pupil_card.html", {"pupil": pupil, "enrolment": enrolment}
        )
    assert '<bdi dir="ltr" class="code">1BAC-SP-1</bdi>' in html
    assert '<bdi dir="ltr" class="code">J130045678</bdi>' in html
    assert '<bdi dir="auto">Lycée Ibn Sina</bdi>' in html


def test_codes_do_not_wrap():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/maktaba.css").read_text()
    assert ".code{white-space:nowrap}" in css
