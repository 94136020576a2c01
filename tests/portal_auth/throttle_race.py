"""Many processes fire one wrong sign-in each at the same instant; prints what they were told.

``python -m tests.portal_auth.throttle_race PROCESSES IDENTIFIER [--create-table]`` with
``DJANGO_SETTINGS_MODULE=tests.portal_auth.throttle_race_settings``. Django is set up once, then
``PROCESSES`` forked processes each open their own database and cache connections, wait behind a
barrier, and go through ``AttemptGuard`` exactly as the sign-in view does: ``blocked()``, then
``failed()`` (every attempt is wrong). Each comes from its own address and browser, so only the
account bucket can stop them. The last line of output is JSON: ``{"checked": n, "refused": m}``.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import traceback

import django


def _create_counter_table() -> None:
    from django.apps import apps
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.create_model(apps.get_model("portal_auth", "ThrottleCounter"))


def _attempt(n: int, identifier: str, barrier, results) -> None:
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory

    from portal_auth.accounts.throttling import AttemptGuard

    try:
        request = RequestFactory().post("/", REMOTE_ADDR=f"10.{n // 250}.{n % 250}.1")
        guard = AttemptGuard(request, "login", identifier)
        connection.ensure_connection()  # connections are open before the start signal
        cache.get("maktaba:throttle:warm-up")
        barrier.wait(timeout=60)
        if guard.blocked():
            results.put("refused")
        else:
            guard.failed()
            results.put("checked")
    except Exception:
        results.put("error: " + traceback.format_exc())
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    processes, identifier = int(argv[0]), argv[1]
    django.setup()
    if "--create-table" in argv:
        _create_counter_table()
    from django.db import connections

    connections.close_all()  # nothing open is shared with the forked processes
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [
        context.Process(target=_attempt, args=(n, identifier, barrier, results))
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    errors = [o for o in outcomes if o.startswith("error")]
    for error in errors:
        print(error, file=sys.stderr)
    print(json.dumps({k: outcomes.count(k) for k in ("checked", "refused")}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
