"""Marks page benchmark: a full class's semester, the pupil's marks page beside the overview.

    .venv/bin/python benchmarks/marks.py [--pupils 40] [--requests 100]

Builds, in a scratch SQLite file (``MAKTABA_BENCH_DB``, default /tmp/maktaba-bench-marks.sqlite3,
rebuilt each run), one class of ``--pupils`` pupils with a published semester of marks (every
subject of the level, four tests and the activities mark), a week's timetable and a few tests;
then measures, through the full Django stack, server time p50/p95, SQL queries and gzip bytes of
the marks page (averages, class statistics and the SVG chart computed on every request) beside
the pupil's overview page, and the averages computation alone; then the report card PDF: one
pupil's, and the whole class's in one file (time and bytes).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault(
    "MAKTABA_BENCH_DB", os.path.join(tempfile.gettempdir(), "maktaba-bench-marks.sqlite3")
)
Path(os.environ["MAKTABA_BENCH_DB"]).unlink(missing_ok=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from catalog.site_setup import ensure_site  # noqa: E402
from portal_auth.models import Mark, SemesterPublication  # noqa: E402
from portal_auth.records.grading import semester_reports  # noqa: E402
from tests.factories.records import make_assessment, make_slot, year_containing_today  # noqa: E402
from tests.factories.schools import give_pupil_account, make_class, make_pupil  # noqa: E402


def build(pupils: int):
    call_command("migrate", verbosity=0)
    ensure_site()
    school_class = make_class(
        level="2BAC", track="sciences-physiques", year=year_containing_today()
    )
    people = [make_pupil(school_class) for _ in range(pupils)]
    subjects = list(school_class.level.subjects.all())
    Mark.objects.bulk_create(
        Mark(
            pupil=p,
            school_class=school_class,
            subject=s,
            semester=1,
            component=c,
            value=(i * 7 + j * 3 + k) % 21,
        )
        for i, p in enumerate(people)
        for j, s in enumerate(subjects)
        for k, c in enumerate(["test_1", "test_2", "test_3", "test_4", "activities"])
    )
    SemesterPublication.objects.create(school_class=school_class, semester=1)
    for n, s in enumerate(subjects[:12]):
        make_slot(
            school_class,
            s.slug,
            weekday=n // 2 + 1,
            start=f"{8 + 2 * (n % 2):02d}:00",
            end=f"{10 + 2 * (n % 2):02d}:00",
        )
    import datetime

    from django.utils import timezone

    for n, s in enumerate(subjects[:4]):
        make_assessment(
            school_class, s.slug, date=timezone.localdate() + datetime.timedelta(days=n + 1)
        )
    return school_class, people[0], len(subjects)


def measure(client: Client, url: str, requests: int) -> tuple[float, float, int, int]:
    client.get(url)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = len(gzip.compress(response.content))
    return statistics.median(times), statistics.quantiles(times, n=20)[18], len(queries), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=40)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    school_class, pupil, subjects = build(args.pupils)
    print(f"class of {args.pupils} pupils, {subjects} subjects, {Mark.objects.count()} marks")
    ids = [pupil.pk]
    times = []
    for _ in range(args.requests):
        start = time.perf_counter()
        semester_reports(school_class, 1, ids)
        times.append((time.perf_counter() - start) * 1000)
    print(f"{'averages alone (semester_reports)':40} p50 {statistics.median(times):6.1f} ms")
    client = Client()
    user = give_pupil_account(pupil)
    client.force_login(user, backend="portal_auth.accounts.backends.StaffModelBackend")
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'gzip B':>8}")
    for label, url in (
        ("marks page (semester 1)", "/account/marks/?semester=1"),
        ("overview", "/account/"),
    ):
        p50, p95, queries, size = measure(client, url, args.requests)
        print(f"{label:40} {p50:8.1f} {p95:8.1f} {queries:8d} {size:8d}")
    report_card_figures(school_class, pupil, max(3, args.requests // 20))


def report_card_figures(school_class, pupil, runs: int) -> None:
    from portal_auth.records.report_card import class_pupils, report_cards
    from portal_auth.records.report_card_pdf import build_report_cards_pdf

    pupils = class_pupils(school_class)
    print(f"{'report card PDF':40} {'p50 ms':>8} {'max ms':>8} {'pages':>8} {'bytes':>8}")
    for label, who in (("one pupil (ar)", [pupil]), (f"class of {len(pupils)} (ar)", pupils)):
        times, body = [], b""
        for _ in range(runs):
            start = time.perf_counter()
            body = build_report_cards_pdf(report_cards(school_class, 1, who), "ar")
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{label:40} {statistics.median(times):8.1f} {max(times):8.1f} "
            f"{len(who):8d} {len(body):8d}"
        )


if __name__ == "__main__":
    main()
