"""E-book benchmark: build time and file sizes of a realistic book; mail throughput on loopback.

    .venv/bin/python benchmarks/ebook.py [--chapters 12] [--recipients 500]

Builds an Arabic book of ``--chapters`` chapters (text, a 1600×900 screenshot, four numbered
steps with a screenshot, a call-out, a one-second video) on a scratch SQLite file and prints,
side by side, the time of each stage (assembling content and images, writing the EPUB, writing the
PDF) and the sizes. Then sends the link to ``--recipients`` directors through a real SMTP server
on 127.0.0.1 (aiosmtpd) in batches of ``SEND_BATCH_SIZE`` and prints messages per second.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault(
    "MAKTABA_BENCH_DB", os.path.join(tempfile.gettempdir(), "maktaba-bench-ebook.sqlite3")
)

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from catalog.ebook.build_warnings import WarningLog  # noqa: E402
from catalog.ebook.conf import ebook_setting  # noqa: E402
from catalog.ebook.content import BookAssembler  # noqa: E402
from catalog.ebook.epub import write_epub  # noqa: E402
from catalog.ebook.models import EBookDelivery, EBookPage  # noqa: E402
from catalog.ebook.pdf import write_pdf  # noqa: E402
from catalog.ebook.recipients import Recipient  # noqa: E402
from catalog.ebook.sending import send_batch  # noqa: E402
from catalog.ebook.tasks import queue_deliveries  # noqa: E402
from catalog.site_setup import ensure_site  # noqa: E402
from tests.catalog.ebook_smtp import RecordingHandler, smtp_server  # noqa: E402
from tests.factories.ebook import make_image, make_video  # noqa: E402

RECIPIENTS: list[Recipient] = []


def bench_recipients(editor) -> list[Recipient]:
    return list(RECIPIENTS)


PARAGRAPH = (
    "<p>يقدم هذا الدليل خدمات منظومة مسار للتلاميذ وأولياء الأمور، ويشرح خطوة بخطوة كيفية الدخول "
    "إلى الفضاء الخاص (Massar) والاطلاع على النقط واستعمال الزمن والغياب.</p>"
)


def make_book(home, chapters: int) -> EBookPage:
    image, video = make_image("لقطة"), make_video()
    body = []
    for n in range(1, chapters + 1):
        steps = [
            {"title": f"الخطوة {k}", "text": PARAGRAPH, "image": image.pk if k == 2 else None}
            for k in range(1, 5)
        ]
        body.append(
            {
                "type": "chapter",
                "value": {
                    "heading": f"الفصل {n}",
                    "body": [
                        {"type": "text", "value": PARAGRAPH * 4},
                        {"type": "image", "value": {"image": image.pk, "caption": "الصفحة"}},
                        {"type": "steps", "value": {"title": "خطوات", "steps": steps}},
                        {"type": "callout", "value": {"kind": "tip", "text": PARAGRAPH}},
                        {"type": "video", "value": {"video": video.pk, "caption": "فيديو"}},
                    ],
                },
            }
        )
    page = EBookPage(
        title="دليل خدمات مسار",
        slug=f"bench-{int(time.time())}",
        language="ar",
        description="كتاب للقياس.",
        cover_image=image,
        chapters=json.dumps(body),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chapters", type=int, default=12)
    parser.add_argument("--recipients", type=int, default=500)
    args = parser.parse_args()
    # The provider is imported by dotted path: make this very module the one it finds.
    sys.modules.setdefault("benchmarks.ebook", sys.modules[__name__])
    call_command("migrate", verbosity=0)
    home, _library = ensure_site()
    page = make_book(home, args.chapters)

    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        book = BookAssembler(page, 1, WarningLog()).assemble()
        assembled = time.perf_counter()
        epub = write_epub(book, Path(tmp) / "b.epub")
        epub_done = time.perf_counter()
        pdf = write_pdf(book, Path(tmp) / "b.pdf", str(ebook_setting("FONT_DIR")))
        pdf_done = time.perf_counter()
        print(f"book: {args.chapters} chapters, Arabic, images 1600×900 → ≤1200 px")
        print(f"{'stage':<28}{'seconds':>10}{'size':>14}")
        print(f"{'content + images':<28}{assembled - started:>10.2f}{'':>14}")
        print(f"{'EPUB':<28}{epub_done - assembled:>10.2f}{epub.stat().st_size:>14,}")
        print(f"{'PDF':<28}{pdf_done - epub_done:>10.2f}{pdf.stat().st_size:>14,}")
        print(f"{'total':<28}{pdf_done - started:>10.2f}")

    from catalog.ebook.building import build_ebook

    build = build_ebook(page, force=True)
    editor = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        f"bench-{int(time.time())}", "b@example.ma", "bench-password-1"
    )
    RECIPIENTS[:] = [
        Recipient(key=f"d{n}", name=f"مدير {n}", email=f"d{n}@example.ma", language="ar")
        for n in range(args.recipients)
    ]
    handler = RecordingHandler()
    with smtp_server(handler) as port:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            MAKTABA_EBOOK={"RECIPIENT_PROVIDER": "benchmarks.ebook.bench_recipients"},
        ):
            queue_deliveries(build, editor)  # the benchmark's task backend only records tasks
            ids = list(
                EBookDelivery.objects.filter(build=build, status="queued").values_list(
                    "pk", flat=True
                )
            )
            size = int(ebook_setting("SEND_BATCH_SIZE"))
            started = time.perf_counter()
            for start in range(0, len(ids), size):
                send_batch(ids[start : start + size])
            elapsed = time.perf_counter() - started
    print(f"{'mail':<28}{'seconds':>10}{'messages/s':>14}")
    print(
        f"{args.recipients} directors, loopback SMTP{'':<3}{elapsed:>8.2f}{len(ids) / elapsed:>14.0f}"
    )
    assert len(handler.received) == len(ids) and set(handler.received.values()) == {1}


if __name__ == "__main__":
    main()
