"""PDF writer: ReportLab with Noto fonts; Arabic shaped (arabic_reshaper) and ordered (python-bidi).

ReportLab draws glyphs left to right and knows nothing of Arabic joining or bidirectional text,
so each paragraph is broken into lines in *logical* order first (measuring the shaped text), then
each line is shaped and reordered for display and drawn right-aligned in an Arabic book. Noto
Naskh Arabic has no Latin letters, so every line is drawn as runs: Arabic script in Naskh,
everything else in Noto Sans.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from library.public_origin import printable_url

from .content import (
    Book,
    BookImage,
    Callout,
    Figure,
    Paragraphs,
    ResourceLink,
    Steps,
    VideoElement,
)
from .richtext import TextBlock

FONT_FILES = {
    "MaktabaNaskh": "NotoNaskhArabic-Regular.ttf",
    "MaktabaNaskhBold": "NotoNaskhArabic-Bold.ttf",
    "MaktabaSans": "NotoSans-Regular.ttf",
    "MaktabaSansBold": "NotoSans-Bold.ttf",
}


# Images are never drawn larger than 96 dpi, so small screenshots stay sharp.
MAX_POINTS_PER_PIXEL = 0.75


class PdfFontsMissing(RuntimeError):
    """The Noto fonts are not installed; the build fails with a message the operator can act on."""


@lru_cache(maxsize=4)
def register_fonts(font_dir: str) -> frozenset[int]:
    """Register the Noto fonts once; returns the code points Noto Naskh Arabic draws."""
    for name, filename in FONT_FILES.items():
        path = Path(font_dir) / filename
        if not path.exists():
            raise PdfFontsMissing(str(path))
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    naskh = pdfmetrics.getFont("MaktabaNaskh").face.charToGlyph
    sans = pdfmetrics.getFont("MaktabaSans").face.charToGlyph
    return frozenset(cp for cp in naskh if cp not in sans or 0x0600 <= cp <= 0x06FF)


LEVELS_PATTERN = re.compile(r"levels: \[(.*?)\]", re.S)
LEVEL_PATTERN = re.compile(r"Level\(\s*(\d+)")


def _bidi_levels(text: str, base_dir: str) -> list[int] | None:
    """Resolved embedding levels of ``text`` (Unicode bidi algorithm, with bracket pairs).

    python-bidi's Rust core resolves levels correctly but its ``get_display`` does not mirror
    brackets; its debug output carries the levels (per UTF-8 byte), which are read here. ``None`` if that
    output ever changes shape, and the caller falls back to unmirrored ``get_display``.
    """
    debug = get_display(text, base_dir=base_dir, debug=True)
    found = LEVELS_PATTERN.search(str(debug))
    if not found:
        return None
    byte_levels = [int(level) for level in LEVEL_PATTERN.findall(found.group(1))]
    if len(byte_levels) != len(text.encode("utf-8")):
        return None
    # The Rust core reports one level per UTF-8 byte: keep the level of each character's start.
    levels, offset = [], 0
    for ch in text:
        levels.append(byte_levels[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def display_order(text: str, rtl: bool) -> str:
    """``text`` (one line, logical order) reordered for left-to-right drawing, brackets mirrored."""
    base_dir = "R" if rtl else "L"
    levels = _bidi_levels(text, base_dir) if text else None
    if levels is None:
        return get_display(text, base_dir=base_dir) if text else text
    chars = [
        MIRRORED.get(ch, ch) if level % 2 else ch for ch, level in zip(text, levels, strict=True)
    ]
    order = list(range(len(text)))
    # Rule L2: reverse every run at or above each level, from the highest level down to the
    # lowest odd level of the line.
    lowest_odd = min(levels) if min(levels) % 2 else min(levels) + 1
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return "".join(chars[i] for i in order)


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def _font_runs(
    text: str, arabic_font: str, latin_font: str, arabic_points: frozenset[int]
) -> list[tuple[str, str]]:
    """(text, font) runs: Arabic script in the Arabic font, everything else in the Latin one;
    spaces stay in the run they are in."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        if ch.isspace() and runs:
            font = runs[-1][1]
        else:
            font = arabic_font if ord(ch) in arabic_points else latin_font
        if runs and runs[-1][1] == font:
            runs[-1] = (runs[-1][0] + ch, font)
        else:
            runs.append((ch, font))
    return runs


