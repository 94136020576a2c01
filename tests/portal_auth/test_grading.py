"""Averages: the worked examples of docs/grading.md, one test each."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal_auth.models import SubjectCoefficient
from portal_auth.records.grading import (
    ABSENT,
    EXEMPT,
    Cell,
    annual_average,
    bac_average,
    certificate_3ac,
    class_statistics,
    coefficients_for_class,
    continuous_average,
    round_mark,
    semester_reports,
    weighted_average,
)
from tests.factories.records import put_mark, put_tests, subject
from tests.factories.schools import make_class, make_pupil


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the source language); Arabic is the default."""
    with translation.override("en"):
        yield


D = Decimal


def m(value: str) -> Cell:
    return Cell.marked(value)


def test_rounding_is_half_up_to_two_decimals():
    assert round_mark(D("12.345")) == D("12.35")
    assert round_mark(D("12.344")) == D("12.34")
    assert round_mark(D("13.125")) == D("13.13")  # not banker's rounding (13.12)


def test_example_1_four_tests_and_activities():
    # (12 + 14.5 + 9.75 + 16 + 15) / 5 = 67.25 / 5 = 13.45
    cells = [m("12"), m("14.5"), m("9.75"), m("16"), m("15")]
    assert continuous_average(cells) == D("13.45")


def test_example_2_blank_cells_are_left_out():
    # Only two tests entered so far: (11 + 14) / 2 = 12.5
    assert continuous_average([m("11"), m("14"), None, None, None]) == D("12.50")


def test_example_3_absent_counts_as_zero():
    # (12 + 0 + 15) / 3 = 9
    assert continuous_average([m("12"), ABSENT, m("15")]) == D("9.00")


def test_example_4_exempt_is_left_out():
    # (12 + 15) / 2 = 13.5: the exempt test neither adds nor counts.
    assert continuous_average([m("12"), EXEMPT, m("15")]) == D("13.50")


def test_example_5_thirds_round_half_up():
    # (10 + 10 + 11) / 3 = 10.333… → 10.33 ; (10 + 11 + 11) / 3 = 10.666… → 10.67
    assert continuous_average([m("10"), m("10"), m("11")]) == D("10.33")
    assert continuous_average([m("10"), m("11"), m("11")]) == D("10.67")


def test_example_6_subject_without_marks_has_no_average():
    assert continuous_average([None, None, None, None, None]) is None
    assert continuous_average([EXEMPT, EXEMPT]) is None


def test_example_7_semester_average_with_coefficients_and_a_subject_without_marks():
    # 2BAC SP: maths 14.25 × 7, physics 12.50 × 7, SVT 11 × 5, philosophy (no marks) × 2
    # = (99.75 + 87.5 + 55) / 19 = 242.25 / 19 = 12.75
    pairs = [(D("14.25"), D(7)), (D("12.50"), D(7)), (D("11"), D(5)), (None, D(2))]
    assert weighted_average(pairs) == D("12.75")
    assert weighted_average([(None, D(7))]) is None


def test_example_8_annual_average_needs_both_semesters():
    assert annual_average(D("12.75"), D("13.40")) == D("13.08")  # 26.15 / 2 = 13.075 → 13.08
    assert annual_average(D("12.75"), None) is None


def test_example_9_certificate_and_bac():
    # 3AC: (3 × 12 + 3 × 11 + 4 × 9.5) / 10 = (36 + 33 + 38) / 10 = 10.7
    assert certificate_3ac(D("12"), D("11"), D("9.5")) == D("10.70")
    # bac: 25 % × 14 + 25 % × 12 + 50 % × 15.5 = 3.5 + 3 + 7.75 = 14.25
    assert bac_average(D("14"), D("12"), D("15.5")) == D("14.25")
    assert bac_average(D("14"), None, D("15.5")) is None


def test_example_10_class_statistics_skip_pupils_without_average():
    stats = class_statistics([D("8"), D("12.5"), None, D("15.25")])
    assert (stats.maximum, stats.mean, stats.minimum) == (D("15.25"), D("11.92"), D("8"))
    assert class_statistics([None]) is None
    # Fewer pupils with an average than the privacy threshold: no class figures at all.
    assert class_statistics([D("8"), D("12.5"), None], minimum_pupils=3) is None


@pytest.mark.django_db
def test_seeded_coefficients_track_row_beats_level_row():
    school_class = make_class(level="2BAC", track="sciences-physiques")
    coefficients = {s.slug: c for s, c in coefficients_for_class(school_class).values()}
    assert coefficients["mathematiques"] == D(7)
    assert coefficients["physique-chimie"] == D(7)
    assert coefficients["svt"] == D(5)
    SubjectCoefficient.objects.create(
        level=school_class.level, track=None, subject=subject("mathematiques"), coefficient=3
    )
    coefficients = {s.slug: c for s, c in coefficients_for_class(school_class).values()}
    assert coefficients["mathematiques"] == D(7)


