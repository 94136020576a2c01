#!/usr/bin/env bash
# The production stack on this one machine, as deploy/ describes it, with library.settings.production:
# a PostgreSQL database, migrations, collectstatic, gunicorn (2+ workers) behind Debian's nginx on a
# loopback port, RQ workers for every queue on the machine's Redis, and the scheduler when the
# project has one. Every process it starts has a pid file and a log in the run directory.
#
#   ./scripts/production_stack.sh up       # idempotent: starts what is not running
#   ./scripts/production_stack.sh status   # what runs (exit 0 only when everything does)
#   ./scripts/production_stack.sh config   # writes the environment file and nginx.conf only
#   ./scripts/production_stack.sh down [--purge]   # stops what it started; --purge also drops
#                                                  # the database, the Redis database and the run dir
#
# Environment (defaults in brackets):
#   MAKTABA_STACK_DIR [var/stack]        run directory: env, nginx.conf, pids, logs, media, static
#   MAKTABA_STACK_PORT [18080]           nginx listens on 127.0.0.1:PORT
#   MAKTABA_STACK_DB [maktaba_web]       PostgreSQL database (created when missing)
#   MAKTABA_STACK_PG [postgres://postgres@127.0.0.1:5432]
#   MAKTABA_STACK_REDIS [redis://127.0.0.1:6379]   MAKTABA_STACK_REDIS_DB [6]
#   MAKTABA_STACK_WEB_WORKERS [2]        gunicorn workers (at least 2)
#   MAKTABA_STACK_RQ_WORKERS [2]         RQ workers, each on queues default media search mail
#   MAKTABA_STACK_SET_<NAME>=value       adds NAME=value to the stack's environment file
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python

