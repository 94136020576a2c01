"""The report card as a PDF: one A4 page per pupil, in Arabic (right to left) or in French.

Drawn with the e-book's ReportLab writer (``catalog.ebook.pdf``): Arabic is shaped, put in
visual order and drawn in Noto Naskh Arabic, Latin runs in Noto Sans. Tables run right to left
in Arabic (the subject column on the right), left to right in French. Numbers use the language's
format (12,75). Labels come from the translation catalogue under the card's language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from catalog.ebook.pdf import LineShaper, ShapedText, register_fonts

from ..conf import portal_setting
from ..models import MarkStatus
from ..models.marks import CONTINUOUS_COMPONENTS, EXAM_COMPONENTS, Semester
from .grading import Cell
from .report_card import ReportCard

LANGUAGES = ("ar", "fr")
MARGIN = 15 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
GRID = colors.HexColor("#777777")
SHADE = colors.HexColor("#eeeeee")


def report_language(language: str | None) -> str:
    """Arabic or French, as Massar prints; any other interface language gets French."""
    return language if language in LANGUAGES else ("ar" if language is None else "fr")


class _Card:
    """Draws one pupil's card into flowables, in the active language."""

    def __init__(self, points: frozenset[int], rtl: bool) -> None:
        self.points = points
        self.rtl = rtl

    def text(self, value: str, size: float = 9, bold: bool = False, **kwargs) -> ShapedText:
        shaper = LineShaper(self.points, bold=bold, size=size, rtl=self.rtl)
        kwargs.setdefault("space_after", 0)
        return ShapedText(str(value), shaper, **kwargs)

    def row(self, cells: list) -> list:
        """A table row in drawing order: reversed in Arabic, so the first cell is on the right."""
        return list(reversed(cells)) if self.rtl else cells

    def widths(self, widths: list[float]) -> list[float]:
        return list(reversed(widths)) if self.rtl else widths

    @staticmethod
    def number(value: Decimal | None) -> str:
        return "—" if value is None else formats.number_format(value, 2)

    def cell(self, cell: Cell | None) -> str:
        if cell is None:
            return "—"
        if cell.status == MarkStatus.ABSENT:
            return _("absent")
        if cell.status == MarkStatus.EXEMPT:
            return _("exempt")
        return self.number(cell.value)

    def table(self, rows: list[list], widths: list[float], header_rows: int = 1) -> Table:
        table = Table(
            [self.row(r) for r in rows], colWidths=self.widths(widths), repeatRows=header_rows
        )
        table.hAlign = "RIGHT" if self.rtl else "LEFT"
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        return table

    def pupil_names(self, card: ReportCard) -> str:
        pupil = card.pupil
        first, second = (
            (pupil.full_name_ar, pupil.full_name_latin)
            if self.rtl
            else (pupil.full_name_latin, pupil.full_name_ar)
        )
        return " — ".join(name for name in (first, second) if name)

    def story(self, card: ReportCard) -> list:
        school_class = card.school_class
        school = school_class.school
        flows: list = [
            self.text(school.academy.name, 9),
            self.text(school.directorate.name, 9),
            self.text(school.name, 10, bold=True),
            Spacer(1, 4 * mm),
            self.text(
                _("Report card · %(semester)s") % {"semester": Semester(card.semester).label},
                15,
                bold=True,
                space_after=3 * mm,
            ),
        ]
        identity = [
            (_("Pupil"), self.pupil_names(card)),
            (_("Massar code"), card.pupil.massar_code),
            (_("Class"), school_class.name),
            (_("School year"), school_class.year.label),
        ]
        flows.append(
            self.table(
                [[self.text(label, bold=True), self.text(value)] for label, value in identity],
                [38 * mm, FRAME_WIDTH - 38 * mm],
                header_rows=0,
            )
        )
        flows.append(Spacer(1, 4 * mm))
        flows.append(self.text(_("Continuous assessment"), 11, bold=True, space_after=1 * mm))
        headers = (
            [_("Subject")]
            + [c.label for c in CONTINUOUS_COMPONENTS]
            + [_("Subject average"), _("Coefficient"), _("Class average")]
        )
        rows = [[self.text(h, 7.5, bold=True) for h in headers]]
        for line in card.report.lines:
            values = (
                [line.subject.name]
                + [self.cell(c) for c in line.continuous_cells]
                + [
                    self.number(line.average),
                    floatformat(line.coefficient, "-2"),
                    self.number(line.statistics.mean if line.statistics else None),
                ]
            )
            rows.append(
                [self.text(values[0], 8.5)]
                + [self.text(v, 8, bold=i == 5) for i, v in enumerate(values[1:])]
            )
        fixed = [15 * mm] * 5 + [19 * mm] * 3
        flows.append(self.table(rows, [FRAME_WIDTH - sum(fixed)] + fixed))
        exam_lines = card.report.exam_lines
        if exam_lines:
            flows.append(Spacer(1, 3 * mm))
            flows.append(self.text(_("Exams"), 11, bold=True, space_after=1 * mm))
            rows = [
                [
                    self.text(h, 7.5, bold=True)
                    for h in [_("Subject")] + [c.label for c in EXAM_COMPONENTS]
                ]
            ]
            for line in exam_lines:
                rows.append(
                    [self.text(line.subject.name, 8.5)]
                    + [self.text(self.cell(c), 8.5) for c in line.exam_cells]
                )
            exam_width = 25 * mm
            flows.append(self.table(rows, [FRAME_WIDTH - 3 * exam_width] + [exam_width] * 3))
        flows.append(Spacer(1, 4 * mm))
        results = [(_("Semester average"), self.number(card.average))]
        if card.semester_averages is not None:
            results = [
                (
                    _("Average of %(semester)s") % {"semester": Semester(n).label},
                    self.number(card.semester_averages[n]),
                )
                for n in (1, 2)
            ] + [(_("Annual average"), self.number(card.annual))]
        flows.append(
            self.table(
                [
                    [self.text(label, 10, bold=True), self.text(value, 10, bold=True)]
                    for label, value in results
                ],
                [60 * mm, 30 * mm],
                header_rows=0,
            )
        )
        flows.append(Spacer(1, 4 * mm))
        flows.append(
            self.text(
                _(
                    "Class averages are shown only where enough pupils have an average in the "
                    "subject. No rank is computed."
                ),
                7.5,
                color=colors.HexColor("#444444"),
            )
        )
        flows.append(
            self.text(
                _("Printed from Maktaba on %(date)s.")
                % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")},
                7.5,
                color=colors.HexColor("#444444"),
            )
        )
        return flows


def build_report_cards_pdf(cards: Iterable[ReportCard], language: str) -> bytes:
    """One PDF, one page per card, in ``language`` (``ar`` or ``fr``)."""
    language = report_language(language)
    points = register_fonts(str(portal_setting("REPORT_CARD_FONT_DIR")))
    buffer = io.BytesIO()
    with translation.override(language):
        writer = _Card(points, rtl=translation.get_language_bidi())
        story: list = []
        for index, card in enumerate(cards):
            if index:
                story.append(PageBreak())
            story.extend(writer.story(card))
        if not story:
            story.append(writer.text(_("No pupil in this class."), 11))
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=_("Report card"),
            creator="Maktaba",
            lang=language,
            invariant=1,
        )
        doc.build(story)
    return buffer.getvalue()
