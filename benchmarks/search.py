"""Search benchmark: Maktaba's backends beside Wagtail's database backend on the same corpus.

Generates N resources (60% Arabic, 35% French, 5% English, Zipf-distributed vocabulary, spelling
variants: harakat, hamza-less alef, ه for ة, missing French accents), then on the same data:
full index build time, p50/p95 latency of 300 one-, two- and three-word queries (first page of
10 plus the count), and recall@10 / MRR on a judged set of Arabic and French queries written with
diacritic, alef, taa-marbuta, article, plural and elision variants.

    python benchmarks/search.py                # 50,000 resources, SQLite: Whoosh vs FTS5
    python benchmarks/search.py --count 5000   # quicker
    python benchmarks/search.py --database postgres   # PostgreSQL (127.0.0.1:5432, database
        # maktaba_pgsearch_bench, or --pg-database): Maktaba-Whoosh, Maktaba-PostgreSQL, and
        # Wagtail's stock PostgreSQL backend with the ``arabic`` and then the ``french``
        # configuration
    python benchmarks/search.py --workdir DIR --rebuild maktaba_pg   # reuse DIR's data and
        # indexes, but rebuild (and time) the named backends' indexes

The "index build" row is the full rebuild (``rebuild_modelsearch_index``, what ``update_index``
does for these backends) of every resource, in seconds.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (document form, [query variants]) — each topic is written into 3 resources: those are the
# relevant ones for its queries.
ARABIC_TOPICS = [
    ("المعادلات التفاضلية", ["معادلة تفاضلية", "الْمُعَادَلَاتُ التَّفَاضُلِيَّةُ"]),
    ("الدوالّ الأسّية", ["الدوال الاسية"]),
    ("الأعداد العقدية", ["اعداد عقديه", "العدد العقدي"]),
    ("المتتاليات العددية", ["متتالية عددية"]),
    ("الهندسة الفضائية", ["هندسه فضائيه"]),
    ("الاحتمالات الشرطية", ["احتمال شرطي"]),
    ("التكامل بالأجزاء", ["تكامل بالاجزاء"]),
    ("النهايات والاتصال", ["نهاية الاتصال"]),
    ("الاشتقاق وتطبيقاته", ["إشتقاق"]),
    ("المثلثات القائمة", ["مثلث قائم"]),
    ("الكهرباء الساكنة", ["كهرباء ساكنه"]),
    ("التفاعلات الكيميائية", ["تفاعل كيميائي"]),
    ("الخلية النباتية", ["خليه نباتيه"]),
    ("الوراثة البشرية", ["وراثه بشريه"]),
    ("الجهاز العصبي", ["جهاز عصبي"]),
    ("التنفس الخلوي", ["تنفّس خلوي"]),
    ("الحرب العالمية الأولى", ["الحرب العالميه الاولى"]),
    ("الاستعمار الفرنسي", ["استعمار فرنسي"]),
    ("الدولة المرابطية", ["دوله مرابطيه"]),
    ("النحو والصرف", ["نحو صرف"]),
    ("البلاغة العربية", ["بلاغه عربيه"]),
    ("العروض والقافية", ["عروض قافيه"]),
    ("الفلسفة اليونانية", ["فلسفه يونانيه"]),
    ("المنطق الصوري", ["منطق صوري"]),
    ("التربية الإسلامية", ["تربيه اسلاميه"]),
    ("الزكاة والصدقات", ["زكاه صدقات"]),
    ("المحاسبة العامة", ["محاسبه عامه"]),
    ("التضاريس المغربية", ["تضاريس مغربيه"]),
    ("الموارد المائية", ["موارد مائيه"]),
    ("الطاقات المتجددة", ["طاقة متجددة"]),
    ("القوة والحركة", ["قوه حركه"]),
    ("الضغط الجوي", ["ضغط جوي"]),
    ("الموجات الصوتية", ["موجة صوتية"]),
    ("المجموعات الجزئية", ["مجموعه جزئيه"]),
    ("الحساب الذهني", ["حساب ذهني"]),
    ("الإملاء والتعبير", ["املاء تعبير"]),
]
FRENCH_TOPICS = [
    ("Les équations différentielles", ["equation differentielle", "l'équation différentielle"]),
    ("Les fonctions exponentielles", ["fonction exponentielle"]),
    ("Les nombres complexes", ["nombre complexe"]),
    ("Les suites numériques", ["suite numerique"]),
    ("La géométrie dans l'espace", ["geometrie espace", "géométrie de l'espace"]),
    ("Les probabilités conditionnelles", ["probabilite conditionnelle"]),
    ("L'intégration par parties", ["integration parties", "d'intégration"]),
    ("Limites et continuité", ["limite continuite"]),
    ("La dérivation des fonctions", ["derivations"]),
    ("Les triangles rectangles", ["triangle rectangle"]),
    ("L'électrostatique", ["electrostatique"]),
    ("Les réactions chimiques", ["reaction chimique"]),
    ("La cellule végétale", ["cellules vegetales"]),
    ("L'hérédité humaine", ["heredite humaine"]),
    ("Le système nerveux", ["systeme nerveux"]),
    ("La respiration cellulaire", ["respirations cellulaires"]),
    ("La Première Guerre mondiale", ["premiere guerre mondiale"]),
    ("La colonisation française", ["colonisation francaise"]),
    ("La dynastie almoravide", ["dynastie almoravides"]),
    ("La conjugaison du subjonctif", ["conjugaisons subjonctif"]),
    ("La poésie lyrique", ["poesie lyriques"]),
    ("La philosophie grecque", ["philosophies grecques"]),
    ("La logique formelle", ["logiques formelles"]),
    ("La comptabilité générale", ["comptabilite generale"]),
    ("Le relief du Maroc", ["reliefs maroc"]),
    ("Les ressources hydriques", ["ressource hydrique"]),
    ("Les énergies renouvelables", ["energie renouvelable"]),
    ("Les ondes sonores", ["onde sonore"]),
    ("La pression atmosphérique", ["pression atmospherique"]),
    ("Le calcul mental", ["calculs mentaux"]),
    ("L'orthographe d'usage", ["orthographe usage"]),
]
ARABIC_WORDS = """درس تمارين ملخص فرض مراقبة امتحان وطني جهوي تصحيح حل شرح مقدمة خلاصة تطبيقات
أنشطة وضعية مسألة قاعدة خاصية تعريف مثال برهان نتيجة جدول منحنى رسم قياس وحدة طريقة خطوات
الرياضيات الفيزياء الكيمياء علوم الحياة والأرض التاريخ الجغرافيا الفلسفة اللغة العربية
الفرنسية الإنجليزية الاقتصاد المحاسبة التربية الإسلامية المعلوميات الأولى الثانية الثالثة
المستوى السنة الجذع المشترك البكالوريا الإعدادي الابتدائي الدرجة الأولى حساب عدد أعداد كسور
نسبة مئوية مساحة حجم محيط زاوية مستقيم دائرة مربع مستطيل طاقة قوة سرعة تسارع كتلة حرارة ماء
هواء تربة نبات حيوان إنسان جسم دم قلب رئة خلية نسيج عضو مدينة قرية جبل نهر بحر مناخ سكان
دولة ملك سلطان حرب سلام معركة اتفاقية دستور قانون نص قصيدة شاعر كاتب رواية قصة مقالة حوار
الكتابة القراءة التعبير الكتابي الشفهي قواعد إعراب فعل فاعل مفعول مبتدأ خبر جملة""".split()
FRENCH_WORDS = """cours exercices corrigés résumé contrôle examen national régional correction
solution explication introduction conclusion applications activités situation problème règle
propriété définition exemple démonstration résultat tableau courbe graphique mesure unité méthode
étapes mathématiques physique chimie sciences vie terre histoire géographie philosophie langue
arabe français anglais économie comptabilité éducation islamique informatique première deuxième
troisième niveau année tronc commun baccalauréat collège primaire degré calcul nombre nombres
fractions pourcentage aire volume périmètre angle droite cercle carré rectangle énergie force
vitesse accélération masse chaleur eau air sol plante animal homme corps sang cœur poumon tissu
organe ville village montagne fleuve mer climat population état roi sultan guerre paix bataille
traité constitution loi texte poème poète écrivain roman récit article dialogue écriture lecture
expression écrite orale grammaire verbe sujet complément phrase""".split()
ENGLISH_WORDS = """lesson exercises summary test exam correction solution introduction
conclusion method steps mathematics physics chemistry biology history geography reading writing
grammar vocabulary listening speaking verb tense present past future conditional passive voice
text story poem article essay dialogue""".split()

HARAKAT = "\u064e\u064f\u0650\u0651\u0652"


def vary_arabic(word: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.15:
        return "".join(ch + (rng.choice(HARAKAT) if rng.random() < 0.5 else "") for ch in word)
    if roll < 0.30:
        return word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if roll < 0.40 and word.endswith("ة"):
        return word[:-1] + "ه"
    return word


def vary_french(word: str, rng: random.Random) -> str:
    if rng.random() < 0.1:
        import unicodedata

        return "".join(
            c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c)
        )
    return word


def zipf_words(words: list[str], rng: random.Random, k: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return rng.choices(words, weights=weights, k=k)


def rare_word(rng: random.Random, arabic: bool) -> str:
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهوي" if arabic else "abcdefghijklmnoprstuv"
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 8)))


def generate(count: int, seed: int = 2026):
    rng = random.Random(seed)
    rare_ar = [rare_word(rng, True) for _ in range(3000)]
    rare_fr = [rare_word(rng, False) for _ in range(3000)]
    rows, judged = [], []
    topic_docs = []
    for topic, queries in ARABIC_TOPICS:
        topic_docs.append(("ar", topic, queries, ["درس: {}", "تمارين محلولة في {}", "{} - ملخص"]))
    for topic, queries in FRENCH_TOPICS:
        topic_docs.append(
            ("fr", topic, queries, ["{} : cours", "Exercices corrigés : {}", "{} (résumé)"])
        )
    for language, topic, queries, patterns in topic_docs:
        ids = []
        for pattern in patterns:
            ids.append(len(rows))
            rows.append(_make_row(rng, language, pattern.format(topic), rare_ar, rare_fr))
        for query in queries:
            judged.append((language, query, set(ids)))
    while len(rows) < count:
        roll = rng.random()
        language = "ar" if roll < 0.60 else "fr" if roll < 0.95 else "en"
        rows.append(_make_row(rng, language, None, rare_ar, rare_fr))
    order = list(range(len(rows)))
    rng.shuffle(order)
    position = {old: new for new, old in enumerate(order)}
    rows = [rows[i] for i in order]
    judged = [(lang, q, {position[i] for i in ids}) for lang, q, ids in judged]
    return rows, judged


def _make_row(rng, language, title, rare_ar, rare_fr):
    if language == "ar":
        words, rare, vary = ARABIC_WORDS, rare_ar, vary_arabic
    elif language == "fr":
        words, rare, vary = FRENCH_WORDS, rare_fr, vary_french
    else:
        words, rare, vary = ENGLISH_WORDS, rare_fr, lambda w, r: w

    def text(k):
        chosen = zipf_words(words, rng, k) + rng.sample(rare, 2)
        rng.shuffle(chosen)
        return " ".join(vary(w, rng) for w in chosen)

    return {
        "title": title or text(rng.randint(3, 6)),
        "tags": text(2),
        "subject_names": " ".join(zipf_words(words[:20], rng, 2)),
        "summary": text(rng.randint(15, 30)),
        "body": text(rng.randint(40, 90)),
        "language": language,
    }


PG_BENCH_DATABASE = "maktaba_pgsearch_bench"


def _postgres_database(name: str) -> dict:
    """The benchmark's own PostgreSQL database (created when missing, emptied on a fresh run)."""
    import psycopg

    params = {
        "host": os.environ.get("MAKTABA_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("MAKTABA_PG_PORT", "5432"),
        "user": os.environ.get("MAKTABA_PG_USER", "postgres"),
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": params["user"],
        "HOST": params["host"],
        "PORT": params["port"],
    }


def backends_for(database: str, workdir: Path) -> dict:
    whoosh = {
        "BACKEND": "library.search.backend",
        "INDEX_DIR": str(workdir / "index"),
        "AUTO_UPDATE": False,
        "WARM_ON_OPEN": False,  # warmed explicitly below, and timed
    }
    if database != "postgres":
        return {
            "whoosh": whoosh,
            "database": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        }
    return {
        "whoosh": whoosh,
        "maktaba_pg": {
            "BACKEND": "library.search.postgres.backend.MaktabaPostgresSearchBackend",
            "AUTO_UPDATE": False,
        },
        # Wagtail's stock PostgreSQL backend; both share modelsearch's one index table, so each
        # is rebuilt just before it is measured.
        "pg_arabic": {
            "BACKEND": "modelsearch.backends.database",
            "SEARCH_CONFIG": "arabic",
            "AUTO_UPDATE": False,
        },
        "pg_french": {
            "BACKEND": "modelsearch.backends.database",
            "SEARCH_CONFIG": "french",
            "AUTO_UPDATE": False,
        },
    }


LABELS = {
    "whoosh": "Maktaba-Whoosh",
    "maktaba_pg": "Maktaba-PG",
    "database": "database (FTS5)",
    "pg_arabic": "stock PG arabic",
    "pg_french": "stock PG french",
}
#: Backends measured in full (the others answer what fits in --baseline-seconds).
MAKTABA_BACKENDS = ("whoosh", "maktaba_pg")


def configure(workdir: Path, database: str = "sqlite", pg_database: str = PG_BENCH_DATABASE):
    import django
    from django.conf import settings

    apps = [
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "taggit",
        "modelsearch",
        "benchmarks.search_bench",
    ]
    if database == "postgres":
        apps += ["django.contrib.postgres", "library.search.postgres"]
        databases = {"default": _postgres_database(pg_database)}
    else:
        databases = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(workdir / "bench.sqlite3"),
            }
        }
    settings.configure(
        DEBUG=False,
        SECRET_KEY="benchmark",
        USE_TZ=True,
        INSTALLED_APPS=apps,
        DATABASES=databases,
        MODELSEARCH_BACKENDS=backends_for(database, workdir),
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )
    django.setup()


