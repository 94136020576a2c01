"""Search page benchmark: ``/search/?q=…`` at scale through the full stack, beside a bare page.

    .venv/bin/python benchmarks/search_page.py [--count 50000] [--queries 200] [--workdir DIR]
                                               [--profile]

Loads ``--count`` resources with benchmarks/catalog.py's bulk loader, their titles and summaries
written like benchmarks/search.py's corpus (60% Arabic, 35% French, 5% English, Zipf vocabulary,
spelling variants, rare words), into a scratch SQLite file, then builds the Whoosh index with
``update_index`` (timed; index writes run in-process, never queued). ``--workdir DIR`` keeps the
database and the index there and reuses them on the next run (no load, no build).

It then serves, in one run and anonymously in Arabic (the default language, no prefix),
``--queries`` one-, two- and three-word queries (Zipf-drawn as benchmarks/search.py does) through
Django's test Client: middleware, gzip, the view, the template. Each search request is
interleaved with a request for a bare Wagtail page on the same stack, so both see the same machine.

Printed:

- the load and index build times, the first search of a fresh process (index opened, nothing
  decoded) and the time to warm the posting cache (as a server's warming thread does);
- per query class (1, 2, 3 words, all): server time p50/p95, wall and CPU, the bare page's, the
  ratios, SQL queries per search page and the median number of matches;
- a breakdown of the search page (mean ms per request, exclusive, with the SQL part of each):
  Whoosh matching, the database filter of all hits (live/public), loading the page of results,
  facets, the "did you mean" suggestion, highlighting, template rendering and the rest (middleware,
  URL resolution, query cleaning);
- with ``--profile``, a cProfile summary (top 15 cumulative entries) of the slowest query class.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import sysconfig
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.search import (  # noqa: E402
    ARABIC_WORDS,
    ENGLISH_WORDS,
    FRENCH_WORDS,
    generate,
    percentile,
    zipf_words,
)

BARE_URL = "/bare-page/"
CLASSES = {1: "1 word", 2: "2 words", 3: "3 words"}
#: Profile lines not shown: the request plumbing every page shares.
PLUMBING = r"^(?!.*(django/test/|django/core/handlers/|deprecation|middleware|generic/base)).*"


def draw_queries(count: int, seed: int = 7) -> list[str]:
    """``count`` one- to three-word queries, Zipf-drawn per language (60% ar, 35% fr, 5% en)."""
    rng = random.Random(seed)
    vocabulary = {"ar": ARABIC_WORDS, "fr": FRENCH_WORDS, "en": ENGLISH_WORDS}
    queries = []
    for _ in range(count):
        language = rng.choices(["ar", "fr", "en"], weights=[60, 35, 5])[0]
        queries.append(" ".join(zipf_words(vocabulary[language], rng, rng.randint(1, 3))))
    return queries


def corpus_text(count: int) -> Callable[[random.Random, int], tuple[str, str, str]]:
    """A text maker for catalog.load(): benchmarks/search.py's generated titles and summaries."""
    rows, _judged = generate(count)

    def text(_rng: random.Random, i: int) -> tuple[str, str, str]:
        row = rows[i]
        return row["language"], row["title"][:255], row["summary"][:1000]

    return text


def search_url(query: str) -> str:
    return "/search/?" + urlencode({"q": query})


class Phases:
    """Exclusive time per named phase of a request, and the SQL time spent inside each.

    ``wrap`` replaces a function or method by a timed one; time spent in a nested timed call is
    counted for the inner phase only. An *absorbing* phase (the suggestion) keeps everything it
    calls. ``connection.execute_wrapper(phases.sql)`` adds each query's time to the running phase.
    """

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.sql_totals: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [name, started, time in timed children, absorbing]
        self._undo: list[tuple[object, str, object]] = []
        self.found = 0  # matches shown by the last search page

    def wrap(self, owner: object, attr: str, name: str, absorb: bool = False) -> None:
        original = getattr(owner, attr)
        phases = self

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if phases._stack and phases._stack[-1][3]:
                return original(*args, **kwargs)
            frame = [name, time.perf_counter(), 0.0, absorb]
            phases._stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                phases._stack.pop()
                elapsed = time.perf_counter() - frame[1]
                phases.totals[name] += elapsed - frame[2]
                if phases._stack:
                    phases._stack[-1][2] += elapsed

        setattr(owner, attr, timed)
        self._undo.append((owner, attr, original))

    def sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            name = self._stack[-1][0] if self._stack else "rest"
            self.sql_totals[name] += time.perf_counter() - started

    def take(self) -> tuple[dict[str, float], dict[str, float]]:
        """This request's totals (then start afresh)."""
        totals, sql = dict(self.totals), dict(self.sql_totals)
        self.totals.clear()
        self.sql_totals.clear()
        return totals, sql

    def unwrap(self) -> None:
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()


