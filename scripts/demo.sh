#!/usr/bin/env bash
# Sets up and starts the demo on SQLite: migrations, demo data, the web server, a task worker and the
# scheduler of periodic work.
# Open http://127.0.0.1:8000/ (admin at /admin/, accounts printed below). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup_env.sh
export DJANGO_SETTINGS_MODULE=library.settings.dev
# Absolute links (e-book, PDF, API, slips, e-mails) point where the demo runs.
export MAKTABA_PUBLIC_ORIGIN="${MAKTABA_PUBLIC_ORIGIN:-http://${MAKTABA_DEMO_ADDR:-127.0.0.1:8000}}"
PY=.venv/bin/python
$PY manage.py migrate --noinput
$PY manage.py compilemessages --ignore=.venv >/dev/null 2>&1 || true
$PY manage.py load_demo_data
$PY manage.py load_portal_demo_data
$PY manage.py load_portal_records_demo
$PY manage.py db_worker --queue-name '*' &
WORKER=$!
$PY manage.py maktaba_scheduler &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null' EXIT
$PY manage.py runserver "${MAKTABA_DEMO_ADDR:-127.0.0.1:8000}"