def _mean(values) -> float:
    return statistics.mean(values) if values else float("nan")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=60,
        help="latency queries for the database backend (it takes seconds per query at scale)",
    )
    parser.add_argument(
        "--baseline-seconds",
        type=float,
        default=600,
        help="time budget of the database backend's latency and quality queries (at 50,000 "
        "resources one of its queries takes minutes): it answers as many as fit",
    )
    parser.add_argument(
        "--skip-baseline", action="store_true", help="measure Maktaba's backends only"
    )
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="postgres adds Maktaba-PostgreSQL and Wagtail's stock PostgreSQL backend",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the data and indexes here and reuse them on the next run (skips the build)",
    )
    parser.add_argument(
        "--pg-database",
        default=PG_BENCH_DATABASE,
        help="the PostgreSQL database the benchmark creates and fills (with --database postgres)",
    )
    parser.add_argument(
        "--rebuild",
        action="append",
        default=[],
        metavar="BACKEND",
        help="with --workdir: rebuild this backend's index even if the workdir has one "
        "(repeatable; e.g. maktaba_pg after a change of its storage or analysis)",
    )
    args = parser.parse_args()

    keep = args.workdir is not None
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="maktaba-search-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    marker = workdir / ("bench.sqlite3" if args.database == "sqlite" else "bench.postgres")
    reuse = keep and marker.exists()
    configure(workdir, args.database, args.pg_database)
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from benchmarks.search_bench.models import BenchResource

    rows, judged = generate(args.count)
    call_command("migrate", verbosity=0, run_syncdb=True)  # new index migrations apply on reuse
    if reuse:
        if BenchResource.objects.count() != len(rows):
            sys.exit(f"{workdir} holds another --count; use a fresh --workdir")
    else:
        BenchResource.objects.all().delete()
        BenchResource.objects.bulk_create([BenchResource(**row) for row in rows], batch_size=2000)
        marker.touch()
    ids = list(BenchResource.objects.order_by("pk").values_list("pk", flat=True))
    judged = [(lang, q, {ids[i] for i in rel}) for lang, q, rel in judged]
    engine = (
        f"PostgreSQL {connection.cursor().connection.info.server_version}"
        if connection.vendor == "postgresql"
        else f"SQLite {connection.Database.sqlite_version}"
    )
    print(f"{len(rows):,} resources, {len(judged)} judged queries, {engine}")

    rng = random.Random(7)
    latency_queries = []
    for _ in range(args.queries):
        language = rng.choices(["ar", "fr", "en"], weights=[60, 35, 5])[0]
        words = {"ar": ARABIC_WORDS, "fr": FRENCH_WORDS, "en": ENGLISH_WORDS}[language]
        latency_queries.append(" ".join(zipf_words(words, rng, rng.randint(1, 3))))

    figures = {}
    names = [
        name
        for name in backends_for(args.database, workdir)
        if not args.skip_baseline or name in MAKTABA_BACKENDS
    ]
    for name in names:
        backend = get_search_backend(name)
        started, started_cpu = time.perf_counter(), time.process_time()
        built_marker = workdir / f"built-{name}"
        if (
            reuse
            and built_marker.exists()
            and name in ("whoosh", "maktaba_pg", "database")
            and name not in args.rebuild
        ):
            build = build_cpu = float("nan")  # reused from an earlier run
        else:
            call_command(
                "rebuild_modelsearch_index", backend_name=name, verbosity=0, chunk_size=2000
            )
            built_marker.touch()
            build = time.perf_counter() - started
            build_cpu = time.process_time() - started_cpu

        def run(query, backend=backend):
            results = backend.search(query, BenchResource)
            page = list(results[:10])
            results.count()
            return page

        # The database backend gets half its budget for latency, the rest for quality.
        budget = float("inf") if name in MAKTABA_BACKENDS else args.baseline_seconds
        deadline = time.perf_counter() + budget / 2

        def measure(queries, deadline=deadline):
            timings, cpu_timings = [], []
            for query in queries:
                if time.perf_counter() > deadline:
                    break
                started, started_cpu = time.perf_counter(), time.process_time()
                run(query)
                timings.append((time.perf_counter() - started) * 1000)
                cpu_timings.append((time.process_time() - started_cpu) * 1000)
            return timings, cpu_timings

        measured = (
            latency_queries
            if name in MAKTABA_BACKENDS
            else latency_queries[: args.baseline_queries]
        )
        figures[name] = {}
        if name == "whoosh":
            from library.search.backend.postings import array_cache, clear_array_cache

            # Cold: a process that has decoded nothing yet (each word decoded on first use).
            clear_array_cache()
            cold, cold_cpu = measure(measured)
            figures[name].update(
                {
                    "cold_p50_ms": statistics.median(cold),
                    "cold_p95_ms": percentile(cold, 0.95),
                    "cold_p95_cpu_ms": percentile(cold_cpu, 0.95),
                }
            )
            # Warmed, as a server is once its warming thread has run after opening the index.
            clear_array_cache()
            started = time.perf_counter()
            backend.warm(BenchResource)
            figures[name]["warm_s"] = time.perf_counter() - started
            figures[name]["cache_mb"] = array_cache().used / 1e6
        timings, cpu_timings = measure(measured)
        if not timings:
            sys.exit(f"{name}: not one query answered within --baseline-seconds")

        recalls, reciprocal = [], []
        per_language = {"ar": [], "fr": []}
        deadline = time.perf_counter() + budget / 2
        for language, query, relevant in judged:
            if time.perf_counter() > deadline:
                break
            top = [obj.pk for obj in backend.search(query, BenchResource, operator="and")[:10]]
            if not top:
                top = [obj.pk for obj in backend.search(query, BenchResource, operator="or")[:10]]
            hit = len(relevant & set(top)) / min(10, len(relevant))
            recalls.append(hit)
            per_language[language].append(hit)
            rank = next((i + 1 for i, pk in enumerate(top) if pk in relevant), None)
            reciprocal.append(1 / rank if rank else 0.0)
        figures[name] |= {
            "build_s": build,
            "build_cpu_s": build_cpu,
            "p50_ms": statistics.median(timings),
            "p95_ms": percentile(timings, 0.95),
            "p50_cpu_ms": statistics.median(cpu_timings),
            "p95_cpu_ms": percentile(cpu_timings, 0.95),
            "recall@10": statistics.mean(recalls) if recalls else float("nan"),
            "recall_ar": _mean(per_language["ar"]),
            "recall_fr": _mean(per_language["fr"]),
            "mrr": statistics.mean(reciprocal) if reciprocal else float("nan"),
            "latency_n": len(timings),
            "judged_n": len(recalls),
        }
        print(f"{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures[name].items()), flush=True)

    keys = list(figures["whoosh"]) if "whoosh" in figures else []
    for name in names:
        for key in keys:
            figures[name].setdefault(key, float("nan"))
    print(
        f"\nlatency over {args.queries} queries (Maktaba's backends), of "
        f"{args.baseline_queries} asked within {args.baseline_seconds:.0f} s for the others; "
        + "; ".join(
            f"{LABELS[n]}: {figures[n]['latency_n']:.0f} latency / "
            f"{figures[n]['judged_n']:.0f} judged"
            for n in names
        )
    )
    print("\n" + f"{'':24}" + "".join(f"{LABELS[n]:>18}" for n in names))
    for key, label, fmt in [
        ("build_s", "index build (s)", "{:.1f}"),
        ("build_cpu_s", "  of which CPU (s)", "{:.1f}"),
        ("warm_s", "warming (s)", "{:.1f}"),
        ("cache_mb", "  posting cache (MB)", "{:.1f}"),
        ("p50_ms", "latency p50 (ms)", "{:.1f}"),
        ("p95_ms", "latency p95 (ms)", "{:.1f}"),
        ("p50_cpu_ms", "  CPU p50 (ms)", "{:.1f}"),
        ("p95_cpu_ms", "  CPU p95 (ms)", "{:.1f}"),
        ("cold_p50_ms", "cold process p50 (ms)", "{:.1f}"),
        ("cold_p95_ms", "cold process p95 (ms)", "{:.1f}"),
        ("cold_p95_cpu_ms", "  CPU p95 (ms)", "{:.1f}"),
        ("recall@10", "recall@10", "{:.3f}"),
        ("recall_ar", "  recall@10 Arabic", "{:.3f}"),
        ("recall_fr", "  recall@10 French", "{:.3f}"),
        ("mrr", "MRR", "{:.3f}"),
    ]:
        print(f"{label:24}" + "".join(f"{fmt.format(figures[n][key]):>18}" for n in names))
    import os as _os

    print(f"\nload average during the run: {_os.getloadavg()[0]:.1f} on {_os.cpu_count()} cores")
    import shutil

    if not keep:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
