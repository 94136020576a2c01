"""A warm process for ``mutation_test.py``: Django and the tests imported once, a fork per mutant.

Starting pytest costs tens of seconds on a loaded machine (Django, Wagtail, the URLconf, the test
modules), far more than the few tests that kill most mutants. This server, started in the private
copy of the tree, collects the module's tests once; then for each mutant it forks, puts the mutant
into the child's memory and runs pytest there. The checkout and the copy's files are untouched, and
the server itself never runs a mutant.

The mutant goes into memory by replacing what its top-level statement defines *in place*, so every
reference other modules hold sees it: a function's (or a method's) code and default values, or the
value a module-level assignment binds. Classes and other objects keep their identity (an
``isinstance`` or ``except`` elsewhere still matches). A mutant that cannot be placed this way (in
a decorator, a class attribute, module-level control flow, ...) is answered ``unplaceable`` and the
caller runs it the slow way, from a mutated file in a fresh process.

Protocol: one JSON object per line on stdin, ``{"site": n, "tests": [...], "timeout": s,
"fresh": bool}`` (``site`` -1 for the unmutated module); one line back on the original stdout,
``{"outcome": "killed" | "survived" | "timeout" | "error" | "unplaceable", "seconds": s}``.
"""

from __future__ import annotations
import __future__

import ast
import json
import os
import signal
import sys
import time
import types
from pathlib import Path

import mutation_test  # scripts/ is on sys.path: this file is run as a script from there


def _unwrap(obj):
    if isinstance(obj, (staticmethod, classmethod)):
        obj = obj.__func__
    while hasattr(obj, "__wrapped__"):
        obj = obj.__wrapped__
    return obj if isinstance(obj, types.FunctionType) else None


def _patch_function(old, new) -> bool:
    old, new = _unwrap(old), _unwrap(new)
    if old is None or new is None or old.__code__.co_freevars != new.__code__.co_freevars:
        return False
    old.__code__ = new.__code__
    old.__defaults__ = new.__defaults__
    old.__kwdefaults__ = new.__kwdefaults__
    return True


def _contains(statement: ast.AST, node: ast.AST) -> bool:
    return any(child is node for child in ast.walk(statement))


def _in_decorators(statement, node) -> bool:
    return any(_contains(decorator, node) for decorator in statement.decorator_list)


def place(module: types.ModuleType, tree: ast.Module, site: mutation_test.Site) -> bool:
    """Puts the mutant of ``site`` into ``module``'s objects; False when it cannot be placed."""
    node = list(ast.walk(tree))[site[0]]
    index = next(i for i, statement in enumerate(tree.body) if _contains(statement, node))
    mutated = ast.parse(mutation_test.mutate(tree, site))
    original, statement = tree.body[index], mutated.body[index]
    flags = 0
    if "annotations" in module.__dict__ and module.annotations is __future__.annotations:
        flags = __future__.annotations.compiler_flag
    namespace = dict(module.__dict__)
    code = compile(ast.Module([statement], []), module.__file__, "exec", flags, dont_inherit=True)
    exec(code, namespace)  # noqa: S102 - the mutant of one statement, in a scratch namespace

    if isinstance(original, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if _in_decorators(original, node):
            return False
        return _patch_function(module.__dict__[original.name], namespace[original.name])
    if isinstance(original, ast.ClassDef):
        if _in_decorators(original, node):
            return False
        old_class, new_class = module.__dict__[original.name], namespace[original.name]
        for member, new_member in zip(original.body, statement.body, strict=True):
            if not _contains(member, node):
                continue
            if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if _in_decorators(member, node):
                    return False
                old_value = old_class.__dict__[member.name]
                new_value = new_class.__dict__[new_member.name]
                if isinstance(old_value, property):
                    return all(
                        _patch_function(getattr(old_value, part), getattr(new_value, part))
                        for part in ("fget", "fset", "fdel")
                        if getattr(old_value, part) is not None
                    )
                return _patch_function(old_value, new_value)
            return False  # a class attribute: its readers may have copied it
        return False
    if isinstance(original, (ast.Assign, ast.AnnAssign)):
        targets = original.targets if isinstance(original, ast.Assign) else [original.target]
        if not all(isinstance(target, ast.Name) for target in targets):
            return False
        for target in targets:
            module.__dict__[target.id] = namespace[target.id]
        return True
    return False


def _child(module_name, tree, site_index, tests, fresh, log) -> None:
    """In the forked child: place the mutant, run the tests, exit with pytest's status."""
    status = 3
    try:
        output = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(output, 1)
        os.dup2(output, 2)
        if site_index >= 0:
            module = sys.modules[module_name]
            if not place(module, tree, mutation_test.sites(tree)[site_index]):
                os._exit(100)
        import pytest

        database = "--create-db" if fresh else "--reuse-db"
        status = int(
            pytest.main(
                [
                    "-x",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "--ds=library.settings.mutation",
                    database,
                    *tests,
                ]
            )
        )
    except BaseException:  # noqa: BLE001 - whatever happened, the child must not go on
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def serve(module_path: str, warm_tests: list[str]) -> None:
    sys.path.insert(1, os.getcwd())  # the copy's root: its settings and apps
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever Django or pytest print goes to stderr, not into the replies
    import pytest

    if pytest.main(
        ["--co", "-q", "-p", "no:cacheprovider", "--ds=library.settings.mutation", *warm_tests]
    ) not in (0, 5):
        raise SystemExit("collecting the tests failed")
    from django.db import connections

    connections.close_all()  # a child must not share the parent's connection
    module_name = module_path.removesuffix(".py").replace("/", ".")
    __import__(module_name)
    tree = ast.parse(Path(module_path).read_text())
    log = str(Path.cwd() / "mutant-run.log")
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            _child(module_name, tree, request["site"], request["tests"], request["fresh"], log)
        deadline = started + request["timeout"]
        outcome = ""
        while not outcome:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                outcome = {0: "survived", 1: "killed", 100: "unplaceable"}.get(code, "error")
            elif time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                outcome = "timeout"
            else:
                time.sleep(0.05)
        reply.write(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started}) + "\n")


if __name__ == "__main__":
    serve(sys.argv[1], sys.argv[2:])
