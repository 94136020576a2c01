"""One-page PDFs with real Arabic (shaped, right-to-left) or French/English text.

reportlab draws glyphs in the order it is given, so Arabic is shaped first (``arabic_reshaper``
joins the letters) and then put in visual order (``python-bidi``), one wrapped line at a time.
The PDFs are generated in reportlab's invariant mode: the same text gives the same bytes, so
running the demo loader twice does not look like a new edition to the importer.
"""

from __future__ import annotations

from pathlib import Path

import arabic_reshaper
from bidi import get_display
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_FOLDER = Path("/usr/share/fonts/truetype/noto")
FONTS = {
    "arabic": ("MaktabaNaskh", "NotoNaskhArabic-Regular.ttf"),
    "arabic-bold": ("MaktabaNaskhBold", "NotoNaskhArabic-Bold.ttf"),
    "latin": ("MaktabaSans", "NotoSans-Regular.ttf"),
    "latin-bold": ("MaktabaSansBold", "NotoSans-Bold.ttf"),
}
MARGIN = 56
TITLE_SIZE = 18
TEXT_SIZE = 12


class FontsMissing(RuntimeError):
    """The Noto fonts are not installed (Debian package ``fonts-noto-core``)."""


def _font(role: str) -> str:
    name, filename = FONTS[role]
    if name not in pdfmetrics.getRegisteredFontNames():
        path = FONT_FOLDER / filename
        if not path.exists():
            raise FontsMissing(f"{path} is missing; install the fonts-noto-core package.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def _wrap(text: str, font: str, size: int, width: float, shape) -> list[str]:
    """Greedy word wrap on the logical text, measuring the shaped form."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and pdfmetrics.stringWidth(shape(candidate), font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def write_lesson_pdf(
    path: Path, *, language: str, title: str, subtitle: str, paragraphs: list[str]
) -> Path:
    """Write a one-page lesson sheet: title, subtitle (subject · level), paragraphs."""
    rtl = language == "ar"
    regular = _font("arabic" if rtl else "latin")
    bold = _font("arabic-bold" if rtl else "latin-bold")

    def shape(text: str) -> str:
        return get_display(arabic_reshaper.reshape(text)) if rtl else text

    page_width, page_height = A4
    text_width = page_width - 2 * MARGIN
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Maktaba")
    canvas.setSubject(subtitle)
    y = page_height - MARGIN

    def draw(text: str, font: str, size: int, gap: float) -> None:
        nonlocal y
        for line in _wrap(text, font, size, text_width, shape):
            canvas.setFont(font, size)
            if rtl:
                canvas.drawRightString(page_width - MARGIN, y, shape(line))
            else:
                canvas.drawString(MARGIN, y, line)
            y -= size * 1.5
        y -= gap

    draw(title, bold, TITLE_SIZE, 6)
    draw(subtitle, regular, TEXT_SIZE - 1, 14)
    for paragraph in paragraphs:
        draw(paragraph, regular, TEXT_SIZE, 8)
    canvas.showPage()
    canvas.save()
    return path
