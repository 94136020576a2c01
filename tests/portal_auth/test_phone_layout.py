"""What a 390 px phone needs from the portal's HTML: form fields without a fixed width, the
semester average before the marks table, table cells labelled for the stacked layout, and a chart
whose names, values and legend can be read without hovering."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from portal_auth.models import MessageThread
from portal_auth.records.charts import subject_averages_chart
from portal_auth.records.grading import semester_reports
from tests.factories.desk import family
from tests.factories.records import publish, put_tests
from tests.factories.schools import give_pupil_account, make_class, make_pupil

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_desk_forms_have_no_fixed_width_textarea(client):
    _school, pupil, _guardian, user = family()
    client.force_login(user)
    client.post(
        reverse("portal_auth:thread_new"),
        {"pupil": pupil.pk, "category": "question", "subject": "Horaires", "body": "Bonjour"},
    )
    thread = MessageThread.objects.get()
    for url in (
        reverse("portal_auth:request_new"),
        reverse("portal_auth:thread_new"),
        reverse("portal_auth:thread_detail", args=[thread.pk]),
    ):
        html = client.get(url).content.decode()
        assert "<textarea" in html, url
        assert "cols=" not in html, url


def test_field_css_never_wider_than_the_screen():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/maktaba.css").read_text()
    rule = re.search(r"(?:^|\})\s*input,\s*select,\s*textarea\s*\{([^}]*)\}", css)
    assert rule and "max-width:100%" in rule.group(1) and "box-sizing:border-box" in rule.group(1)


@pytest.fixture
def marks_page(client):
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "mathematiques", "14", "16")
    put_tests(pupil, school_class, "physique-chimie", "9", "10")
    publish(school_class, 1)
    client.force_login(give_pupil_account(pupil))
    return client.get(reverse("portal_auth:marks") + "?semester=1").content.decode()


def test_semester_average_comes_before_the_table(marks_page):
    summary = marks_page.find('class="marks-summary"')
    assert summary != -1 and summary < marks_page.find("<table")
    before_table = marks_page[summary : marks_page.find("<table")]
    assert "Moyenne du semestre" in before_table
    assert re.search(r"\d{1,2},\d\d", before_table)


def test_every_marks_cell_is_labelled_for_the_stacked_layout(marks_page):
    table = marks_page[marks_page.find("<table") : marks_page.find("</table>")]
    body = table[table.find("<tbody>") : table.find("</tbody>")]
    cells = re.findall(r"<td[^>]*>", body)
    assert cells and all("data-label=" in cell for cell in cells)
    assert 'data-label="Coefficient"' in body and 'data-label="Moyenne de la classe"' in body


def _chart(with_classmate: bool) -> ET.Element:
    school_class = make_class(level="2BAC", track="sciences-physiques")
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "mathematiques", "14", "16")
    put_tests(pupil, school_class, "physique-chimie", "9", "10")
    for _ in range(2):  # three pupils: the class figures are shown
        classmate = make_pupil(school_class)
        put_tests(classmate, school_class, "mathematiques", "8", "10")
        put_tests(classmate, school_class, "physique-chimie", "12", "10")
    report = semester_reports(school_class, 1, [pupil.pk])[pupil.pk]
    if not with_classmate:
        for line in report.lines:
            line.statistics = None
    return ET.fromstring(str(subject_averages_chart(report, rtl=False)))


def _texts(svg: ET.Element, css_class: str) -> list[ET.Element]:
    return [t for t in svg.iter(SVG + "text") if css_class in t.get("class", "").split()]


def test_chart_names_sit_above_their_bars():
    svg = _chart(with_classmate=True)
    rows = [g for g in svg.iter(SVG + "g") if g.get("class") == "chart-row"]
    assert len(rows) == 2
    for row in rows:
        label = next(t for t in row.iter(SVG + "text") if t.get("class") == "chart-label")
        bars = list(row.iter(SVG + "rect"))
        assert bars and all(float(label.get("y")) < float(bar.get("y")) for bar in bars)


def test_chart_prints_values_and_legends_the_pass_mark():
    svg = _chart(with_classmate=True)
    values = [t.text for t in _texts(svg, "chart-value")]
    assert "15,00" in values and "9,50" in values
    legend = [t.text for t in _texts(svg, "chart-legend")]
    assert any("10/20" in text for text in legend)
    assert "Moyenne de la classe" in legend


def test_chart_legend_has_no_class_average_without_its_bars():
    svg = _chart(with_classmate=False)
    assert not svg.findall(f".//{SVG}rect[@class='chart-class']")
    legend = [t.text for t in _texts(svg, "chart-legend")]
    assert "Moyenne de la classe" not in legend