@pytest.mark.django_db
def test_semester_report_from_rows(django_assert_num_queries):
    school_class = make_class(level="2BAC", track="sciences-physiques")
    amal, badr, chama, dina = (make_pupil(school_class) for _ in range(4))
    put_tests(amal, school_class, "mathematiques", "14", "15", "13.5", None, "14.5")  # 14.25
    put_tests(amal, school_class, "physique-chimie", "12", "abs", "15", "exempt", "13")
    put_tests(badr, school_class, "mathematiques", "8", "9", "10", "11", "12")  # 10
    put_tests(chama, school_class, "mathematiques", "exempt")  # no average
    put_tests(dina, school_class, "mathematiques", "12", "12.25")  # 12.13
    with django_assert_num_queries(2):  # coefficients, marks
        reports = semester_reports(school_class, 1, [amal.pk, badr.pk])
    lines = {line.subject.slug: line for line in reports[amal.pk].lines}
    assert lines["mathematiques"].average == D("14.25")
    # (12 + 0 + 15 + 13) / 4 = 10
    assert lines["physique-chimie"].average == D("10.00")
    assert lines["svt"].average is None  # seeded coefficient, no marks yet
    assert lines["mathematiques"].statistics.maximum == D("14.25")
    assert lines["mathematiques"].statistics.minimum == D("10.00")
    assert lines["mathematiques"].statistics.mean == D("12.13")  # 36.38 / 3 = 12.1266…
    assert lines["physique-chimie"].statistics is None  # only one pupil has an average
    # (14.25 × 7 + 10 × 7) / 14 = 12.125 → 12.13
    assert reports[amal.pk].average == D("12.13")
    assert reports[badr.pk].average == D("10.00")


def test_annual_average_needs_the_first_semester_too():
    assert annual_average(None, D("13.40")) is None
    assert annual_average(None, None) is None
    assert annual_average(D("0"), D("0")) == D("0.00")  # zero is an average, not a missing one


def test_exam_formulas_need_every_part():
    assert certificate_3ac(None, D("11"), D("9.5")) is None
    assert certificate_3ac(D("12"), None, D("9.5")) is None
    assert certificate_3ac(D("12"), D("11"), None) is None
    assert bac_average(None, D("10"), D("10")) is None
    assert bac_average(D("10"), None, D("10")) is None
    assert bac_average(D("10"), D("10"), None) is None
    assert bac_average(D("12"), D("10"), D("14")) == D("12.50")  # (12 + 10 + 28) / 4


def test_weighted_average_of_nothing_counted_is_none():
    assert weighted_average([]) is None
    assert weighted_average([(None, D("4"))]) is None
    assert weighted_average([(D("0"), D("2")), (None, D("4"))]) == D("0.00")


def test_class_statistics_at_the_privacy_threshold():
    assert class_statistics([D("8"), D("12")], minimum_pupils=2) == class_statistics(
        [D("12"), D("8"), None], minimum_pupils=2
    )
    statistics = class_statistics([D("8"), D("12")], minimum_pupils=2)
    assert (statistics.maximum, statistics.mean, statistics.minimum) == (D(12), D(10), D(8))
    assert class_statistics([], minimum_pupils=0) is None


@pytest.mark.django_db
def test_coefficients_and_averages_of_a_class_without_a_track():
    school_class = make_class(level="3AC", track=None)
    coefficients = {s.slug: c for s, c in coefficients_for_class(school_class).values()}
    assert coefficients == {  # all of 3AC, from the level rows
        "arabe": 4,
        "francais": 4,
        "anglais": 2,
        "mathematiques": 4,
        "physique-chimie": 2,
        "svt": 2,
        "histoire-geographie": 2,
        "education-islamique": 2,
        "informatique": 1,
        "technologie": 1,
        "education-physique": 1,
        "education-artistique": 1,
        "education-familiale": 1,
    }
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "arabe", "12", "14")  # 13, coefficient 4
    put_tests(pupil, school_class, "informatique", "16")  # 16, coefficient 1
    report = semester_reports(school_class, 1, [pupil.pk])[pupil.pk]
    lines = {line.subject.slug: line for line in report.lines}
    assert lines["arabe"].coefficient == D(4) and lines["arabe"].average == D("13.00")
    assert report.average == D("13.60")  # (4 × 13 + 1 × 16) / 5 = 68 / 5


@pytest.mark.django_db
def test_the_exams_table_leaves_out_subjects_without_exams():
    school_class = make_class(level="3AC", track=None)
    pupil = make_pupil(school_class)
    put_tests(pupil, school_class, "arabe", "12")
    put_mark(pupil, school_class, "mathematiques", "exam_local", "11")
    report = semester_reports(school_class, 1, [pupil.pk])[pupil.pk]
    assert [line.subject.slug for line in report.exam_lines] == ["mathematiques"]
    line = report.exam_lines[0]
    assert line.exam_cells[0] == Cell.marked("11") and line.exam_cells[1:] == [None, None]
    assert line.average is None  # an exam mark is not continuous assessment