COMMAND=${1:-}
RUN=${MAKTABA_STACK_DIR:-$ROOT/var/stack}
PORT=${MAKTABA_STACK_PORT:-18080}
DB=${MAKTABA_STACK_DB:-maktaba_web}
PG=${MAKTABA_STACK_PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${MAKTABA_STACK_REDIS:-redis://127.0.0.1:6379}
REDIS_DB=${MAKTABA_STACK_REDIS_DB:-6}
WEB_WORKERS=${MAKTABA_STACK_WEB_WORKERS:-2}
RQ_WORKERS=${MAKTABA_STACK_RQ_WORKERS:-2}
QUEUES=(default media search mail)

die() { echo "production_stack: $*" >&2; exit 1; }
say() { echo "production_stack: $*"; }

[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "MAKTABA_STACK_DB=$DB: use lower-case letters, digits and _"
[[ $PORT =~ ^[0-9]+$ ]] || die "MAKTABA_STACK_PORT=$PORT is not a port number"
[[ $REDIS_DB =~ ^[0-9]+$ ]] || die "MAKTABA_STACK_REDIS_DB=$REDIS_DB is not a Redis database number"
[ "$WEB_WORKERS" -ge 2 ] 2>/dev/null || die "MAKTABA_STACK_WEB_WORKERS must be 2 or more"
[ "$RQ_WORKERS" -ge 1 ] 2>/dev/null || die "MAKTABA_STACK_RQ_WORKERS must be 1 or more"

mkdir -p "$RUN"
RUN=$(cd "$RUN" && pwd)
LOG=$RUN/log
PIDS=$RUN/pids
ENV_FILE=$RUN/maktaba.env
NGINX_DIR=$RUN/nginx
SOCKET=$RUN/gunicorn.sock
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# --- processes ------------------------------------------------------------------------------

pid_of() { [ -s "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid" || true; }

alive() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

children_of() {  # the pids whose parent is $1 (gunicorn's workers, nginx's workers)
  pgrep -P "$1" | sort -n | tr '\n' ' '
}

stop() {  # stop SIGNAL SECONDS NAME...: signal them all, wait, SIGKILL what is left
  local signal=$1 wait_s=$2 name pid
  shift 2
  local pids=()
  for name in "$@"; do
    pid=$(pid_of "$name")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -s "$signal" "$pid" 2>/dev/null || true
      pids+=("$pid")
      say "stopping $name (pid $pid)"
    fi
  done
  for _ in $(seq 1 $((wait_s * 10))); do
    local left=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
    [ $left = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      say "pid $pid did not stop in ${wait_s}s: killing it"
      kill -s KILL "$pid" 2>/dev/null || true
    fi
  done
  for name in "$@"; do  # what a supervisor killed above left running
    pid=$( [ -s "$PIDS/$name.main.pid" ] && cat "$PIDS/$name.main.pid" || true)
    [ -n "$pid" ] && kill -s KILL "$pid" 2>/dev/null || true
    rm -f "$PIDS/$name.pid" "$PIDS/$name.main.pid"
  done
}

start_background() {  # start_background NAME COMMAND...: detached, logged, pid recorded
  local name=$1
  shift
  if alive "$name"; then
    say "$name already running (pid $(pid_of "$name"))"
    return
  fi
  # setsid: its own session, so that nothing the caller does to its process group reaches it.
  setsid "$@" </dev/null >>"$LOG/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
  say "started $name (pid $!), log $LOG/$name.log"
}

start_supervised() {  # start_supervised NAME COMMAND...: like start_background, restarted when it exits
  # What systemd's Restart=always does for the units in deploy/systemd: an RQ worker quits when
  # Redis goes away in the middle of a job, a worker may be killed; it comes back 2 s later.
  # PIDS/NAME.pid is the supervisor (stop it with TERM: it passes TERM on and waits),
  # PIDS/NAME.main.pid the process it runs now.
  local name=$1
  shift
  if alive "$name"; then
    say "$name already running (pid $(pid_of "$name"))"
    return
  fi
  setsid bash -c '
    main_pid=$1 name=$2
    shift 2
    stopping=0 child=
    trap '\''stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null'\'' TERM INT
    while :; do
      "$@" &
      child=$!
      echo "$child" >"$main_pid"
      status=0
      while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
      [ $stopping = 1 ] && break
      echo "production_stack: $name (pid $child) exited with status $status at $(date -u +%FT%TZ): restarting it in 2 s"
      sleep 2
      [ $stopping = 1 ] && break
    done
    rm -f "$main_pid"
  ' supervise "$PIDS/$name.main.pid" "$name" "$@" </dev/null >>"$LOG/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
  say "started $name (supervisor pid $!), log $LOG/$name.log"
}

has_scheduler() { "$PY" manage.py help maktaba_scheduler >/dev/null 2>&1; }

# --- configuration ----------------------------------------------------------------------------

write_env() {
  [ -s "$RUN/secret_key" ] || (umask 077 && "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$RUN/secret_key")
  cat >"$ENV_FILE" <<EOF
DJANGO_SETTINGS_MODULE=library.settings.production
SECRET_KEY=$(cat "$RUN/secret_key")
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT,http://localhost:$PORT
MAKTABA_PUBLIC_ORIGIN=http://127.0.0.1:$PORT
DATABASE_URL=$PG/$DB
MEDIA_ROOT=$RUN/media
MEDIA_URL=/media/
STATIC_ROOT=$RUN/static
SEARCH_INDEX_DIR=$RUN/search_index
TASKS_BACKEND=rq
REDIS_URL=$REDIS/$REDIS_DB
X_ACCEL_REDIRECT_PREFIX=/protected-media/
TRUSTED_PROXY_COUNT=1
SECURE_SSL_REDIRECT=0
INSECURE_COOKIES=1
SECURE_HSTS_SECONDS=0
DEFAULT_FROM_EMAIL=maktaba@localhost
EOF
  # MAKTABA_STACK_SET_NAME=value adds NAME=value (a test's fast media clock, a mail server...).
  env | sed -n 's/^MAKTABA_STACK_SET_//p' >>"$ENV_FILE"
}

load_env() {
  [ -s "$ENV_FILE" ] || write_env
  set -a
  # shellcheck disable=SC1090
  . "$ENV_FILE"
  set +a
}

write_nginx_conf() {
  mkdir -p "$NGINX_DIR/tmp"
  local user_line=""
  if [ "$(id -u)" = 0 ]; then
    # nginx's workers drop root; they only read static and media files and the socket, so they
    # must be able to traverse every directory down to the run directory.
    if runuser -u www-data -- test -x "$RUN" 2>/dev/null; then
      user_line="user www-data;"
      chown www-data "$NGINX_DIR/tmp"
    else
      user_line="user root;"  # without a user line, nginx's workers would become nobody
      say "www-data cannot reach $RUN (a parent directory is closed to other users):" \
        "nginx's workers keep root's rights for this stack." \
        "Set MAKTABA_STACK_DIR to a directory www-data can reach to have them drop to www-data."
    fi
  fi
  sed -e "s|@LISTEN@|127.0.0.1:$PORT|" \
    -e "s|@SERVER_NAME@|127.0.0.1 localhost|" \
    -e "s|@UPSTREAM@|unix:$SOCKET|" \
    -e "s|@STATIC_ROOT@|$STATIC_ROOT|g" \
    -e "s|@MEDIA_ROOT@|$MEDIA_ROOT|g" \
    deploy/nginx/maktaba.conf >"$NGINX_DIR/maktaba.conf"
  cat >"$NGINX_DIR/nginx.conf" <<EOF
# Generated by scripts/production_stack.sh: Debian's nginx with deploy/nginx/maktaba.conf.
$user_line
worker_processes 2;
pid $PIDS/nginx.pid;
error_log $LOG/nginx-error.log warn;
events { worker_connections 512; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $LOG/nginx-access.log;
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30;
    gzip on;
    gzip_vary on;
    gzip_types text/css application/javascript application/json image/svg+xml;
    include $NGINX_DIR/maktaba.conf;
}
EOF
}

# --- steps of "up" ---------------------------------------------------------------------------

install_packages() {
  MAKTABA_WITH_NGINX=1 ./scripts/setup_env.sh
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$NGINX" ] || die "nginx is not installed: run as root, or apt-get install nginx"
  if ! command -v psql >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || die "missing psql: run as root, or apt-get install postgresql-client"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client \
      >/dev/null || die "apt-get install postgresql-client failed"
  fi
  ./scripts/start_services.sh
  "$PY" -c "import gunicorn" 2>/dev/null || die "gunicorn is not installed in .venv (requirements.txt)"
}

create_database() {
  if psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    return
  fi
  psql "$PG/postgres" -q -c "CREATE DATABASE $DB ENCODING 'UTF8' TEMPLATE template0"
  say "created database $DB"
}

wait_for_http() {  # wait_for_http URL SECONDS
  for _ in $(seq 1 $(($2 * 4))); do
    if "$PY" - "$1" <<'EOF' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=5)
EOF
    sleep 0.25
  done
  return 1
}

start_gunicorn() {
  if alive gunicorn; then
    kill -HUP "$(pid_of gunicorn)"  # new workers load the code and environment as they are now
    say "gunicorn already running (pid $(pid_of gunicorn)): workers reloaded"
    return
  fi
  rm -f "$SOCKET"
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
    --bind "unix:$SOCKET" --workers "$WEB_WORKERS" --pid "$PIDS/gunicorn.pid" --daemon \
    --access-logfile "$LOG/gunicorn-access.log" --error-logfile "$LOG/gunicorn.log" \
    --capture-output library.wsgi:application </dev/null >>"$LOG/gunicorn.log" 2>&1
  for _ in $(seq 1 120); do [ -S "$SOCKET" ] && alive gunicorn && break; sleep 0.25; done
  alive gunicorn && [ -S "$SOCKET" ] || { tail -n 30 "$LOG/gunicorn.log" >&2; die "gunicorn did not start"; }
  say "started gunicorn (pid $(pid_of gunicorn), $WEB_WORKERS workers), log $LOG/gunicorn.log"
}

start_nginx() {
  write_nginx_conf
  "$NGINX" -t -q -p "$NGINX_DIR" -e "$LOG/nginx-error.log" -c "$NGINX_DIR/nginx.conf" ||
    die "nginx refuses $NGINX_DIR/nginx.conf (see above)"
  if alive nginx; then
    kill -HUP "$(pid_of nginx)"
    say "nginx already running (pid $(pid_of nginx)): configuration reloaded"
    return
  fi
  "$NGINX" -p "$NGINX_DIR" -e "$LOG/nginx-error.log" -c "$NGINX_DIR/nginx.conf" </dev/null \
    >>"$LOG/nginx-error.log" 2>&1 || die "nginx did not start: $LOG/nginx-error.log"
  for _ in $(seq 1 40); do alive nginx && break; sleep 0.25; done
  alive nginx || die "nginx did not start: $LOG/nginx-error.log"
  say "started nginx (pid $(pid_of nginx)) on http://127.0.0.1:$PORT/, log $LOG/nginx-access.log"
}

up() {
  install_packages
  mkdir -p "$LOG" "$PIDS"
  write_env
  load_env
  mkdir -p "$MEDIA_ROOT" "$STATIC_ROOT" "$SEARCH_INDEX_DIR"
  umask 022
  create_database
  "$PY" manage.py migrate --no-input -v 0
  "$PY" manage.py collectstatic --no-input -v 0
  "$PY" manage.py setup_library --hostname 127.0.0.1 --port "$PORT" >/dev/null
  start_gunicorn
  local i
  for i in $(seq 1 "$RQ_WORKERS"); do
    # RQ names the workers itself: a fixed name is refused for minutes after a crash.
    # --with-scheduler: deferred retries are enqueued by whichever worker holds RQ's lock.
    start_supervised "rqworker-$i" "$PY" manage.py rqworker --with-scheduler \
      --job-class django_tasks_rq.Job "${QUEUES[@]}"
  done
  if has_scheduler; then
    start_supervised scheduler "$PY" manage.py maktaba_scheduler
  else
    say "no maktaba_scheduler command in this checkout: no scheduler started"
  fi
  start_nginx
  wait_for_http "http://127.0.0.1:$PORT/" 60 || die "http://127.0.0.1:$PORT/ does not answer (logs in $LOG)"
  say "up: http://127.0.0.1:$PORT/ (run directory $RUN)"
}

rq_worker_names() { (cd "$PIDS" 2>/dev/null && ls 2>/dev/null | sed -n 's/^\(rqworker-[0-9]*\)\.pid$/\1/p') || true; }

down() {
  stop QUIT 20 nginx
  # RQ's warm shutdown: a running job finishes first (media jobs are requeued if killed).
  # shellcheck disable=SC2046
  stop TERM 60 scheduler $(rq_worker_names)
  stop TERM 40 gunicorn
  rm -f "$SOCKET"
  if [ "${1:-}" = "--purge" ]; then
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
    "$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS/$REDIS_DB" || true
    rm -rf "$RUN"
    say "purged database $DB, Redis database $REDIS_DB and $RUN"
  fi
  say "down"
}

status() {
  local ok=0 name pid
  for name in gunicorn nginx $(rq_worker_names) scheduler; do
    pid=$(pid_of "$name")
    if alive "$name"; then
      case $name in
        gunicorn | nginx) echo "$name: running (pid $pid; workers $(children_of "$pid"))" ;;
        *)
          if [ -s "$PIDS/$name.main.pid" ] && kill -0 "$(cat "$PIDS/$name.main.pid")" 2>/dev/null; then
            echo "$name: running (pid $(cat "$PIDS/$name.main.pid"), supervisor $pid)"
          else
            echo "$name: restarting (supervisor $pid)"
            ok=3
          fi
          ;;
      esac
    elif [ "$name" = scheduler ] && [ -z "$pid" ] && ! has_scheduler; then
      echo "scheduler: none (no maktaba_scheduler command)"
    else
      echo "$name: stopped"
      ok=3
    fi
  done
  [ -n "$(rq_worker_names)" ] || { echo "rqworker: stopped"; ok=3; }
  echo "run directory: $RUN; nginx on http://127.0.0.1:$PORT/"
  return $ok
}

config() {  # writes the environment file and nginx's configuration, starts nothing
  mkdir -p "$LOG" "$PIDS"
  write_env
  load_env
  write_nginx_conf
  say "configuration written: $ENV_FILE, $NGINX_DIR/nginx.conf"
}

case $COMMAND in
  up) up ;;
  config) config ;;
  down) down "${2:-}" ;;
  status) status ;;
  *) die "usage: $0 up|down [--purge]|status|config" ;;
esac