@lru_cache(maxsize=65536)
def _word_width(
    word: str, arabic_font: str, latin_font: str, size: float, arabic_points: frozenset[int]
) -> float:
    """Width of one word once shaped (shaping only changes letters inside a word)."""
    shaped = arabic_reshaper.reshape(word) if _has_arabic(word) else word
    return sum(
        pdfmetrics.stringWidth(text, font, size)
        for text, font in _font_runs(shaped, arabic_font, latin_font, arabic_points)
    )


class LineShaper:
    """Shapes, reorders and measures single lines, splitting them into font runs."""

    def __init__(self, arabic_points: frozenset[int], bold: bool, size: float, rtl: bool):
        self.arabic_points = arabic_points
        self.arabic_font = "MaktabaNaskhBold" if bold else "MaktabaNaskh"
        self.latin_font = "MaktabaSansBold" if bold else "MaktabaSans"
        self.size = size
        self.rtl = rtl

    def visual(self, line: str) -> str:
        if not (self.rtl or _has_arabic(line)):
            return line
        return display_order(arabic_reshaper.reshape(line), self.rtl)

    def runs(self, line: str) -> list[tuple[str, str]]:
        """(text, font) runs of the line in visual (left-to-right drawing) order."""
        return _font_runs(self.visual(line), self.arabic_font, self.latin_font, self.arabic_points)

    def width(self, line: str) -> float:
        """Width of a line once drawn. Shaping only changes letters inside a word and reordering
        does not change widths, so the logical text is measured, word by word (cached)."""
        words = line.split(" ")
        return sum(self.word_width(word) for word in words) + self.space_width * (len(words) - 1)

    @property
    def space_width(self) -> float:
        return pdfmetrics.stringWidth(" ", self.latin_font, self.size)

    def word_width(self, word: str) -> float:
        return _word_width(word, self.arabic_font, self.latin_font, self.size, self.arabic_points)


