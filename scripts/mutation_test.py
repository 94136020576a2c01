#!/usr/bin/env python3
"""Mutation testing of Maktaba's critical modules: do the tests notice a small wrong change?

Each mutant is one small change to one module — a flipped comparison, ``and``/``or`` swapped, one
operand of a condition dropped, a ``not`` removed, an integer constant ±1, ``return x`` made
``return None`` — and the module's tests run against it in a private copy of the tree (the
checkout itself is never touched). A mutant the tests fail on is *killed*; one they pass is a
*survivor*: either a missing test or an equivalent mutant (the change makes no observable
difference), which a person judges and lists in docs/security.md.

    .venv/bin/python scripts/mutation_test.py                       # every module in TARGETS
    .venv/bin/python scripts/mutation_test.py portal_auth/records/grading.py --jobs 2
    .venv/bin/python scripts/mutation_test.py media_pipeline/serving.py --limit 40 --seed 1

Each mutant first runs only the tests that ran its lines in the unmutated run (recorded by the
``scripts/mutation_lines.py`` plugin): most mutants are killed in seconds. A mutant those tests
do not kill runs against every test of the module before it counts as a survivor, so the
selection saves time without changing a score (``--no-select`` runs every test every time).

Exit status 1 when a module scores below ``--threshold`` (90 % by default).
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Module -> the tests that are meant to pin its behaviour.
TARGETS: dict[str, list[str]] = {
    "portal_auth/records/grading.py": ["tests/portal_auth/test_grading.py"],
    "portal_auth/desk/scheduling.py": [
        "tests/portal_auth/test_slots.py",
        "tests/portal_auth/test_request_pages.py",
    ],
    "portal_auth/schools/scoping.py": [
        "tests/portal_auth/test_scoping.py",
        "tests/portal_auth/test_permission_matrix.py",
        "tests/portal_auth/test_cross_school_guardian.py",
    ],
    "portal_auth/accounts/throttling.py": ["tests/portal_auth/test_throttling.py"],
    "media_pipeline/serving.py": [
        "tests/media_pipeline/test_serving.py",
        "tests/media_pipeline/test_shared_storage.py",  # object storage: signed redirects
    ],
    "media_pipeline/permissions.py": ["tests/catalog/test_media_ownership.py"],
    "media_pipeline/access.py": [
        "tests/catalog/test_original_access.py",
        "tests/catalog/test_media_access.py",
    ],
    "catalog/document_access.py": ["tests/catalog/test_document_access.py"],
    "portal_auth/accounts/throttle_store.py": [
        "tests/portal_auth/test_throttle_store.py",
        "tests/portal_auth/test_throttling.py",
    ],
    "portal_auth/desk/notifications.py": ["tests/portal_auth/test_notifications.py"],
}

SWAPS = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


@dataclass
class Mutant:
    index: int
    line: int
    description: str
    outcome: str = ""  # killed | survived | timeout | error
    seconds: float = 0.0
    diff: str = ""
    forked: bool = False  # run in a fork of the warm server (else in a process of its own)


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            if isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
                ids.add(id(body[0].value))
    return ids


def _annotation_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        for field in ("annotation", "returns"):
            annotation = getattr(node, field, None)
            if annotation is not None:
                ids.update(id(child) for child in ast.walk(annotation))
    return ids


Site = tuple[
    int, int, str, str, int
]  # node position in ast.walk order, sub-index, kind, text, line


def sites(tree: ast.AST) -> list[Site]:
    """Every place a mutation applies."""
    skip = _docstring_nodes(tree) | _annotation_nodes(tree)
    found = []
    for position, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in SWAPS:
                    new = SWAPS[type(op)].__name__
                    found.append(
                        (position, k, "compare", f"L{line}: {type(op).__name__} -> {new}", line)
                    )
        elif isinstance(node, ast.BoolOp):
            other = "or" if isinstance(node.op, ast.And) else "and"
            found.append((position, -1, "boolop", f"L{line}: and/or -> {other}", line))
            if len(node.values) > 1:
                for k in range(len(node.values)):
                    found.append((position, k, "drop", f"L{line}: drop operand {k + 1}", line))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((position, -1, "not", f"L{line}: remove 'not'", line))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
        ):
            found.append((position, 1, "const", f"L{line}: {node.value} -> {node.value + 1}", line))
            found.append(
                (position, -1, "const", f"L{line}: {node.value} -> {node.value - 1}", line)
            )
        elif isinstance(node, ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and node.value.value is None):
                found.append((position, -1, "return", f"L{line}: return ... -> return None", line))
    return found


def mutate(tree: ast.AST, site: Site) -> str:
    position, k, kind, _, _ = site
    tree = copy.deepcopy(tree)
    node = list(ast.walk(tree))[position]
    if kind == "compare":
        node.ops[k] = SWAPS[type(node.ops[k])]()
    elif kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "drop":
        del node.values[k]
        if len(node.values) == 1:  # a one-operand BoolOp is not valid: unwrap it
            for parent in ast.walk(tree):
                for field, value in ast.iter_fields(parent):
                    if value is node:
                        setattr(parent, field, node.values[0])
                    elif isinstance(value, list):
                        for i, item in enumerate(value):
                            if item is node:
                                value[i] = node.values[0]
    elif kind == "not":
        for parent in ast.walk(tree):
            for field, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, field, node.operand)
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if item is node:
                            value[i] = node.operand
    elif kind == "const":
        node.value = node.value + k
    elif kind == "return":
        node.value = None
    ast.fix_missing_locations(tree)
    return ast.unparse(tree)


def site_lines(tree: ast.AST, site: Site) -> set[int]:
    """The lines whose running means the mutated node may have run: its own and its statement's."""
    node = list(ast.walk(tree))[site[0]]
    lines = set(range(node.lineno, (getattr(node, "end_lineno", None) or node.lineno) + 1))
    for statement in ast.walk(tree):
        if not isinstance(statement, ast.stmt) or statement is node:
            continue
        start, end = statement.lineno, statement.end_lineno or statement.lineno
        if start <= node.lineno <= end:
            body = getattr(statement, "body", None)
            header_end = body[0].lineno - 1 if isinstance(body, list) and body else end
            if node.lineno <= header_end:  # the node is in the statement's own line(s)
                lines.update(range(start, header_end + 1))
    return lines


