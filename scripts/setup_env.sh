#!/usr/bin/env bash
# Installs what Maktaba needs on a fresh Debian machine: system packages and a virtualenv.
# Idempotent: safe to run again. Used by README's two commands and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v ffmpeg >/dev/null 2>&1 || need_apt+=(ffmpeg)
if [ "${MAKTABA_WITH_BROWSER:-0}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi
command -v epubcheck >/dev/null 2>&1 || { [ "${MAKTABA_WITH_EPUBCHECK:-0}" = "1" ] && need_apt+=(epubcheck); } || true
command -v gettext >/dev/null 2>&1 || need_apt+=(gettext)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need_apt+=(fonts-noto-core)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
