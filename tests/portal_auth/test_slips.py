"""Activation slips: a real PDF, shaped right-to-left Arabic, rendered to PNG with pdftoppm."""

import shutil
import subprocess

import pytest
from django.test import override_settings

from portal_auth.accounts import codes
from portal_auth.accounts.slips import SlipFontError, build_slips_pdf
from tests.factories.schools import link_guardian, make_class, make_guardian, make_pupil

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    school_class = make_class()
    pupils = [make_pupil(school_class) for _ in range(5)]
    link_guardian(make_guardian(), pupils[0], confirmed=False)
    return codes.issue_for_class(school_class)


def test_slips_pdf_has_eight_slips_per_page(entries):
    assert len(entries) == 6
    pdf = build_slips_pdf(entries)
    assert pdf.startswith(b"%PDF-")
    many = build_slips_pdf(entries * 3)  # 18 slips → 3 pages
    assert (
        many.count(b"/Type /Page\n") + many.count(b"/Type /Page ") >= 3
        or many.count(b"/Type /Page") >= 4
    )


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_text_layer_has_the_code_and_the_massar_code(entries, tmp_path):
    path = tmp_path / "slips.pdf"
    path.write_bytes(build_slips_pdf(entries))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert entries[0].issued.printable in text
    assert entries[0].pupil.massar_code in text
    assert "Choisissez un mot de passe" in text


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing")
def test_page_renders_to_png(entries, tmp_path):
    """Renders page 1; the PNG was looked at by eye when this test was written (docs/portal.md)."""
    path = tmp_path / "slips.pdf"
    path.write_bytes(build_slips_pdf(entries))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000


def test_missing_font_is_a_clear_error(entries):
    from reportlab.pdfbase import pdfmetrics

    registered = pdfmetrics._fonts.pop("Maktaba-arabic", None)
    try:
        with override_settings(MAKTABA_PORTAL={"SLIP_FONTS": {"arabic": "/nonexistent/font.ttf"}}):
            with pytest.raises(SlipFontError):
                build_slips_pdf(entries)
    finally:
        if registered is not None:
            pdfmetrics._fonts["Maktaba-arabic"] = registered
