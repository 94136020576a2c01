"""Portal benchmark: slips, code checks and imports at the size of a real school, side by side.

    .venv/bin/python benchmarks/portal.py [--pupils 1000]

Uses a scratch SQLite file (``MAKTABA_BENCH_DB``, default /tmp/maktaba-bench-portal.sqlite3) and
prints: the slip PDF for a class of 40 pupils and 80 guardians (time, bytes, per slip); one
activation-code check (HMAC + constant-time compare) beside one password check (PBKDF2, the
production hasher), which is what makes online guessing slow either way; the pupil import of
``--pupils`` rows as a dry run, a real import and a re-import of the same file.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault(
    "MAKTABA_BENCH_DB", os.path.join(tempfile.gettempdir(), "maktaba-bench-portal.sqlite3")
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import check_password, make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402

from portal_auth.accounts import codes  # noqa: E402
from portal_auth.accounts.slips import build_slips_pdf  # noqa: E402
from portal_auth.importers.pupils import import_pupils  # noqa: E402
from portal_auth.models import Academy, Directorate, Pupil, School, SchoolYear  # noqa: E402


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    return (time.perf_counter() - start) / repeat, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    Pupil.objects.all().delete()
    year, _ = SchoolYear.objects.get_or_create(
        label="2025-2026",
        defaults={"starts_on": "2025-09-01", "ends_on": "2026-07-15", "is_current": True},
    )
    directorate, _ = Directorate.objects.get_or_create(
        code="BENCH",
        defaults={"academy": Academy.objects.first(), "name_ar": "مديرية", "name_fr": "Direction"},
    )
    school, _ = School.objects.get_or_create(
        code="BENCH-1", defaults={"directorate": directorate, "name_ar": "ثانوية"}
    )

    header = "Code Massar;النسب;الاسم;Nom;Prénom;Date de naissance;Classe;CIN tuteur;Nom tuteur;Téléphone;Lien 2;CIN tuteur 2;Nom tuteur 2"
    rows = [
        f"J{130000000 + n};العلوي;سلمى;Alaoui;Salma {n};14/03/2009;1BAC-SE-{n % 25 + 1};"
        f"AB{100000 + n};Alaoui;0612345678;الأم;CD{100000 + n};Alaoui"
        for n in range(args.pupils)
    ]
    data = "\r\n".join([header, *rows]).encode("utf-8-sig")
    dry, report = timed(lambda: import_pupils(school, data, "bench.csv", dry_run=True))
    assert report.ok, report.errors[:3]
    real, _ = timed(lambda: import_pupils(school, data, "bench.csv", dry_run=False))
    again, _ = timed(lambda: import_pupils(school, data, "bench.csv", dry_run=False))

    pupils = list(Pupil.objects.order_by("massar_code")[:40])
    slips_time, entries = timed(lambda: codes.issue_for_pupils(pupils))
    pdf_time, pdf = timed(lambda: build_slips_pdf(entries))
    pupil = pupils[0]
    issued = codes.issue_pupil_code(pupil)
    check_code, _ = timed(lambda: codes.find_usable_code(issued.plain, pupil=pupil), repeat=200)
    hashed = make_password("a-long-passphrase", hasher="pbkdf2_sha256")
    check_pw, _ = timed(lambda: check_password("a-long-passphrase", hashed), repeat=20)

    print(f"{'measure':<46}{'value':>14}")
    print(f"{'import ' + str(args.pupils) + ' pupils + 2 guardians, dry run':<46}{dry:>12.2f} s")
    print(f"{'import, real (atomic)':<46}{real:>12.2f} s")
    print(f"{'re-import of the same file (no change)':<46}{again:>12.2f} s")
    print(f"{'issue codes: 40 pupils + 80 guardians':<46}{slips_time:>12.2f} s")
    print(f"{'slip PDF: ' + str(len(entries)) + ' slips':<46}{pdf_time:>12.2f} s")
    print(f"{'slip PDF size':<46}{len(pdf) / 1024:>11.0f} KB")
    print(f"{'per slip':<46}{pdf_time / len(entries) * 1000:>11.1f} ms")
    print(f"{'activation code check (HMAC, 1 row)':<46}{check_code * 1000:>11.2f} ms")
    print(f"{'password check (PBKDF2, production)':<46}{check_pw * 1000:>11.2f} ms")


if __name__ == "__main__":
    main()