def private_copy() -> Path:
    """The tracked files of the checkout, copied; the virtualenv linked, not copied."""
    target = Path(tempfile.mkdtemp(prefix="maktaba-mutants-"))
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in files:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    # The test database lives in a file of the copy and is kept between runs (--reuse-db): only
    # the baseline run pays for the migrations. The checkout's settings are not touched.
    (target / "library" / "settings" / "mutation.py").write_text(
        "from .test import *  # noqa: F403\n\n"
        "if DATABASES['default']['ENGINE'].endswith('sqlite3'):  # noqa: F405\n"
        f"    DATABASES['default']['TEST'] = {{'NAME': {str(target / 'mutants.sqlite3')!r}}}  # noqa: F405\n"
    )
    return target


def run_tests(
    tree_dir: Path,
    tests: list[str],
    timeout: float,
    fresh_database: bool = False,
    record_lines_of: str = "",
) -> tuple[str, float, str]:
    """Runs ``tests`` in ``tree_dir``; with ``record_lines_of``, maps that module's lines to tests."""
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    database = "--create-db" if fresh_database else "--reuse-db"
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly"]
    if record_lines_of:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(tree_dir / "scripts"), env.get("PYTHONPATH", "")])
        )
        env["MUTATION_TARGET"] = str(tree_dir / record_lines_of)
        env["MUTATION_LINES"] = str(tree_dir / "mutation-lines.json")
        command += ["-p", "mutation_lines"]
    command += ["--ds=library.settings.mutation", database, *tests]
    try:
        result = subprocess.run(
            command,
            cwd=tree_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    seconds = time.monotonic() - started
    output = result.stdout[-3000:] + result.stderr[-3000:]
    if result.returncode == 0:
        return "survived", seconds, output
    if result.returncode in (1,):
        return "killed", seconds, output
    return (
        "error",
        seconds,
        output,
    )  # collection or import error: the mutant broke the module outright


class ForkServer:
    """``mutation_forkserver.py`` running in one private copy: a mutant per fork, no startup cost."""

    def __init__(self, tree_dir: Path, module: str, tests: list[str]) -> None:
        self.log = open(tree_dir / "forkserver.log", "w")  # noqa: SIM115 - closed in close()
        self.process = subprocess.Popen(
            [sys.executable, str(tree_dir / "scripts" / "mutation_forkserver.py"), module, *tests],
            cwd=tree_dir,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def run(self, site: int, tests: list[str], timeout: float, fresh: bool) -> tuple[str, float]:
        request = {"site": site, "tests": tests, "timeout": timeout, "fresh": fresh}
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            answer = self.process.stdout.readline()
        except (BrokenPipeError, OSError):
            answer = ""
        if not answer:
            return "unavailable", 0.0
        reply = json.loads(answer)
        return reply["outcome"], reply["seconds"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def mutation_test(module: str, tests: list[str], args) -> dict:
    source = (ROOT / module).read_text()
    tree = ast.parse(source)
    all_sites = sites(tree)
    chosen = list(enumerate(all_sites))
    if args.only:
        chosen = [pair for pair in chosen if pair[0] in args.only]
    if args.limit and len(chosen) > args.limit:
        chosen = sorted(random.Random(args.seed).sample(chosen, args.limit))
    tests = [test for test in tests if (ROOT / test).exists()]
    copies = [private_copy() for _ in range(max(1, args.jobs))]
    servers: list[ForkServer | None] = [None] * len(copies)
    try:
        for slot, tree_dir in enumerate(copies):  # each copy builds its database once
            baseline, seconds, output = run_tests(
                tree_dir,
                tests,
                args.timeout * 10,
                fresh_database=True,
                record_lines_of=module if slot == 0 and args.select else "",
            )
            if baseline != "survived":
                raise SystemExit(
                    f"{output}\n{module}: the unmutated tests do not pass ({baseline}); fix that first"
                )
        timeout = max(args.timeout, seconds * 3)
        if args.fork:
            for slot, tree_dir in enumerate(copies):
                server = ForkServer(tree_dir, module, tests)
                # The unmutated tests must pass in a fork too, or the fork cannot be trusted.
                outcome, _ = server.run(-1, tests, args.timeout * 10, False)
                if outcome == "survived":
                    servers[slot] = server
                else:
                    server.close()
                    print(
                        f"  (fork server of copy {slot} unusable: {outcome}; one process per run)"
                    )
        lines_run: dict[int, list[str]] = {}
        if args.select:
            recorded = json.loads((copies[0] / "mutation-lines.json").read_text())
            lines_run = {int(line): names for line, names in recorded.items()}

        def chosen_tests(site: Site) -> list[str]:
            return sorted(
                {name for line in site_lines(tree, site) for name in lines_run.get(line, [])}
            )

        mutants = [Mutant(index, site[4], site[3]) for index, site in chosen]

        def run_one(slot_and_mutant):
            slot, (mutant, site) = slot_and_mutant
            tree_dir = copies[slot]
            mutated = mutate(tree, site)
            first = chosen_tests(site)
            server = servers[slot]
            if server is not None:
                # A fork of the warm server; only a clean pass or fail is taken from it: anything
                # else (a mutant it cannot place, an error, a timeout) is run again the slow way.
                outcome, seconds = server.run(mutant.index, first or tests, timeout, stale[slot])
                if outcome == "survived" and first:
                    outcome, more = server.run(mutant.index, tests, timeout, False)
                    seconds += more
                if outcome in ("killed", "survived"):
                    mutant.outcome, mutant.seconds = outcome, seconds
                    stale[slot] = False
                    mutant.forked = True
                    return _with_diff(mutant, mutated)
            (tree_dir / module).write_text(mutated)
            try:
                mutant.outcome, mutant.seconds, _ = run_tests(
                    tree_dir, first or tests, timeout, fresh_database=stale[slot]
                )
                if first and mutant.outcome == "survived":  # not killed by its own tests: all
                    stale[slot] = False
                    mutant.outcome, seconds, _ = run_tests(tree_dir, tests, timeout)
                    mutant.seconds += seconds
            finally:
                (tree_dir / module).write_text(source)
            # A run cut off by the timeout may leave rows behind: the next one rebuilds the database.
            stale[slot] = mutant.outcome == "timeout"
            return _with_diff(mutant, mutated)

        def _with_diff(mutant: Mutant, mutated: str) -> Mutant:
            if mutant.outcome == "survived":
                mutant.diff = "".join(
                    difflib.unified_diff(
                        normalized.splitlines(keepends=True),
                        mutated.splitlines(keepends=True),
                        module,
                        f"{module} (mutant {mutant.index})",
                        n=1,
                    )
                )
            return mutant

        normalized = ast.unparse(tree)
        stale = [False] * len(copies)

        work = list(zip(mutants, [site for _, site in chosen], strict=True))
        results: list[Mutant] = []

        # One mutant per private copy at a time: slot i takes items i, i+jobs, i+2·jobs, ...
        def lane(slot: int) -> list[Mutant]:
            done = []
            for item in work[slot :: len(copies)]:
                done.append(run_one((slot, item)))
                mark = {"killed": ".", "survived": "S", "timeout": "T", "error": "E"}[
                    done[-1].outcome
                ]
                print(mark, end="", flush=True)
                if done[-1].outcome == "survived":  # at once: a long run cut short still tells
                    print(f" #{done[-1].index} {done[-1].description} ", end="", flush=True)
            return done

        with ThreadPoolExecutor(len(copies)) as pool:
            for done in pool.map(lane, range(len(copies))):
                results.extend(done)
        print()
    finally:
        for server in servers:
            if server is not None:
                server.close()
        for tree_dir in copies:
            shutil.rmtree(tree_dir, ignore_errors=True)
    results.sort(key=lambda m: m.index)
    killed = sum(m.outcome in ("killed", "timeout", "error") for m in results)
    score = killed / len(results) if results else 1.0
    return {
        "module": module,
        "tests": tests,
        "sites": len(all_sites),
        "mutants": len(results),
        "killed": killed,
        "score": round(score, 4),
        "forked": sum(m.forked for m in results),
        "survivors": [asdict(m) for m in results if m.outcome == "survived"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all TARGETS)")
    parser.add_argument("--tests", action="append", help="test files (default: from TARGETS)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run side by side")
    parser.add_argument("--limit", type=int, default=0, help="sample this many mutants per module")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per mutant run")
    parser.add_argument("--threshold", type=float, default=0.90)
    parser.add_argument("--json", type=Path, help="write the full report here")
    parser.add_argument("--diff", action="store_true", help="print each survivor's change")
    parser.add_argument("--only", type=int, action="append", help="run only this mutant index")
    parser.add_argument(
        "--no-fork",
        dest="fork",
        action="store_false",
        help="start pytest afresh for every mutant (by default a warm server forks for each)",
    )
    parser.add_argument(
        "--no-select",
        dest="select",
        action="store_false",
        help="run every test for every mutant (by default a mutant first runs the tests of its lines)",
    )
    args = parser.parse_args()
    modules = args.modules or list(TARGETS)
    reports = []
    for module in modules:
        tests = args.tests or TARGETS.get(module)
        if not tests:
            parser.error(f"no tests known for {module}: pass --tests")
        print(f"{module} ({', '.join(tests)})")
        report = mutation_test(module, tests, args)
        reports.append(report)
        print(
            f"  {report['killed']}/{report['mutants']} killed = {report['score']:.1%}"
            f" ({report['forked']} in a fork of the warm server)"
        )
        for survivor in report["survivors"]:
            print(f"  survived: #{survivor['index']} {survivor['description']}")
            if args.diff:
                print("    " + survivor["diff"].rstrip("\n").replace("\n", "\n    "))
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2, ensure_ascii=False))
    return 0 if all(r["score"] >= args.threshold for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
