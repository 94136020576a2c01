"""The report card (bulletin): one PDF page per pupil, in Arabic or French, published semesters only."""

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from portal_auth.models import RecordAccess
from portal_auth.records.report_card import NotPublished, report_cards
from portal_auth.records.report_card_pdf import build_report_cards_pdf
from tests.factories.records import publish, put_mark, put_tests
from tests.factories.schools import (
    give_guardian_account,
    give_pupil_account,
    link_guardian,
    make_class,
    make_guardian,
    make_pupil,
    make_staff,
)

pytestmark = pytest.mark.django_db
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def pdf_text(body: bytes) -> str:
    """The text layer as poppler reads it; shaped Arabic comes back as presentation forms,
    which NFKC turns back into letters."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=body,
        check=True,
        capture_output=True,
        timeout=30,
    )
    text = unicodedata.normalize("NFKC", result.stdout.decode())
    return BIDI_MARKS.sub("", text)  # poppler wraps runs in embedding marks


def pages(body: bytes) -> int:
    return len(PdfReader(io.BytesIO(body)).pages)


@pytest.fixture
def sp_class():
    return make_class(level="2BAC", track="sciences-physiques")


@pytest.fixture
def marked(sp_class):
    """Three pupils of 2BAC SP with maths and physics marks in both semesters; semester 1
    published."""
    pupils = [
        make_pupil(sp_class, first_name_ar="سلمى", last_name_ar="بناني", last_name_latin="Bennani"),
        make_pupil(sp_class, last_name_latin="Alaoui"),
        make_pupil(sp_class, last_name_latin="Chraibi"),
    ]
    for pupil, (maths, physics) in zip(
        pupils, [("14.25", "12.50"), ("10", "8"), ("16", "15")], strict=True
    ):
        put_tests(pupil, sp_class, "mathematiques", maths)
        put_tests(pupil, sp_class, "physique-chimie", physics)
        put_tests(pupil, sp_class, "mathematiques", "13", semester=2)
        put_tests(pupil, sp_class, "physique-chimie", "14", semester=2)
    put_mark(pupils[0], sp_class, "svt", "test_1", status="absent")
    publish(sp_class, 1)
    return sp_class, pupils


def test_an_unpublished_semester_has_no_report_card(marked):
    sp_class, pupils = marked
    with pytest.raises(NotPublished):
        report_cards(sp_class, 2, pupils)


def test_figures_are_gradings(marked):
    sp_class, pupils = marked
    (card,) = report_cards(sp_class, 1, pupils[:1])
    maths = next(line for line in card.report.lines if line.subject.slug == "mathematiques")
    assert str(maths.average) == "14.25"
    assert str(maths.statistics.mean) == "13.42"  # (14.25 + 10 + 16) / 3
    assert card.annual is None and card.semester_averages is None
    publish(sp_class, 2)
    (card,) = report_cards(sp_class, 1, pupils[:1])
    assert card.semester_averages is not None and card.annual is not None


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="poppler-utils missing")
def test_arabic_card_is_shaped_and_reads_right_to_left(marked):
    sp_class, pupils = marked
    body = build_report_cards_pdf(report_cards(sp_class, 1, pupils[:1]), "ar")
    raw = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
    ).stdout.decode()
    # Joined letters: Arabic presentation forms, not isolated letters, are drawn.
    assert any("\ufe70" <= ch <= "\ufeff" for ch in raw)
    text = pdf_text(body)
    for words in ("بيان النقط", "الدورة الأولى", "المعامل", "معدل القسم", "سلمى بناني", "غائب"):
        assert words in text, words
    assert "14,25" in text and "13,42" in text  # decimal comma
    assert sp_class.name in text and pupils[0].massar_code in text
    assert pages(body) == 1


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="poppler-utils missing")
def test_french_card_with_both_semesters_has_the_annual_average(marked):
    sp_class, pupils = marked
    publish(sp_class, 2)
    (card,) = report_cards(sp_class, 1, pupils[:1])
    text = pdf_text(build_report_cards_pdf([card], "fr"))
    for words in ("Bulletin de notes", "Coefficient", "Moyenne annuelle", "Bennani", "absent"):
        assert words in text, words
    # maths 14.25 × 7, physics 12.50 × 7, SVT absent (0) × 5 → 187.25 / 19 = 9.855 → 9.86;
    # semester 2: 13 × 7 + 14 × 7 → 13.50; annual (9.86 + 13.50) / 2 = 11.68
    assert (str(card.average), str(card.annual)) == ("9.86", "11.68")
    assert "9,86" in text and "13,50" in text and "11,68" in text


def test_a_class_prints_one_page_per_pupil(marked):
    sp_class, pupils = marked
    body = build_report_cards_pdf(report_cards(sp_class, 1, pupils), "ar")
    assert body.startswith(b"%PDF-") and pages(body) == 3


# --- the family's download -----------------------------------------------------------------------
def card_url(pupil, semester=1, language="ar"):
    with translation.override("ar"):
        return (
            reverse("portal_auth:report_card", args=[pupil.pk, semester]) + f"?language={language}"
        )


def test_guardian_downloads_from_the_marks_page_and_unpublished_is_404(client, marked):
    sp_class, pupils = marked
    guardian = make_guardian()
    link_guardian(guardian, pupils[0])
    client.force_login(give_guardian_account(guardian))
    with translation.override("ar"):
        marks = client.get(reverse("portal_auth:marks") + "?semester=1").content.decode()
    assert reverse("portal_auth:report_card", args=[pupils[0].pk, 1]) in marks
    response = client.get(card_url(pupils[0]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(card_url(pupils[0], semester=2)).status_code == 404
    assert client.get(card_url(pupils[0], semester=3)).status_code == 404
    assert client.get(card_url(pupils[1])).status_code == 404  # a classmate


def test_pupil_downloads_their_own(client, marked):
    _sp_class, pupils = marked
    client.force_login(give_pupil_account(pupils[1]))
    assert client.get(card_url(pupils[1], language="fr")).status_code == 200
    assert client.get(card_url(pupils[0])).status_code == 404


# --- the school's bulk print ---------------------------------------------------------------------
def class_url(school_class, semester=1, language="ar"):
    return (
        reverse("portal_auth_records:class_report_cards", args=[school_class.pk, semester])
        + f"?language={language}"
    )


def test_school_prints_a_class_and_the_views_are_logged(client, marked):
    sp_class, pupils = marked
    staff = make_staff("admin_staff", sp_class.school)
    client.force_login(staff)
    response = client.get(class_url(sp_class))
    assert response.status_code == 200
    assert pages(response.content) == 3
    assert RecordAccess.objects.filter(actor=staff, kind="marks").count() == 3
    assert client.get(class_url(sp_class, semester=2)).status_code == 404
    publish_page = client.get(reverse("portal_auth_records:publish_marks")).content.decode()
    assert reverse("portal_auth_records:class_report_cards", args=[sp_class.pk, 1]) in publish_page


def test_other_schools_and_teachers_cannot_print(client, marked):
    sp_class, _pupils = marked
    client.force_login(make_staff("admin_staff", make_class().school))
    assert client.get(class_url(sp_class)).status_code == 404
    client.force_login(make_staff("teacher", sp_class.school))
    assert client.get(class_url(sp_class)).status_code == 403
