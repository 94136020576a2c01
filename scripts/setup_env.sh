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
if [ "${MAKTABA_WITH_NGINX:-0}" = "1" ]; then
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
fi
if [ "${MAKTABA_WITH_KANNEL:-0}" = "1" ]; then
  # The SMS gateway and its fake operator (kannel-extras' fakesmsc) for tests/library/sms.
  command -v bearerbox >/dev/null 2>&1 || [ -x /usr/sbin/bearerbox ] || need_apt+=(kannel)
  [ -x /usr/lib/kannel/test/fakesmsc ] || need_apt+=(kannel-extras)
fi
command -v gettext >/dev/null 2>&1 || need_apt+=(gettext)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need_apt+=(fonts-noto-core)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d: a package must not start the system's own services (nginx on port 80).
  own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  installed=0
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null && installed=1
  [ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  [ $installed = 1 ] || { echo "setup_env: apt-get install ${need_apt[*]} failed" >&2; exit 1; }
fi

if [ "${MAKTABA_WITH_BROWSER:-0}" = "1" ]; then
  # axe-core, which the browser journeys inject into Chromium (tests/browser/axe.py).
  AXE_VERSION=4.11.0
  if [ ! -f var/node/node_modules/axe-core/axe.min.js ] ||
    ! grep -q "\"version\": \"$AXE_VERSION\"" var/node/node_modules/axe-core/package.json; then
    if command -v npm >/dev/null 2>&1; then
      npm install --silent --no-audit --no-fund --no-save --prefix var/node "axe-core@$AXE_VERSION"
    else
      echo "setup_env: npm is missing, so axe-core is not installed and the browser journeys" \
        "will fail: apt-get install npm (or set MAKTABA_AXE to an axe.min.js)" >&2
    fi
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
