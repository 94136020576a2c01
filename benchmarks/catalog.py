"""Catalogue serving benchmark: library pages against a bare Wagtail page, side by side.

    .venv/bin/python benchmarks/catalog.py [--count 50000] [--requests 200]

Loads ``--count`` resources once (bulk SQL, into a scratch SQLite file; see benchmarks/settings.py),
then measures in one run, through the full Django/Wagtail stack (middleware, gzip, templates):
server time p50/p95 for the library index, a subject listing and a resource page, each beside a
bare Wagtail page served by the same stack, with the ratio (target ≤ 1.5×), SQL queries per page
and bytes over the wire (gzip, HTML + CSS). Each page is measured twice: as anonymous pupils get
it (the page cache warm) and cold (the page cache off), so the cost of rendering stays visible.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from catalog.models import Level, LibraryIndexPage, ResourcePage, Subject  # noqa: E402
from catalog.site_setup import ensure_site  # noqa: E402

WORDS_AR = (
    "درس تمارين ملخص المعادلات الدوال الكيمياء الطاقة الخلية الجغرافيا التاريخ قواعد النحو".split()
)
WORDS_FR = "cours exercices résumé équations fonctions chimie énergie cellule géographie histoire grammaire".split()
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _path_segment(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def catalog_text(rng: random.Random, i: int) -> tuple[str, str, str]:
    """(language, title, summary) of resource ``i``: a few catalogue words (60% ar, 35% fr)."""
    lang = "ar" if i % 20 < 12 else ("fr" if i % 20 < 19 else "en")
    words = WORDS_AR if lang == "ar" else WORDS_FR
    title = " ".join(rng.choice(words) for _ in range(4)) + f" {i}"
    return lang, title, " ".join(rng.choice(words) for _ in range(25))


#: Makes (language, title, summary) for resource ``i`` from a seeded generator.
TextMaker = Callable[[random.Random, int], tuple[str, str, str]]


def load(count: int, text: TextMaker = catalog_text) -> tuple[LibraryIndexPage, Page]:
    """Ensure ``count`` live resources under the library (bulk SQL) and a bare page beside it."""
    call_command("migrate", verbosity=0)
    home, library = ensure_site()
    bare = Page.objects.filter(slug="bare-page").first()
    if bare is None:
        bare = home.add_child(instance=Page(title="Bare page", slug="bare-page"))
    existing = ResourcePage.objects.count()
    if existing >= count:
        return library, bare
    print(f"loading {count - existing} resources…", flush=True)
    rng = random.Random(42)
    ct = ContentType.objects.get_for_model(ResourcePage)
    locale = Locale.get_default()
    pairs = [(s, lvl) for s in Subject.objects.prefetch_related("levels") for lvl in s.levels.all()]
    now = timezone.now()
    start = library.numchild
    batch = 2000
    with transaction.atomic():
        for offset in range(existing, count, batch):
            pages, extra, level_rows = [], [], []
            for i in range(offset, min(count, offset + batch)):
                subject, level = pairs[i % len(pairs)]
                lang, title, summary = text(rng, i)
                slug = f"r-{i}"
                pages.append(
                    Page(
                        title=title, draft_title=title, slug=slug, content_type=ct, locale=locale,
                        path=library.path + _path_segment(start + i + 1), depth=library.depth + 1,
                        numchild=0, url_path=f"{library.url_path}{slug}/", live=True,
                        first_published_at=now, last_published_at=now,
                    )
                )  # fmt: skip
                extra.append((subject.pk, lang, summary))
                level_rows.append(level.pk)
            created = Page.objects.bulk_create(pages)
            with connection.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {ResourcePage._meta.db_table} "
                    "(page_ptr_id, summary, body, kind, language, subject_id, author_name) "
                    "VALUES (%s, %s, '', 'document', %s, %s, '')",
                    [
                        (p.pk, summary, lang, sid)
                        for p, (sid, lang, summary) in zip(created, extra, strict=True)
                    ],
                )
            Through = ResourcePage.levels.through
            Through.objects.bulk_create(
                [
                    Through(resourcepage_id=p.pk, level_id=lvl)
                    for p, lvl in zip(created, level_rows, strict=True)
                ]
            )
        Page.objects.filter(pk=library.pk).update(numchild=start + count - existing)
    return LibraryIndexPage.objects.get(pk=library.pk), bare


def measure(client: Client, url: str, n: int) -> dict:
    client.get(url)  # warm
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    css = finders.find("css/maktaba.css")
    css_gz = len(gzip.compress(Path(css).read_bytes()))
    times.sort()
    return {
        "p50": statistics.median(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "queries": len(ctx.captured_queries),
        "html": len(response.content),
        "wire": len(response.content) + css_gz,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    library, bare = load(args.count)
    subject = Subject.objects.get(slug="physique-chimie")
    resource = ResourcePage.objects.filter(subject=subject, levels__code="1BAC").first()
    level = Level.objects.get(code="1BAC")
    track = level.tracks.get(slug="sciences-experimentales")
    lib_url = "/library/"
    targets = [
        ("library index", lib_url),
        ("subject listing", f"{lib_url}{level.slug}/{track.slug}/{subject.slug}/"),
        ("resource page", f"{lib_url}{resource.slug}/"),
    ]
    client = Client()
    print(f"resources: {ResourcePage.objects.count()}  requests per page: {args.requests}")
    header = f"{'page':<26}{'p50 ms':>9}{'p95 ms':>9}{'bare p50':>10}{'bare p95':>10}{'ratio p50':>10}{'ratio p95':>10}{'SQL':>5}{'HTML gz':>9}{'wire B':>8}"
    print(header)
    rows = [(f"{label} (cached)", url, True) for label, url in targets]
    rows += [(f"{label} (cold)", url, False) for label, url in targets]
    for label, url, cached in rows:
        # Interleave the page and the bare page so both see the same machine conditions.
        seconds = settings.MAKTABA_CATALOG["PAGE_CACHE_SECONDS"] if cached else 0
        with override_settings(
            MAKTABA_CATALOG={**settings.MAKTABA_CATALOG, "PAGE_CACHE_SECONDS": seconds}
        ):
            page = measure(client, url, args.requests)
        base = measure(client, "/bare-page/", args.requests)
        print(
            f"{label:<26}{page['p50']:>9.2f}{page['p95']:>9.2f}{base['p50']:>10.2f}{base['p95']:>10.2f}"
            f"{page['p50'] / base['p50']:>9.2f}×{page['p95'] / base['p95']:>9.2f}×{page['queries']:>5}"
            f"{page['html']:>9}{page['wire']:>8}"
        )
    print(f"bare page: SQL {base['queries']}, HTML gz {base['html']} B")


if __name__ == "__main__":
    main()