PHASES = [
    ("whoosh", "Whoosh matching (index)"),
    ("keys", "Whoosh keys and scores of the hits"),
    ("filter", "database filter of all hits (if needed)"),
    ("load", "load the page of results"),
    ("count", "count"),
    ("facets", "facets (5 fields)"),
    ("suggestion", "suggestion (spelling + re-search)"),
    ("highlight", "highlighting titles and snippets"),
    ("view", "rest of the view (ORM setup, paginator)"),
    ("render", "template rendering"),
    ("rest", "middleware, URL, gzip, test client"),
]


@contextmanager
def instrumented() -> Iterator[Phases]:
    """Time the search page's phases (benchmark-only monkeypatching, undone on exit)."""
    from django.db import connection
    from django.template.response import SimpleTemplateResponse

    import catalog.views.search as search_view
    from library.search.backend.backend import WhooshSearchBackend
    from library.search.backend.results import WhooshSearchResults

    phases = Phases()
    get_context_data = search_view.SearchView.get_context_data

    def recorded(view, **kwargs):
        context = get_context_data(view, **kwargs)
        page_obj = context.get("page_obj")
        phases.found = page_obj.paginator.count if page_obj is not None else 0
        return context

    search_view.SearchView.get_context_data = recorded
    phases._undo.append((search_view.SearchView, "get_context_data", get_context_data))
    phases.wrap(search_view.SearchView, "get_context_data", "view")
    phases.wrap(search_view.SearchView, "_facets", "facets")
    phases.wrap(search_view.SearchView, "_suggestion", "suggestion", absorb=True)
    phases.wrap(search_view, "highlight", "highlight")
    phases.wrap(WhooshSearchBackend, "matches", "whoosh")
    phases.wrap(WhooshSearchBackend, "run_query", "keys")
    phases.wrap(WhooshSearchResults, "_allowed_hits", "filter")
    phases.wrap(WhooshSearchResults, "_do_search", "load")
    phases.wrap(WhooshSearchResults, "_do_count", "count")
    phases.wrap(SimpleTemplateResponse, "render", "render")
    try:
        with connection.execute_wrapper(phases.sql):
            yield phases
    finally:
        phases.unwrap()


def serve(client, url: str) -> tuple[float, float, int, int]:
    """One GET: (wall ms, CPU ms, SQL queries, gzipped bytes)."""
    from django.db import connection

    queries = 0

    def counter(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        wall = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - started_cpu) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return wall, cpu, queries, len(response.content)


def summary(samples: list[tuple[float, float, int, int]]) -> dict[str, float]:
    walls = [s[0] for s in samples]
    cpus = [s[1] for s in samples]
    return {
        "p50": statistics.median(walls),
        "p95": percentile(walls, 0.95),
        "cpu50": statistics.median(cpus),
        "cpu95": percentile(cpus, 0.95),
        "sql": statistics.median(s[2] for s in samples),
        "sql_max": max(s[2] for s in samples),
        "bytes": statistics.median(s[3] for s in samples),
    }


def prepare(count: int, workdir: Path, reuse: bool) -> None:
    """Load the resources and build the index (or check a reused workdir matches ``count``)."""
    from django.core.management import call_command

    from benchmarks.catalog import load
    from catalog.models import ResourcePage

    built = workdir / "built"
    if reuse:
        found = ResourcePage.objects.count()
        if found != count or not built.exists():
            sys.exit(f"{workdir} holds {found} resources (index built: {built.exists()}); "
                     f"use a fresh --workdir for --count {count}")  # fmt: skip
        print(f"reusing {workdir}: {count:,} resources and their index")
        return
    started = time.perf_counter()
    text = corpus_text(count)
    load(count, text)
    print(f"load: {time.perf_counter() - started:.1f} s", flush=True)
    print("building the index (update_index)…", flush=True)
    started, started_cpu = time.perf_counter(), time.process_time()
    call_command("update_index", verbosity=0, chunk_size=2000)
    build, build_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    size = sum(f.stat().st_size for f in (workdir / "index").rglob("*") if f.is_file())
    print(f"index build: {build:.1f} s (CPU {build_cpu:.1f} s), {size / 1e6:.1f} MB on disk")
    built.touch()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the database and index here and reuse them on the next run (skips the build)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the slowest query class (top 15)"
    )
    args = parser.parse_args()

    keep = args.workdir is not None
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="maktaba-search-page-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    reuse = keep and (workdir / "bench.sqlite3").exists()
    os.environ["MAKTABA_BENCH_DB"] = str(workdir / "bench.sqlite3")
    try:
        run(args, workdir, reuse)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path, reuse: bool) -> None:
    importlib.import_module("benchmarks.catalog")  # sets Django up, on the scratch database
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from wagtail.search.backends import get_search_backend

    from catalog.models import ResourcePage
    from library.search.backend.postings import array_cache, clear_array_cache

    search = {
        **settings.MAKTABA_SEARCH,
        "INDEX_DIR": workdir / "index",
        "WRITE_THROUGH_QUEUE": False,  # index writes in-process: the index is really built
        "WARM_ON_OPEN": False,  # warmed explicitly below, and timed
    }
    with override_settings(MAKTABA_SEARCH=search):
        prepare(args.count, workdir, reuse)
        queries = draw_queries(args.queries)
        client = Client()
        print(
            f"{ResourcePage.objects.count():,} resources, {len(queries)} queries, "
            f"SQLite {connection.Database.sqlite_version}, page size "
            f"{settings.MAKTABA_SEARCH['PAGE_SIZE']}"
        )

        clear_array_cache()
        wall, cpu, sql, _ = serve(client, search_url(queries[0]))
        print(f"first search of the process (index opened, nothing decoded): {wall:.0f} ms "
              f"(CPU {cpu:.0f} ms, {sql} SQL)")  # fmt: skip
        started = time.perf_counter()
        get_search_backend().warm(ResourcePage)
        print(f"warming the posting cache: {time.perf_counter() - started:.1f} s, "
              f"{array_cache().used / 1e6:.1f} MB")  # fmt: skip
        serve(client, BARE_URL)

        # Timed pass: each search request beside a bare page request.
        by_class: dict[int, list] = defaultdict(list)
        bare = []
        for query in queries:
            by_class[len(query.split())].append(serve(client, search_url(query)))
            bare.append(serve(client, BARE_URL))
        base = summary(bare)
        print_latency(by_class, base)

        # Breakdown pass: the same queries, instrumented.
        breakdown: dict[int, list] = defaultdict(list)
        matches: dict[int, list[int]] = defaultdict(list)
        with instrumented() as phases:
            for query in queries:
                response_started = time.perf_counter()
                client.get(search_url(query), HTTP_ACCEPT_ENCODING="gzip")
                total = time.perf_counter() - response_started
                totals, sql_totals = phases.take()
                totals["rest"] = total - sum(totals.values())
                words = len(query.split())
                breakdown[words].append((total, totals, sql_totals))
                matches[words].append(phases.found)
        print_breakdown(breakdown, matches)

        if args.profile:
            slowest = max(by_class, key=lambda k: summary(by_class[k])["p50"])
            profile_class(client, [q for q in queries if len(q.split()) == slowest], slowest)


