#!/usr/bin/env bash
# Starts PostgreSQL and Redis on this machine if they are not answering (Debian packages).
set -uo pipefail
if command -v redis-server >/dev/null 2>&1 && ! (redis-cli -h 127.0.0.1 ping 2>/dev/null | grep -q PONG); then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running at 127.0.0.1:5432" >&2; exit 1; }
exit 0
