"""Printable activation slips: a PDF with eight slips per A4 page, in Arabic and in French.

The slip is bilingual by design (Arabic and French whatever the interface language), so its
wording lives here in both languages instead of in the translation catalogue. Arabic is shaped
with ``arabic_reshaper`` and put in visual order with ``python-bidi``; reportlab then draws
runs of Arabic with an Arabic font and runs of Latin script with a Latin font (the Noto Arabic
fonts have no Latin letters), so mixed lines such as ``رمز مسار: J130045678`` come out right.
Fonts come from Debian's ``fonts-noto-core``; their paths are settings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from library.public_origin import printable_url, public_origin

from ..conf import portal_setting
from .codes import SlipEntry

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
DEFAULT_FONTS = {
    "arabic": FONT_DIR / "NotoNaskhArabic-Regular.ttf",
    "arabic_bold": FONT_DIR / "NotoNaskhArabic-Bold.ttf",
    "latin": FONT_DIR / "NotoSans-Regular.ttf",
    "latin_bold": FONT_DIR / "NotoSans-Bold.ttf",
}
CODE_FONT = "Courier-Bold"
COLUMNS, ROWS = 2, 4
SLIP_W, SLIP_H = A4[0] / COLUMNS, A4[1] / ROWS
PAD = 5 * mm

TEXT = {
    "fr": {
        "title": "Maktaba · code d'activation",
        "pupil": "Élève",
        "guardian": "Parent / tuteur",
        "massar": "Code Massar",
        "steps_pupil": [
            "1. Ouvrez l'adresse ci-dessus.",
            "2. Saisissez le code Massar et le code d'activation.",
            "3. Choisissez un mot de passe (10 caractères au moins).",
        ],
        "steps_guardian": [
            "1. Ouvrez l'adresse ci-dessus.",
            "2. Saisissez votre n° de CIN, le code Massar et le code d'activation.",
            "3. Choisissez un mot de passe (10 caractères au moins).",
        ],
        "expires": "Valable une fois, jusqu'au {date}. Gardez ce code secret.",
    },
    "ar": {
        "title": "مكتبة · رمز التفعيل",
        "pupil": "التلميذ",
        "guardian": "الولي",
        "massar": "رمز مسار",
        "steps_pupil": [
            "1. افتح العنوان أعلاه.",
            "2. أدخل رمز مسار ورمز التفعيل.",
            "3. اختر كلمة مرور من 10 أحرف على الأقل.",
        ],
        "steps_guardian": [
            "1. افتح العنوان أعلاه.",
            "2. أدخل رقم بطاقتك الوطنية ورمز مسار ورمز التفعيل.",
            "3. اختر كلمة مرور من 10 أحرف على الأقل.",
        ],
        "expires": "صالح لمرة واحدة إلى غاية {date}. احتفظ بهذا الرمز سرياً.",
    },
}


class SlipFontError(RuntimeError):
    """A configured font file is missing (install Debian's fonts-noto-core)."""


def _register_fonts() -> dict[str, str]:
    names = {}
    for role, default in DEFAULT_FONTS.items():
        path = Path(
            portal_setting("SLIP_FONTS").get(role, default)
            if portal_setting("SLIP_FONTS")
            else default
        )
        name = f"Maktaba-{role}"
        if name not in pdfmetrics.getRegisteredFontNames():
            if not path.exists():
                raise SlipFontError(f"Font file missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        names[role] = name
    return names


def _is_arabic(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


class _Writer:
    """Draws mixed Arabic/Latin lines, choosing the font run by run."""

    def __init__(self, canvas: Canvas, fonts: dict[str, str]) -> None:
        self.canvas = canvas
        self.fonts = fonts

    def _runs(self, text: str, bold: bool) -> list[tuple[str, str]]:
        if any(_is_arabic(ch) for ch in text):
            text = get_display(arabic_reshaper.reshape(text))
        arabic = self.fonts["arabic_bold" if bold else "arabic"]
        latin = self.fonts["latin_bold" if bold else "latin"]
        runs: list[tuple[str, str]] = []
        for ch in text:
            font = arabic if _is_arabic(ch) else latin
            if ch == " " and runs:
                font = runs[-1][0]
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return sum(pdfmetrics.stringWidth(t, f, size) for f, t in self._runs(text, bold))

    def line(
        self, text: str, x: float, y: float, size: float, *, align: str, bold: bool = False
    ) -> None:
        """``align`` is ``left`` (x is the left edge), ``right`` or ``center``."""
        runs = self._runs(text, bold)
        total = sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)
        start = {"left": x, "right": x - total, "center": x - total / 2}[align]
        for font, chunk in runs:
            self.canvas.setFont(font, size)
            self.canvas.drawString(start, y, chunk)
            start += pdfmetrics.stringWidth(chunk, font, size)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if current and self.width(candidate, size) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        return [*lines, current] if current else lines


def site_address() -> str:
    return printable_url(portal_setting("SITE_ADDRESS") or public_origin())


def _draw_slip(writer: _Writer, entry: SlipEntry, left: float, bottom: float) -> None:
    c = writer.canvas
    c.saveState()
    c.setDash(3, 3)
    c.setStrokeGray(0.6)
    c.rect(left, bottom, SLIP_W, SLIP_H)
    c.restoreState()
    x0, x1 = left + PAD, left + SLIP_W - PAD
    mid = left + SLIP_W / 2
    y = bottom + SLIP_H - PAD - 9
    fr, ar = TEXT["fr"], TEXT["ar"]
    writer.line(fr["title"], x0, y, 9, align="left", bold=True)
    writer.line(ar["title"], x1, y, 10, align="right", bold=True)
    pupil = entry.pupil
    y -= 14
    writer.line(f"{fr['pupil']} : {pupil.full_name_latin}", x0, y, 8, align="left")
    writer.line(f"{ar['pupil']}: {pupil.full_name_ar}", x1, y, 9, align="right")
    if entry.guardian is not None:
        y -= 12
        writer.line(f"{fr['guardian']} : {entry.guardian.full_name_latin}", x0, y, 8, align="left")
        writer.line(f"{ar['guardian']}: {entry.guardian.full_name_ar}", x1, y, 9, align="right")
    y -= 12
    writer.line(f"{fr['massar']} : {pupil.massar_code}", x0, y, 8, align="left")
    writer.line(f"{ar['massar']}: {pupil.massar_code}", x1, y, 9, align="right")
    y -= 24
    c.setFont(CODE_FONT, 17)
    c.drawCentredString(mid, y, entry.issued.printable)
    kind = "guardian" if entry.guardian is not None else "pupil"
    path = f"/account/activate/{kind}/"
    address = site_address() + path
    y -= 13
    writer.line(address, mid, y, 8, align="center", bold=True)
    y -= 13
    half = SLIP_W / 2 - PAD - 2 * mm
    fr_lines = [ln for s in fr[f"steps_{kind}"] for ln in writer.wrap(s, half, 6.5)]
    ar_lines = [ln for s in ar[f"steps_{kind}"] for ln in writer.wrap(s, half, 7)]
    for n, text in enumerate(fr_lines):
        writer.line(text, x0, y - n * 9, 6.5, align="left")
    for n, text in enumerate(ar_lines):
        writer.line(text, x1, y - n * 9, 7, align="right")
    expires = timezone.localtime(entry.issued.record.expires_at).strftime("%d/%m/%Y")
    y = bottom + PAD + 2
    writer.line(ar["expires"].format(date=expires), x1, y + 9, 6.5, align="right")
    writer.line(fr["expires"].format(date=expires), x0, y, 6, align="left")


def build_slips_pdf(entries: Iterable[SlipEntry]) -> bytes:
    """The PDF of ``entries``: eight slips per A4 page, cut along the dashed lines."""
    fonts = _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Maktaba")
    writer = _Writer(canvas, fonts)
    per_page = COLUMNS * ROWS
    entries = list(entries)
    for index, entry in enumerate(entries):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        column, row = slot % COLUMNS, slot // COLUMNS
        _draw_slip(writer, entry, column * SLIP_W, A4[1] - (row + 1) * SLIP_H)
    if not entries:
        canvas.setFont(fonts["latin"], 12)
        canvas.drawString(20 * mm, A4[1] - 20 * mm, "-")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
