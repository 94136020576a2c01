"""A small bar chart of a pupil's subject averages against the class averages, as inline SVG.

Rendered on the server so it needs no JavaScript and weighs a few hundred bytes a subject. It
is narrower than a 360 px phone: each subject's name has a line of its own above its bars (a long
name never runs into a bar) and each bar's value is printed after it. In a right-to-left language
the chart is mirrored (names on the right, bars growing leftwards) by computing the coordinates,
not by CSS transforms, so the text itself is never mirrored. Every bar also has a ``<title>`` and
the numbers are in the marks table next to it. Its colours are
in ``static/css/maktaba.css`` (``.marks-chart``): the page's Content-Security-Policy allows no
inline ``<style>``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from .grading import SemesterReport

BAR_AREA = 260
VALUE_WIDTH = 44
ROW_HEIGHT = 52
BAR_HEIGHT = 12
LEGEND_LINE = 18
MARGIN = 8
WIDTH = 2 * MARGIN + BAR_AREA + VALUE_WIDTH


def _bar_x(length: float, rtl: bool) -> float:
    """Left edge of a bar of ``length`` pixels: bars start at the reading side's edge."""
    return WIDTH - MARGIN - length if rtl else MARGIN


def _value_x(length: float, rtl: bool) -> float:
    """Where the printed value starts, just past the end of its bar."""
    return WIDTH - MARGIN - length - 4 if rtl else MARGIN + length + 4


def _bar(top: float, value: Decimal, css_class: str, name: str, rtl: bool) -> SafeString:
    length = bar_length(value)
    text = number_format(value, 2)
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}" class="chart-value {}">{}</text>',
        f"{_bar_x(length, rtl):.1f}",
        top,
        f"{length:.1f}",
        BAR_HEIGHT,
        css_class,
        name,
        text,
        f"{_value_x(length, rtl):.1f}",
        top + BAR_HEIGHT - 2,
        css_class,
        text,
    )


def _legend_entry(y: float, swatch: SafeString, text: str, rtl: bool) -> SafeString:
    return format_html(
        '{}<text x="{}" y="{}" class="chart-legend">{}</text>',
        swatch,
        WIDTH - MARGIN - 16 if rtl else MARGIN + 16,
        y + 9,
        text,
    )


def subject_averages_chart(report: SemesterReport, rtl: bool) -> SafeString:
    """One row a subject: its name on a line of its own, then the pupil's bar and the class's
    bar, each with its value printed after it (readable without hovering); a dashed rule at
    10/20; a legend naming only what is drawn, the rule included."""
    lines = [line for line in report.lines if line.average is not None]
    if not lines:
        return SafeString("")
    rows = []
    for n, line in enumerate(lines):
        top = n * ROW_HEIGHT + MARGIN
        bars = _bar(top + 18, line.average, "chart-own", _("My average"), rtl)
        if line.statistics is not None:
            bars += _bar(
                top + 18 + BAR_HEIGHT + 4,
                line.statistics.mean,
                "chart-class",
                _("Class average"),
                rtl,
            )
        rows.append(
            format_html(
                '<g class="chart-row"><text x="{}" y="{}" class="chart-label">{}</text>{}</g>',
                WIDTH - MARGIN if rtl else MARGIN,
                top + 12,
                line.subject.name,
                bars,
            )
        )
    rows_bottom = len(lines) * ROW_HEIGHT + MARGIN
    swatch_x = WIDTH - MARGIN - 10 if rtl else MARGIN
    ten = _bar_x(bar_length(Decimal(10)), rtl) + (0 if rtl else bar_length(Decimal(10)))
    entries = [
        ("chart-own", _("My average")),
        *(
            [("chart-class", _("Class average"))]
            if any(line.statistics is not None for line in lines)
            else []
        ),
    ]
    legend = [
        _legend_entry(
            rows_bottom + i * LEGEND_LINE,
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" class="{}"/>',
                swatch_x,
                rows_bottom + i * LEGEND_LINE,
                css_class,
            ),
            text,
            rtl,
        )
        for i, (css_class, text) in enumerate(entries)
    ]
    rule_y = rows_bottom + len(entries) * LEGEND_LINE + 5
    legend.append(
        _legend_entry(
            rule_y - 5,
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-ten"/>',
                swatch_x,
                rule_y,
                swatch_x + 10,
                rule_y,
            ),
            _("Pass mark (10/20)"),
            rtl,
        )
    )
    height = rows_bottom + (len(entries) + 1) * LEGEND_LINE + MARGIN
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks-chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" direction="{d}" aria-labelledby="chart-title">'
        '<title id="chart-title">{t}</title>'
        '<line x1="{x}" y1="{top}" x2="{x}" y2="{bottom}" class="chart-ten"/>'
        "{rows}{legend}</svg>",
        w=WIDTH,
        h=height,
        d="rtl" if rtl else "ltr",
        t=_("Subject averages compared with the class averages"),
        x=f"{ten:.1f}",
        top=MARGIN + 14,
        bottom=rows_bottom,
        rows=format_html_join("", "{}", ((row,) for row in rows)),
        legend=format_html_join("", "{}", ((entry,) for entry in legend)),
    )


def bar_length(value: Decimal) -> float:
    """Pixels for a mark out of 20 (exposed for tests)."""
    return float(value) * BAR_AREA / 20
