"""A small bar chart of a pupil's subject averages against the class averages, as inline SVG.

Rendered on the server so it needs no JavaScript and weighs a few hundred bytes a subject. In a
right-to-left language the chart is mirrored (labels on the right, bars growing leftwards) by
computing the coordinates, not by CSS transforms, so the text itself is never mirrored. Every
bar has a ``<title>`` and the numbers are also in the marks table next to it. Its colours are
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

LABEL_WIDTH = 130
BAR_AREA = 200
ROW_HEIGHT = 34
BAR_HEIGHT = 12
MARGIN = 8


def _x(value: float, rtl: bool) -> float:
    """Left edge of a bar of length ``value`` (pixels) in the bar area."""
    if rtl:
        return MARGIN + BAR_AREA - value
    return LABEL_WIDTH + MARGIN


def subject_averages_chart(report: SemesterReport, rtl: bool) -> SafeString:
    lines = [line for line in report.lines if line.average is not None]
    if not lines:
        return SafeString("")
    width = LABEL_WIDTH + BAR_AREA + 2 * MARGIN
    height = ROW_HEIGHT * len(lines) + 30
    scale = BAR_AREA / 20
    parts = []
    for n, line in enumerate(lines):
        top = n * ROW_HEIGHT + MARGIN
        own = float(line.average) * scale
        mean = float(line.statistics.mean) * scale if line.statistics else 0
        bar_left = _x(own, rtl) if rtl else LABEL_WIDTH + MARGIN
        mean_left = _x(mean, rtl) if rtl else LABEL_WIDTH + MARGIN
        label_x = width - MARGIN if rtl else MARGIN
        own_text = number_format(line.average, 2)
        mean_text = number_format(line.statistics.mean, 2) if line.statistics else "—"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="start" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-own">'
                "<title>{}: {}</title></rect>"
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-class">'
                "<title>{}: {}</title></rect>",
                label_x,
                top + 2 * BAR_HEIGHT - 4,
                line.subject.name,
                f"{bar_left:.1f}",
                top,
                f"{own:.1f}",
                BAR_HEIGHT,
                _("My average"),
                own_text,
                f"{mean_left:.1f}",
                top + BAR_HEIGHT + 2,
                f"{mean:.1f}",
                BAR_HEIGHT,
                _("Class average"),
                mean_text,
            )
        )
    # The pass mark (10/20) as a vertical rule.
    ten = _x(10 * scale, rtl) if rtl else LABEL_WIDTH + MARGIN + 10 * scale
    legend_y = height - 8
    legend = format_html(
        '<line x1="{x}" y1="0" x2="{x}" y2="{h}" class="chart-ten"/>'
        '<rect x="{a}" y="{ly}" width="10" height="8" class="chart-own"/>'
        '<text x="{at}" y="{ty}" class="chart-legend">{own}</text>'
        '<rect x="{b}" y="{ly}" width="10" height="8" class="chart-class"/>'
        '<text x="{bt}" y="{ty}" class="chart-legend">{cls}</text>',
        x=f"{ten:.1f}",
        h=height - 20,
        a=width - MARGIN - 10 if rtl else MARGIN,
        at=width - MARGIN - 14 if rtl else MARGIN + 14,
        b=width // 2 - 10 if rtl else width // 2,
        bt=width // 2 - 14 if rtl else width // 2 + 14,
        ly=legend_y - 8,
        ty=legend_y,
        own=_("My average"),
        cls=_("Class average"),
    )
    body = format_html_join("", "{}", ((p,) for p in parts))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks-chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" direction="{d}" aria-labelledby="chart-title">'
        '<title id="chart-title">{t}</title>'
        "{body}{legend}</svg>",
        w=width,
        h=height,
        d="rtl" if rtl else "ltr",
        t=_("Subject averages compared with the class averages"),
        body=body,
        legend=legend,
    )


def bar_length(value: Decimal) -> float:
    """Pixels for a mark out of 20 (exposed for tests)."""
    return float(value) * BAR_AREA / 20
