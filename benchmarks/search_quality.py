"""Search quality on the pupil judged set: recall@10, MRR and nDCG@10 per family and language.

The set (``tests/search/data/pupil_resources.json`` and ``pupil_queries.json``, see the README
there) was written and judged by topic before any engine ran on it. Each resource is created as a
real ``ResourcePage`` with its subject, levels, tracks and tags, indexed by the configured backend,
and each query goes through the ``/search/`` page's own search (``catalog.views.search``), so what
is measured is what a pupil gets on the first page.

    python benchmarks/search_quality.py                    # Whoosh on SQLite
    MAKTABA_TEST_DATABASE=postgres MAKTABA_PG_TEST_NAME=test_maktaba_quality \\
        python benchmarks/search_quality.py --backend postgres   # Maktaba-PostgreSQL
"""

import argparse
import json
import math
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "search" / "data"
BACKENDS = {
    "whoosh": "library.search.backend",
    "postgres": "library.search.postgres.backend.MaktabaPostgresSearchBackend",
}


def metrics(ranked: list[str], relevant: set[str]) -> tuple[float, float, float]:
    """recall@10 (of min(|relevant|, 10)), reciprocal rank, nDCG@10 (binary gains)."""
    top = ranked[:10]
    hits = [1 if key in relevant else 0 for key in top]
    ideal = min(len(relevant), 10)
    recall = sum(hits) / ideal
    rr = next((1 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0)
    dcg = sum(hit / math.log2(i + 2) for i, hit in enumerate(hits))
    idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
    return recall, rr, dcg / idcg


def load_resources(library) -> dict[int, str]:
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from catalog.models import Level, ResourcePage, Subject, Track

    subjects = {s.slug: s for s in Subject.objects.all()}
    levels = {lv.code: lv for lv in Level.objects.all()}
    tracks = {t.slug: t for t in Track.objects.all()}
    document = Document.objects.create(title="lesson", file=ContentFile(b"x", name="lesson.txt"))
    keys = {}
    for row in json.loads((DATA / "pupil_resources.json").read_text()):
        page = ResourcePage(
            title=row["title"],
            summary=row["summary"],
            language=row["language"],
            kind="document",  # audio and video need a media file; the kind is not searched
            subject=subjects[row["subject"]],
            document=document,
        )
        library.add_child(instance=page)
        page.levels.set([levels[code] for code in row["levels"]])
        page.tracks.set([tracks[slug] for slug in row["tracks"]])
        for tag in row["tags"]:
            page.tags.add(tag)
        page.save()
        keys[page.pk] = row["key"]
    return keys


def evaluate(keys: dict[int, str]) -> list[dict]:
    from wagtail.search.backends import get_search_backend

    from catalog.models import ResourcePage
    from catalog.views.search import clean_query, search_resources
    from library.search.capabilities import capabilities

    backend = get_search_backend()
    able = capabilities(backend)
    topic_of = {}
    for row in json.loads((DATA / "pupil_resources.json").read_text()):
        topic_of[row["key"]] = row["topic"]
    rows = []
    for judged in json.loads((DATA / "pupil_queries.json").read_text()):
        relevant = {key for key, topic in topic_of.items() if topic in judged["topics"]}
        queryset = ResourcePage.objects.live().public()
        search = search_resources(backend, able, clean_query(judged["query"]), queryset)
        results = getattr(search, "results", search)
        if isinstance(results, tuple):  # the page's search before it returned a Search
            results = results[0]
        ranked = [keys[page.pk] for page in results[:10]] if results is not None else []
        row = {**judged, "ranked": ranked}
        if relevant:
            row["recall"], row["rr"], row["ndcg"] = metrics(ranked, relevant)
        rows.append(row)
    return rows


def report(rows: list[dict], show_misses: bool) -> None:
    groups = defaultdict(list)
    for row in rows:
        if "recall" not in row:
            continue
        groups[("all", "all")].append(row)
        groups[("family", row["family"])].append(row)
        groups[("language", row["language"])].append(row)
        groups[("batch", str(row.get("batch", 1)))].append(row)
    print(f"{'group':<26}{'n':>4}{'recall@10':>11}{'MRR':>8}{'nDCG@10':>9}")
    order = {"all": 0, "batch": 1, "family": 2, "language": 3}
    for (kind, name), members in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0])):
        n = len(members)
        recall = sum(r["recall"] for r in members) / n
        mrr = sum(r["rr"] for r in members) / n
        ndcg = sum(r["ndcg"] for r in members) / n
        print(f"{kind + ': ' + name:<26}{n:>4}{recall:>11.3f}{mrr:>8.3f}{ndcg:>9.3f}")
    unjudged = [r for r in rows if "recall" not in r]
    for row in unjudged:
        print(f"no relevant resource by design: {row['query']!r} → {len(row['ranked'])} results")
    if show_misses:
        for row in rows:
            if "recall" in row and (row["recall"] < 1 or row["rr"] < 1):
                print(
                    f"  [{row['family']}] {row['query']!r} recall={row['recall']:.2f} "
                    f"rr={row['rr']:.2f} topics={row['topics']} top={row['ranked'][:3]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=list(BACKENDS), default="whoosh")
    parser.add_argument("--misses", action="store_true", help="list every imperfect query")
    args = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "library.settings.test"
    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.MAKTABA_SEARCH = {
        **settings.MAKTABA_SEARCH,
        "INDEX_DIR": Path(tempfile.mkdtemp(prefix="maktaba-quality-")),
    }
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": BACKENDS[args.backend]}}
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from catalog.site_setup import ensure_site

        _home, library = ensure_site()
        keys = load_resources(library)
        rows = evaluate(keys)
        print(f"{len(keys)} resources, {len(rows)} queries, backend {args.backend}")
        report(rows, args.misses)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
