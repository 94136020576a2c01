"""Running the real validators and renderers the e-book tests rely on."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

EPUBCHECK = Path("/usr/bin/epubcheck")


def epubcheck(path: str | Path) -> tuple[list[dict], list[dict]]:
    """Run Debian's epubcheck on ``path``; returns (errors and fatals, warnings).

    Debian installs epubcheck as an executable jar, so it is run through ``java -jar`` (the
    kernel's binfmt handler for jars is not available in containers).
    """
    if not EPUBCHECK.exists() or not shutil.which("java"):
        raise AssertionError("epubcheck is not installed: apt-get install epubcheck")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            ["java", "-jar", str(EPUBCHECK.resolve()), str(path), "--json", str(report)],
            capture_output=True,
            timeout=300,
        )
        data = json.loads(report.read_text())
    messages = data.get("messages", [])
    errors = [m for m in messages if m.get("severity") in ("ERROR", "FATAL")]
    warnings = [m for m in messages if m.get("severity") == "WARNING"]
    return errors, warnings


def render_pdf_page(path: str | Path, page: int, out_dir: str | Path, dpi: int = 80) -> Path:
    """Render one PDF page to PNG with poppler's pdftoppm; returns the PNG path."""
    prefix = Path(out_dir) / f"page-{page}"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return prefix.with_suffix(".png")
