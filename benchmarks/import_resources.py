"""How long ``import_resources`` takes per row: dry run, first import, re-run, publish.

Run: ``python benchmarks/import_resources.py [ROWS]`` (default 200). Uses the test settings and
a throw-away database (SQLite in memory, or PostgreSQL with MAKTABA_TEST_DATABASE=postgres).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "library.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from catalog.importers.resources import ResourceImporter  # noqa: E402
from catalog.site_setup import ensure_roles, ensure_site  # noqa: E402
from tests.catalog.manifest_builder import TINY_PDF, ManifestFolder, row  # noqa: E402

LEVEL_SUBJECTS = [("TC", "mathematiques"), ("1BAC", "physique-chimie"), ("3AC", "svt")]


def build(folder: ManifestFolder, rows: int) -> Path:
    values = []
    for number in range(rows):
        level, subject = LEVEL_SUBJECTS[number % len(LEVEL_SUBJECTS)]
        name = f"files/lesson-{number:05d}.pdf"
        folder.file(name, TINY_PDF + f"% lesson {number}\n".encode())
        values.append(
            row(
                title=f"درس رقم {number} — المعادلات",
                levels=level,
                tracks="",
                subject=subject,
                tags="جبر|تمارين|مراجعة",
                file=name,
            )
        )
    return folder.manifest(values, create_files=False)


def timed(label: str, rows: int, **options) -> None:
    start = time.perf_counter()
    report = ResourceImporter(MANIFEST, **options).run()
    elapsed = time.perf_counter() - start
    actions = {a: len(report.with_action(a)) for a in ("create", "update", "unchanged")}
    print(
        f"{label:<22} {elapsed:7.2f} s  {1000 * elapsed / rows:7.1f} ms/row  "
        f"created {actions['create']:>4}  unchanged {actions['unchanged']:>4}"
    )


if __name__ == "__main__":
    ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    ensure_roles(ensure_site()[1])
    with tempfile.TemporaryDirectory() as tmp:
        MANIFEST = build(ManifestFolder(Path(tmp)), ROWS)
        print(f"{ROWS} rows, {connection.vendor}")
        timed("dry run (validate)", ROWS, dry_run=True)
        timed("first import (drafts)", ROWS)
        timed("re-run, unchanged", ROWS)
        timed("re-run --publish", ROWS, publish=True)
    connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
