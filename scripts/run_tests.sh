#!/usr/bin/env bash
# Sets up everything the tests need (system packages, virtualenv) and runs the whole test suite.
# MAKTABA_TEST_DATABASE=postgres runs it on PostgreSQL at 127.0.0.1:5432 instead of SQLite.
# Extra arguments go to pytest (e.g. -k newton, or tests/catalog).
set -euo pipefail
cd "$(dirname "$0")/.."
MAKTABA_WITH_BROWSER=1 MAKTABA_WITH_EPUBCHECK=1 MAKTABA_WITH_NGINX=1 MAKTABA_WITH_KANNEL=1 \
  ./scripts/setup_env.sh

# PostgreSQL and Redis (the RQ worker tests use Redis on both databases' runs).
if [ "${MAKTABA_TEST_DATABASE:-sqlite}" = "postgres" ]; then
  ./scripts/start_services.sh
else
  ./scripts/start_services.sh || echo "PostgreSQL is not running: fine for the SQLite run" >&2
fi

# pytest exits 5 when it collects no test: that is a failure here, as any other non-zero code.
.venv/bin/python -m pytest "$@"
if [ -d tests/search_conformance ] && [ $# -eq 0 ]; then
  .venv/bin/python -m pytest -p no:cacheprovider --ds=tests.search_conformance.settings \
    tests/search_conformance -q
fi