class ShapedText(Flowable):
    """A paragraph drawn line by line with correct Arabic shaping and direction."""

    def __init__(
        self,
        text: str,
        shaper: LineShaper,
        *,
        leading: float | None = None,
        space_after: float = 4,
        indent: float = 0,
        color=colors.black,
        outline: str = "",
        lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.shaper = shaper
        self.leading = leading or shaper.size * 1.6
        self.space_after = space_after
        self.indent = indent
        self.color = color
        self.outline = outline
        self.lines = lines

    def _break(self, width: float) -> list[str]:
        """Greedy line breaking in logical order, with cached word widths."""
        shaper = self.shaper
        space = shaper.space_width
        lines: list[str] = []
        for raw in self.text.split("\n"):
            current, current_width = "", 0.0
            for word in raw.split():
                word_width = shaper.word_width(word)
                if current and current_width + space + word_width <= width:
                    current, current_width = f"{current} {word}", current_width + space + word_width
                    continue
                if current:
                    lines.append(current)
                current, current_width = word, word_width
                while current_width > width and len(current) > 1:
                    # A word longer than the line (a URL): cut it where it fits.
                    cut = len(current) - 1
                    while cut > 1 and shaper.word_width(current[:cut]) > width:
                        cut -= 1
                    lines.append(current[:cut])
                    current = current[cut:]
                    current_width = shaper.word_width(current)
            if current:
                lines.append(current)
        return lines

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if self.lines is None:
            self.lines = self._break(avail_width - self.indent)
        self.height = len(self.lines) * self.leading + self.space_after
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        common = {
            "leading": self.leading,
            "indent": self.indent,
            "color": self.color,
        }
        return [
            ShapedText(
                self.text,
                self.shaper,
                space_after=0,
                lines=self.lines[:fit],
                outline=self.outline,
                **common,
            ),
            ShapedText(
                self.text,
                self.shaper,
                space_after=self.space_after,
                lines=self.lines[fit:],
                **common,
            ),
        ]

    def draw(self) -> None:
        canvas = self.canv
        if self.outline:
            key = f"h-{id(self)}"
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(self.outline, key, level=0)
        canvas.setFillColor(self.color)
        size = self.shaper.size
        for index, line in enumerate(self.lines or []):
            baseline = self.height - self.space_after - (index + 1) * self.leading
            baseline += (self.leading - size) / 2 + size * 0.25
            runs = self.shaper.runs(line)
            total = sum(pdfmetrics.stringWidth(t, f, size) for t, f in runs)
            x = self.width - self.indent - total if self.shaper.rtl else self.indent
            for text, font in runs:
                canvas.setFont(font, size)
                canvas.drawString(x, baseline, text)
                x += pdfmetrics.stringWidth(text, font, size)


class PdfWriter:
    def __init__(self, book: Book, arabic_points: frozenset[int]) -> None:
        self.book = book
        self.rtl = book.direction == "rtl"
        self.points = arabic_points
        self.page_width, self.page_height = A4
        self.margin = 18 * mm
        self.frame_width = self.page_width - 2 * self.margin
        self.frame_height = self.page_height - 2 * self.margin

    def shaper(self, size: float, bold: bool = False) -> LineShaper:
        return LineShaper(self.points, bold=bold, size=size, rtl=self.rtl)

    def text(self, text: str, size: float = 11, bold: bool = False, **kwargs) -> ShapedText:
        return ShapedText(text, self.shaper(size, bold), **kwargs)

    def url(self, url: str, size: float = 9) -> ShapedText:
        # URLs are always left to right.
        shaper = LineShaper(self.points, bold=False, size=size, rtl=False)
        return ShapedText(printable_url(url), shaper, color=colors.HexColor("#1a4f8b"))

    def image(self, image: BookImage, max_height_ratio: float = 0.6) -> Image:
        scale = min(
            self.frame_width / image.width,
            self.frame_height * max_height_ratio / image.height,
            MAX_POINTS_PER_PIXEL,
        )
        flowable = Image(
            io.BytesIO(image.data), width=image.width * scale, height=image.height * scale
        )
        flowable.hAlign = "CENTER"
        return flowable

    def text_blocks(self, blocks: list[TextBlock], indent: float = 0) -> list[Flowable]:
        flows: list[Flowable] = []
        for block in blocks:
            text = block.plain
            if block.kind == "h3":
                flows.append(self.text(text, 14, bold=True, space_after=6, indent=indent))
            elif block.kind == "h4":
                flows.append(self.text(text, 12, bold=True, space_after=4, indent=indent))
            elif block.kind == "ul":
                flows.append(self.text(f"• {text}", indent=indent + 4 * mm))
            elif block.kind == "ol":
                flows.append(self.text(f"{block.list_index}. {text}", indent=indent + 4 * mm))
            else:
                flows.append(self.text(text, indent=indent, space_after=6))
            links = [run.href for run in block.runs if run.href]
            flows.extend(self.url(href) for href in dict.fromkeys(links))
        return flows

    def element(self, element) -> list[Flowable]:
        if isinstance(element, Paragraphs):
            return self.text_blocks(element.blocks)
        if isinstance(element, Figure):
            flows: list[Flowable] = [self.image(element.image)]
            if element.caption:
                flows.append(self.text(element.caption, 9, color=colors.HexColor("#444444")))
            return [KeepTogether(flows), Spacer(1, 4 * mm)]
        if isinstance(element, VideoElement):
            flows = []
            if element.unavailable:
                note = _("The video “%(title)s” is not available yet.") % {"title": element.title}
                return [self.text(note, 10, color=colors.HexColor("#8a1c1c")), Spacer(1, 3 * mm)]
            if element.poster:
                flows.append(self.image(element.poster, 0.4))
            label = _("Video: %(title)s") % {"title": element.caption or element.title}
            flows.append(self.text(label, 10, bold=True))
            flows.append(self.text(_("Watch it online:"), 9))
            flows.append(self.url(element.online_url))
            return [KeepTogether(flows), Spacer(1, 3 * mm)]
        if isinstance(element, Steps):
            flows = []
            if element.title:
                flows.append(self.text(element.title, 14, bold=True, space_after=6))
            for number, step in enumerate(element.steps, start=1):
                flows.append(self.text(f"{number}. {step.title}", 11, bold=True))
                flows.extend(self.text_blocks(step.blocks, indent=6 * mm))
                if step.image:
                    flows.append(self.image(step.image, 0.45))
                flows.append(Spacer(1, 2 * mm))
            return flows
        if isinstance(element, Callout):
            label = {"warning": _("Warning"), "note": _("Note")}.get(element.kind, _("Tip"))
            inner = [self.text(label, 11, bold=True)] + self.text_blocks(element.blocks)
            table = Table([[inner]], colWidths=[self.frame_width - 4 * mm])
            border = {"warning": "#b00000", "tip": "#007a00"}.get(element.kind, "#888888")
            table.setStyle(
                TableStyle(
                    [
                        ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor(border)),
                        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                    ]
                )
            )
            return [table, Spacer(1, 4 * mm)]
        if isinstance(element, ResourceLink):
            flows = [self.text(element.title, 11, bold=True)]
            if element.note:
                flows.append(self.text(element.note, 10))
            flows.append(self.url(element.url))
            return flows
        return []

    def story(self) -> list[Flowable]:
        book = self.book
        story: list[Flowable] = []
        if book.cover:
            story.append(self.image(book.cover, 0.6))
            story.append(Spacer(1, 8 * mm))
        story.append(self.text(book.title, 24, bold=True, space_after=10, outline=book.title))
        if book.subtitle:
            story.append(self.text(book.subtitle, 15, space_after=8))
        if book.description:
            story.append(self.text(book.description, 11, space_after=8))
        story.append(self.text(f"{book.publisher} · v{book.version}", 10))
        story.append(self.url(book.page_url))
        if book.chapters:
            story.append(PageBreak())
            story.append(self.text(_("Contents"), 18, bold=True, space_after=10))
            for chapter in book.chapters:
                story.append(self.text(f"{chapter.number}. {chapter.heading}", 12))
        for chapter in book.chapters:
            story.append(PageBreak())
            story.append(
                self.text(chapter.heading, 20, bold=True, space_after=10, outline=chapter.heading)
            )
            for element in chapter.elements:
                story.extend(self.element(element))
            if not chapter.elements:
                story.append(self.text(_("This chapter has no content yet."), 10))
        return story

    def number_pages(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("MaktabaSans", 9)
        canvas.drawCentredString(self.page_width / 2, 10 * mm, str(doc.page))
        canvas.restoreState()

    def write(self, destination: Path) -> Path:
        doc = SimpleDocTemplate(
            str(destination),
            pagesize=A4,
            leftMargin=self.margin,
            rightMargin=self.margin,
            topMargin=self.margin,
            bottomMargin=self.margin,
            title=self.book.title,
            author=self.book.publisher,
            subject=self.book.description[:200],
            creator="Maktaba",
            lang=self.book.language,
        )
        doc.build(self.story(), onFirstPage=self.number_pages, onLaterPages=self.number_pages)
        return destination


def write_pdf(book: Book, destination: Path, font_dir: str) -> Path:
    """Write ``book`` as a PDF at ``destination`` and return the path."""
    points = register_fonts(font_dir)
    with translation.override(book.language):
        return PdfWriter(book, points).write(destination)