def print_latency(by_class: dict[int, list], base: dict[str, float]) -> None:
    print(
        f"\n{'search page':<14}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'CPU p50':>9}{'CPU p95':>9}"
        f"{'bare p50':>9}{'bare p95':>9}{'×p50':>8}{'×p95':>8}{'SQL':>5}{'max':>5}{'HTML gz':>9}"
    )
    rows = [(CLASSES[k], by_class[k]) for k in sorted(by_class)]
    rows.append(("all", [s for k in sorted(by_class) for s in by_class[k]]))
    for label, samples in rows:
        s = summary(samples)
        print(
            f"{label:<14}{len(samples):>4}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['cpu50']:>9.1f}"
            f"{s['cpu95']:>9.1f}{base['p50']:>9.2f}{base['p95']:>9.2f}"
            f"{s['p50'] / base['p50']:>7.1f}×{s['p95'] / base['p95']:>7.1f}×"
            f"{s['sql']:>5.0f}{s['sql_max']:>5}{s['bytes']:>9.0f}"
        )
    print(
        f"bare page: p50 {base['p50']:.2f} ms, CPU p50 {base['cpu50']:.2f} ms, "
        f"SQL {base['sql']:.0f}, HTML gz {base['bytes']:.0f} B"
    )


def print_breakdown(breakdown: dict[int, list], matches: dict[int, list[int]]) -> None:
    classes = sorted(breakdown)
    print("\nwhere the time goes (mean ms per request, exclusive; SQL part in brackets)")
    print(f"{'':42}" + "".join(f"{CLASSES[k]:>18}" for k in classes))
    for label, average in (
        ("median matches", statistics.median),
        ("mean matches", statistics.fmean),
    ):
        print(f"{label:42}" + "".join(f"{average(matches[k]):>18,.0f}" for k in classes))
    for key, label in PHASES:
        cells = []
        for k in classes:
            n = len(breakdown[k])
            spent = sum(t.get(key, 0.0) for _, t, _ in breakdown[k]) / n * 1000
            sql = sum(s.get(key, 0.0) for _, _, s in breakdown[k]) / n * 1000
            cells.append(f"{spent:>10.1f} ({sql:>5.1f})")
        print(f"{label:42}" + "".join(cells))
    totals = [statistics.fmean(b[0] for b in breakdown[k]) * 1000 for k in classes]
    print(f"{'total (instrumented)':42}" + "".join(f"{t:>18.1f}" for t in totals))


def profile_class(client, queries: list[str], words: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        client.get(search_url(query), HTTP_ACCEPT_ENCODING="gzip")
    profiler.disable()
    print(f"\ncProfile, {len(queries)} queries of {CLASSES[words]} (top 15 cumulative, request")
    print("plumbing left out: test client, handler, middleware, generic view dispatch)")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(PLUMBING, 15)
    out.write("Top 10 by own time (tottime):\n")
    stats.sort_stats("tottime").print_stats(10)
    text = out.getvalue().replace(sysconfig.get_paths()["purelib"] + "/", "")
    print(text.replace(str(Path(__file__).resolve().parent.parent) + "/", ""))


if __name__ == "__main__":
    main()
