"""axe-core, run inside the page Chromium shows: WCAG 2.2 AA, serious and critical findings fail.

axe-core comes from the npm registry (``scripts/setup_env.sh`` with ``MAKTABA_WITH_BROWSER=1``
installs it under ``var/node``; ``MAKTABA_AXE`` points elsewhere). It is evaluated through the
DevTools protocol, which the page's Content-Security-Policy does not govern, so the policy the
journeys watch stays the site's own.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

AXE = Path(
    os.environ.get(
        "MAKTABA_AXE",
        Path(__file__).resolve().parents[2] / "var/node/node_modules/axe-core/axe.min.js",
    )
)
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}


@cache
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(
            f"axe-core not found at {AXE}: run MAKTABA_WITH_BROWSER=1 scripts/setup_env.sh "
            "(needs npm) or set MAKTABA_AXE"
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """axe's serious and critical WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source() + "\n;undefined")
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


def broken_references(page) -> list[str]:
    """``aria-describedby``, ``aria-labelledby`` and ``<label for>`` that point at no element."""
    return page.evaluate(
        """() => {
        const broken = [];
        for (const el of document.querySelectorAll('[aria-describedby],[aria-labelledby]')) {
            for (const attr of ['aria-describedby', 'aria-labelledby']) {
                for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
                    if (!document.getElementById(id)) broken.push(`${el.outerHTML.slice(0, 80)} ${attr}=${id}`);
                }
            }
        }
        for (const label of document.querySelectorAll('label[for]')) {
            if (!document.getElementById(label.htmlFor)) broken.push(`label for=${label.htmlFor}`);
        }
        return broken;
    }"""
    )


def focus_problems(page, stops: int = 12) -> list[str]:
    """Tabs from the top of the page: the first stop is a visible skip link to the main content,
    and every stop shows a focus ring of at least 2 px with a 3:1 contrast on the page."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }"
    )
    problems = []
    for n in range(stops):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const s = getComputedStyle(el);
            const rgb = c => (c.match(/[\\d.]+/g) || [0, 0, 0]).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
            const ring = rgb(s.outlineColor), page = rgb(getComputedStyle(document.body).backgroundColor === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.documentElement).backgroundColor : getComputedStyle(document.body).backgroundColor);
            const [a, b] = [lum(ring), lum(page)].sort((x, y) => y - x);
            const box = el.getBoundingClientRect();
            return {html: el.outerHTML.slice(0, 80), href: el.getAttribute('href'),
                    style: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    contrast: (a + 0.05) / (b + 0.05), visible: box.width > 4 && box.height > 4};
        }"""
        )
        if found is None:
            break
        if n == 0 and (found["href"] != "#main" or not found["visible"]):
            problems.append(f"the first Tab stop is not a visible skip link: {found['html']}")
        if found["style"] == "none" or found["width"] < 2 or found["contrast"] < 3:
            problems.append(f"no visible focus ring on {found['html']}: {found}")
    return problems


def assert_accessible(page) -> None:
    """axe's serious and critical WCAG 2.2 AA violations, plus references to missing ids."""
    violations = axe_violations(page)
    broken = broken_references(page)
    assert violations == [] and broken == [], (
        f"axe on {page.url}:\n" + describe(violations) + "\n" + "\n".join(broken)
    )
